package io.aurora.privacy;

import io.aurora.AuroraException;
import java.math.BigDecimal;

/**
 * The lifetime (ε, δ) budget of a dataset, and its zCDP equivalent: the ledger composes releases by
 * adding their ρ and converts this budget to ρ once ({@link PrivacyCost#largestRhoWithin}), so a
 * lifetime (10, 1e-9) admits about 70 runs of ε = 1 at δ = 1e-9, not 10. Each partition of a
 * dataset has a budget of this size.
 *
 * <p>Key selections are (ρ, δ_sel)-approximate zCDP: their δ_sel is spent outright, and over a
 * lifetime the ρ's add up and the δ_sel's add up, so the guarantee holds while
 * ε(Σρ, δ − Σδ_sel) ≤ ε — every δ_sel spent shrinks the ρ the budget admits ({@link #rho(double)}).
 */
public record LifetimeBudget(double epsilon, double delta) {
  /** Largest lifetime ε accepted: beyond it the "guarantee" says nothing. */
  public static final double MAX_EPSILON = 1000;

  public LifetimeBudget {
    if (!(epsilon > 0 && epsilon <= MAX_EPSILON)) {
      throw AuroraException.badInput("a dataset's lifetime ε budget must be a number above 0 and at most " + (int) MAX_EPSILON + ", got " + epsilon);
    }
    if (!(delta >= PrivacyParameters.MIN_DELTA && delta <= PrivacyParameters.MAX_DELTA)) {
      throw AuroraException.badInput("a dataset's lifetime δ must be between " + PrivacyParameters.MIN_DELTA + " and "
          + PrivacyParameters.MAX_DELTA + ", got " + delta);
    }
  }

  /** The largest ρ whose conversion at δ stays within ε: the ledger's budget for the rows of one key. */
  public double rho() {
    return PrivacyCost.largestRhoWithin(epsilon, delta);
  }

  /**
   * The largest ρ whose conversion at δ − {@code selectionDeltaSpent} stays within ε: what the budget
   * admits once key selections spent that much δ outright; {@link #rho()} when they spent none, 0
   * when they spent all of δ.
   */
  public double rho(double selectionDeltaSpent) {
    return rho(exact(selectionDeltaSpent));
  }

  /** {@link #rho(double)} of a selection δ recorded as an exact decimal. */
  double rho(BigDecimal selectionDeltaSpent) {
    if (selectionDeltaSpent.signum() == 0) {
      return rho();
    }
    double left = deltaLeft(selectionDeltaSpent);
    return left > 0 ? PrivacyCost.largestRhoWithin(epsilon, left) : 0;
  }

  /** The ε of the (ε, δ) guarantee that {@code rhoSpent} of zCDP spend amounts to at this budget's δ. */
  public double epsilonOf(double rhoSpent) {
    return PrivacyCost.epsilonOfRho(rhoSpent, delta);
  }

  /**
   * The ε of the (ε, δ) guarantee that {@code rhoSpent} of zCDP spend amounts to when key selections
   * also spent {@code selectionDeltaSpent} of δ outright: ρ converted at what remains of δ (infinite
   * when nothing remains: no guarantee at this δ).
   */
  public double epsilonOf(double rhoSpent, double selectionDeltaSpent) {
    if (selectionDeltaSpent == 0) {
      return epsilonOf(rhoSpent);
    }
    double left = deltaLeft(exact(selectionDeltaSpent));
    if (left <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return PrivacyCost.epsilonOfRho(rhoSpent, left);
  }

  /**
   * This budget's δ as an exact decimal: the smaller of the decimal it was written as (1e-9 is
   * 0.000000001) and the double that holds it, so that comparisons with recorded decimal amounts
   * never grant more than either.
   */
  BigDecimal deltaDecimal() {
    BigDecimal written = BigDecimal.valueOf(delta);
    BigDecimal held = new BigDecimal(delta);
    return written.min(held);
  }

  /**
   * The δ left to the conversion of ρ after {@code selectionDeltaSpent}: the largest double at most
   * δ − that, computed exactly (never rounded up), or 0 when nothing is left.
   */
  double deltaLeft(BigDecimal selectionDeltaSpent) {
    BigDecimal left = deltaDecimal().subtract(selectionDeltaSpent);
    if (left.signum() <= 0) {
      return 0;
    }
    double d = left.doubleValue();
    return new BigDecimal(d).compareTo(left) > 0 ? Math.nextDown(d) : d;
  }

  private static BigDecimal exact(double selectionDeltaSpent) {
    if (!(selectionDeltaSpent >= 0) || Double.isInfinite(selectionDeltaSpent)) {
      throw new IllegalArgumentException("selection delta spent must be finite and non-negative, got " + selectionDeltaSpent);
    }
    return new BigDecimal(selectionDeltaSpent);
  }
}
