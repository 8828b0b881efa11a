package io.aurora.privacy;

import io.aurora.AuroraException;
import java.util.Locale;

/**
 * The range of the privacy parameters a caller may choose for one run: outside it the noise is either
 * meaningless (ε so small that no statistic survives, or so large that nothing is protected) or the
 * guarantee is too weak to be called private (δ above 10⁻⁶). Out-of-range values are a usage error
 * (exit 2), never clamped.
 */
public final class PrivacyParameters {
  public static final double MIN_RUN_EPSILON = 1e-3;
  public static final double MAX_RUN_EPSILON = 100;
  /** Largest δ of a run or a lifetime budget. */
  public static final double MAX_DELTA = 1e-6;
  /** Smallest positive δ (0 itself means pure ε-DP, Laplace noise). */
  public static final double MIN_DELTA = 1e-100;

  private PrivacyParameters() {}

  /** {@code epsilon} when it is a run's valid ε; exit 2 naming {@code source} (e.g. "--epsilon") otherwise. */
  public static double runEpsilon(double epsilon, String source) {
    if (!(epsilon >= MIN_RUN_EPSILON && epsilon <= MAX_RUN_EPSILON)) {
      throw AuroraException.badInput(String.format(Locale.ROOT, "invalid %s %s: a run's ε must be a number between %s and %s",
          source, epsilon, MIN_RUN_EPSILON, (int) MAX_RUN_EPSILON));
    }
    return epsilon;
  }

  /** {@code delta} when it is a run's valid δ (0, or between 1e-100 and 1e-6); exit 2 naming {@code source} otherwise. */
  public static double runDelta(double delta, String source) {
    if (!(delta == 0 || (delta >= MIN_DELTA && delta <= MAX_DELTA))) {
      throw AuroraException.badInput(String.format(Locale.ROOT,
          "invalid %s %s: a run's δ must be 0 (pure ε-DP, Laplace noise) or a number between %s and %s (default 1e-9)",
          source, delta, MIN_DELTA, MAX_DELTA));
    }
    return delta;
  }
}
