package io.aurora.profile;

import io.aurora.AuroraException;
import io.aurora.privacy.PrivacyCost;
import java.util.Locale;

/**
 * The privacy budget of one profile run and its split between the two stages of the release: with
 * δ = 0 pure ε-DP (discrete Laplace), ε₁ + ε₂ = ε; with δ > 0 ρ-zCDP (discrete Gaussian), where ρ is
 * the largest value {@link PrivacyCost#epsilonOfRho} converts to at most ε at δ, and ρ₁ + ρ₂ = ρ.
 * Stage 1 gets the fixed public share {@link #STAGE_ONE_SHARE}. Both stages read the same scan; the
 * statistics stage 2 releases are chosen from stage 1's output, so the run is ε-DP (or ρ-zCDP) by
 * adaptive composition. A function of (ε, δ) only, never of the data.
 */
public record ReleaseBudget(NoiseCalibration.Mechanism mechanism, double epsilon, double delta, double rho) {
  /**
   * The share of the budget stage 1 (the kinds of every column, and the run's malformed count)
   * receives. Kinds decide the branch
   * of every column and its missingness; stage 2 spends the rest on the few statistics the branch
   * reads (LabelledCorpusBench, docs/fingerprints.md).
   */
  public static final double STAGE_ONE_SHARE = 0.3;
  /** The largest δ a run may use: beyond it (ε, δ)-DP no longer bounds what one row can reveal in practice. */
  public static final double MAX_DELTA = 1e-6;

  /** The budget of a run of (ε, δ): Laplace when δ = 0, Gaussian otherwise. Bad values are bad input (exit 2). */
  public static ReleaseBudget of(double epsilon, double delta) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon) || epsilon < 1e-6) {
      throw AuroraException.badInput("invalid --epsilon " + epsilon + ": must be a number from 1e-6 up");
    }
    if (!(delta >= 0) || delta > MAX_DELTA) {
      throw AuroraException.badInput("invalid aurora.privacy.delta " + delta + ": must be 0 or at most " + MAX_DELTA);
    }
    if (delta == 0) {
      return new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_LAPLACE, epsilon, 0, epsilon * epsilon / 2);
    }
    return new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN, epsilon, delta,
        PrivacyCost.largestRhoWithin(epsilon, delta));
  }

  /** The budget of {@code stage} (1 or 2): ε (Laplace) or ρ (Gaussian). */
  public double stageAmount(int stage) {
    double whole = laplace() ? epsilon : rho;
    double first = whole * STAGE_ONE_SHARE;
    return stage == 1 ? first : whole - first;
  }

  boolean laplace() {
    return mechanism == NoiseCalibration.Mechanism.DISCRETE_LAPLACE;
  }

  /** The ε share of a cost in the run's unit (ε for Laplace, ρ for Gaussian). */
  public double epsilonShare(double cost) {
    return laplace() ? cost : epsilon * cost / rho;
  }

  /** One line for the ledger: the mechanism, the budget and how the stages share it. */
  public String describe() {
    return laplace()
        ? String.format(Locale.ROOT, "fingerprint release in two stages, discrete Laplace, pure eps=%.4g "
            + "(stage 1: kinds of every column and the malformed count, eps=%.4g; stage 2: the statistics of each column's type branch, eps=%.4g)",
            epsilon, stageAmount(1), stageAmount(2))
        : String.format(Locale.ROOT, "fingerprint release in two stages, discrete Gaussian, rho=%.4g zCDP -> (eps=%.4g, delta=%.3g) "
            + "(stage 1: kinds of every column and the malformed count, rho=%.4g; stage 2: the statistics of each column's type branch, rho=%.4g)",
            rho, epsilon, delta, stageAmount(1), stageAmount(2));
  }
}
