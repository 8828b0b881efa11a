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
 *
 * <p>A JSON-lines input without a declared schema first releases its keys ({@link KeySelection}):
 * that selection takes {@link #KEY_SELECTION_SHARE} of ρ and {@link #KEY_SELECTION_DELTA_SHARE} of δ
 * outright (a thresholded release is (ρ, δ)-approximate zCDP), ρ is then the largest value that
 * converts to ε at the δ left, and the two stages share what the selection leaves of it.
 *
 * @param selectionDelta the δ of the key selection (0: no key selection)
 * @param maxKeysPerRow the keys one row contributes to the selection at most (0: no key selection)
 */
public record ReleaseBudget(NoiseCalibration.Mechanism mechanism, double epsilon, double delta, double rho,
    double selectionDelta, int maxKeysPerRow) {
  /**
   * The share of the budget stage 1 (the kinds of every column, and the run's malformed count)
   * receives. Kinds decide the branch
   * of every column and its missingness; stage 2 spends the rest on the few statistics the branch
   * reads (LabelledCorpusBench, docs/fingerprints.md).
   */
  public static final double STAGE_ONE_SHARE = 0.3;
  /** The share of ρ a key selection takes (the rest goes to the two stages). */
  public static final double KEY_SELECTION_SHARE = 0.1;
  /**
   * The share of a run's δ a key selection spends outright: small, because selection δ adds up over a
   * dataset's lifetime (the ledger lets half of the lifetime δ go to it), while the threshold grows
   * only with the square root of its logarithm.
   */
  public static final double KEY_SELECTION_DELTA_SHARE = 1e-3;
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
      return new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_LAPLACE, epsilon, 0, epsilon * epsilon / 2, 0, 0);
    }
    return new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN, epsilon, delta,
        PrivacyCost.largestRhoWithin(epsilon, delta), 0, 0);
  }

  /**
   * The budget of a run of (ε, δ) that first releases the keys of a JSON-lines input, each row
   * contributing to at most {@code maxKeysPerRow} of them. Needs δ &gt; 0: a key set cannot be released
   * with pure ε-DP (bad input, exit 2, before anything is charged).
   */
  public static ReleaseBudget withKeySelection(double epsilon, double delta, int maxKeysPerRow, String input) {
    ReleaseBudget plain = of(epsilon, delta);
    if (plain.laplace()) {
      throw AuroraException.badInput("input " + input + ": the keys of JSON lines are data, released only by a differentially "
          + "private key selection, which needs aurora.privacy.delta > 0; declare the columns with --schema to profile it with pure ε");
    }
    if (maxKeysPerRow < 1) {
      throw AuroraException.badInput("invalid aurora.ingest.json.max-keys-per-row " + maxKeysPerRow + ": must be at least 1");
    }
    double selection = delta * KEY_SELECTION_DELTA_SHARE;
    return new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN, epsilon, delta,
        PrivacyCost.largestRhoWithin(epsilon, delta - selection), selection, maxKeysPerRow);
  }

  /** Whether the run first releases the keys of its input. */
  public boolean selectsKeys() {
    return maxKeysPerRow > 0;
  }

  /** The ρ of the key selection (0 without one). */
  public double keySelectionRho() {
    return selectsKeys() ? rho * KEY_SELECTION_SHARE : 0;
  }

  /** The budget of {@code stage} (1 or 2): ε (Laplace) or ρ (Gaussian). */
  public double stageAmount(int stage) {
    double whole = laplace() ? epsilon : rho - keySelectionRho();
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
    String stages = describeStages();
    return !selectsKeys() ? stages : String.format(Locale.ROOT,
        "JSON keys by differentially private key selection (discrete Gaussian on key row counts, at most %d keys per row, "
            + "rho=%.4g, delta=%.3g spent outright) then %s", maxKeysPerRow, keySelectionRho(), selectionDelta, stages);
  }

  private String describeStages() {
    return laplace()
        ? String.format(Locale.ROOT, "fingerprint release in two stages, discrete Laplace, pure eps=%.4g "
            + "(stage 1: kinds of every column and the malformed count, eps=%.4g; stage 2: the statistics of each column's type branch, eps=%.4g)",
            epsilon, stageAmount(1), stageAmount(2))
        : String.format(Locale.ROOT, "fingerprint release in two stages, discrete Gaussian, rho=%.4g zCDP -> (eps=%.4g, delta=%.3g) "
            + "(stage 1: kinds of every column and the malformed count, rho=%.4g; stage 2: the statistics of each column's type branch, rho=%.4g)",
            rho, epsilon, delta, stageAmount(1), stageAmount(2));
  }
}
