package io.aurora.privacy;

/**
 * A differentially private release of integer statistics (counts, or sums of values scaled to
 * integers) by adding exact integer noise. <b>Privacy unit: one row</b>: the sensitivity a mechanism
 * is built with is the most the released value (or vector) can change when one row is added to or
 * removed from the dataset, and it is the caller's job to state it truthfully.
 */
public interface IntegerMechanism {
  /** Short name recorded in the ledger and the fingerprint, e.g. {@code laplace(eps=0.1,sens=1)}. */
  String name();

  /** The noisy value of {@code trueValue}. */
  long release(long trueValue);

  /**
   * The noisy vector: independent noise on every coordinate. The mechanism's sensitivity must bound
   * the change of the WHOLE vector (L1 for Laplace, L2 for Gaussian) when one row is added or removed.
   */
  default long[] release(long[] trueValues) {
    long[] out = new long[trueValues.length];
    for (int i = 0; i < trueValues.length; i++) {
      out[i] = release(trueValues[i]);
    }
    return out;
  }

  /** The noise distribution's parameter: the discrete Laplace scale, or the discrete Gaussian σ. */
  double noiseScale();

  /** Standard deviation of the added noise (the expected error of one released coordinate). */
  double noiseStddev();

  /** The privacy cost of one call of {@link #release(long)} or {@link #release(long[])}. */
  PrivacyCost cost();
}
