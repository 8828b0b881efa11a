package io.aurora.privacy;

/**
 * The privacy cost of one or more releases: a pure ε-DP part and a ρ-zCDP part, composed by adding
 * each part (sequential composition), and converted to one (ε, δ) guarantee only at the end.
 *
 * <p>Conversion of ρ-zCDP to (ε, δ)-DP takes the smaller of two valid bounds: the standard
 * ε = ρ + 2·sqrt(ρ·ln(1/δ)) (Bun, Steinke 2016, Prop. 1.3) and the tighter
 * ε = inf over α &gt; 1 of αρ + (ln(1/δ) + (α−1)·ln(1−1/α) − ln α)/(α−1)
 * (Canonne, Kamath, Steinke 2020, Corollary 13), the infimum searched numerically; every α gives a
 * valid bound, so a search that misses the exact minimum is only slightly loose, never unsafe. A
 * mixed cost takes the smaller of ε_pure + ε(ρ) and ε(ρ + ε_pure²/2), as ε-DP implies (ε²/2)-zCDP.
 */
public record PrivacyCost(double epsilon, double rho) {
  public static final PrivacyCost ZERO = new PrivacyCost(0, 0);

  public PrivacyCost {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon) || !(rho >= 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("privacy cost must be finite and non-negative: epsilon=" + epsilon + " rho=" + rho);
    }
  }

  /** Pure ε-DP. */
  public static PrivacyCost pure(double epsilon) {
    return new PrivacyCost(epsilon, 0);
  }

  /** ρ-zero-concentrated DP. */
  public static PrivacyCost zeroConcentrated(double rho) {
    return new PrivacyCost(0, rho);
  }

  /** Sequential composition. */
  public PrivacyCost plus(PrivacyCost other) {
    return new PrivacyCost(epsilon + other.epsilon, rho + other.rho);
  }

  /** True when there is a zCDP part, so the guarantee needs a δ &gt; 0. */
  public boolean needsDelta() {
    return rho > 0;
  }

  /** The ε of the (ε, δ)-DP guarantee this cost implies (δ ignored when there is no zCDP part). */
  public double epsilonAt(double delta) {
    if (rho == 0) {
      return epsilon;
    }
    double separate = epsilon + epsilonOfRho(rho, delta);
    double merged = epsilonOfRho(rho + epsilon * epsilon / 2, delta);
    return Math.min(separate, merged);
  }

  /** Smallest ε known here such that ρ-zCDP implies (ε, δ)-DP. */
  public static double epsilonOfRho(double rho, double delta) {
    checkDelta(delta);
    if (rho == 0) {
      return 0;
    }
    double logInvDelta = Math.log(1 / delta);
    double standard = rho + 2 * Math.sqrt(rho * logInvDelta);
    // golden-section search of the CKS20 bound over α in (1, αmax]; the function is unimodal in α
    double lo = 1 + 1e-9;
    double hi = Math.max(2, 1 + 2 * (logInvDelta + 1) / rho);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      if (cks(a, rho, logInvDelta) < cks(b, rho, logInvDelta)) {
        hi = b;
      } else {
        lo = a;
      }
      a = hi - g * (hi - lo);
      b = lo + g * (hi - lo);
    }
    double tight = Math.min(cks(lo, rho, logInvDelta), cks(hi, rho, logInvDelta));
    // one ulp up: the search's own rounding must not make the bound smaller than the true value at that α
    return Math.nextUp(Math.min(standard, tight));
  }

  /** Largest ρ whose standard conversion stays within (ε, δ): sqrt(ρ) = sqrt(L + ε) − sqrt(L), L = ln(1/δ). */
  public static double rhoFor(double epsilon, double delta) {
    checkDelta(delta);
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
    double l = Math.log(1 / delta);
    double root = epsilon / (Math.sqrt(l + epsilon) + Math.sqrt(l)); // = sqrt(L+ε) − sqrt(L) without cancellation
    // rounding down keeps ρ + 2·sqrt(ρL) ≤ ε despite floating-point error
    return Math.nextDown(root * root) * (1 - 1e-12);
  }

  /**
   * Largest ρ (to within a relative 10⁻¹² or so) that {@link #epsilonOfRho} converts to at most ε at δ:
   * the calibration that spends the whole (ε, δ) under the same conversion the accountant reports.
   * The returned ρ is checked to convert to ≤ ε, never above; it exceeds {@link #rhoFor}, the Bun–Steinke ρ.
   */
  public static double largestRhoWithin(double epsilon, double delta) {
    double lo = rhoFor(epsilon, delta);
    // the closed form of the looser bound fits by construction; shrink only if rounding said otherwise
    while (epsilonOfRho(lo, delta) > epsilon) {
      lo /= 2;
    }
    // an upper end that converts to more than ε (one doubling suffices for the usual (ε, δ))
    double hi = 2 * lo;
    for (int i = 0; i < 64 && epsilonOfRho(hi, delta) <= epsilon; i++) {
      lo = hi;
      hi *= 2;
    }
    // bisection keeps epsilonOfRho(lo) ≤ ε and epsilonOfRho(hi) > ε, so lo is safe whether or not the
    // numerical conversion is exactly monotone in ρ
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      double mid = lo + (hi - lo) / 2;
      if (epsilonOfRho(mid, delta) <= epsilon) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    // a relative margin: the floating-point split of ρ over the statistics (σ² = U/(2ρw)) must never
    // compose to more than the ρ that was checked here
    double margined = lo * (1 - 1e-12);
    return epsilonOfRho(margined, delta) <= epsilon ? margined : lo;
  }

  private static double cks(double alpha, double rho, double logInvDelta) {
    return alpha * rho + (logInvDelta + (alpha - 1) * Math.log1p(-1 / alpha) - Math.log(alpha)) / (alpha - 1);
  }

  private static void checkDelta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
  }
}
