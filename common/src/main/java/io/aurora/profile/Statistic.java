package io.aurora.profile;

import java.util.Locale;

/**
 * One released statistic of a column: a histogram on data-independent bins, with its sensitivity
 * under adding or removing one row (the privacy unit). Every fingerprint field is post-processing of
 * these noisy histograms.
 */
public enum Statistic {
  /** Row count per {@link ValueKind}: each row falls in exactly one bin. Δ1 = 1, Δ2² = 1. */
  KINDS(1, 1),
  /** Numeric values on signed power-of-two bins (two per octave) plus zero/NaN/±Inf/tiny/huge. Δ1 = 1. */
  MAGNITUDES(1, 1),
  /** Rows per bucket of a fixed 64-bit hash of the value (256 buckets). Δ1 = 1. */
  BUCKETS(1, 1),
  /**
   * Frequency-of-frequencies of the bottom-k distinct sample (values with the k smallest hashes,
   * exact counts) on count bins. One row moves one sampled value between two count bins, or swaps
   * a value in/out of the sample: at most two bins change by one. Δ1 = 2, Δ2² = 2.
   */
  FREQUENCIES(2, 2),
  /** Value length in characters (strings), bytes (binary) or elements (arrays, maps), on size bins. Δ1 = 1. */
  LENGTHS(1, 1),
  /** Whitespace-separated tokens per string value, on size bins. Δ1 = 1. */
  TOKENS(1, 1),
  /**
   * Sums over values of the per-value shares of digit, letter, punctuation and whitespace
   * characters, in thousandths. The shares of one value sum to at most one, so one row changes the
   * four sums by at most 1000 together: Δ1 = 1 (in rows), released with noise scaled by 1000.
   */
  CHARACTERS(1, 1);

  private final int l1Sensitivity;
  private final int l2SquaredSensitivity;

  Statistic(int l1Sensitivity, int l2SquaredSensitivity) {
    this.l1Sensitivity = l1Sensitivity;
    this.l2SquaredSensitivity = l2SquaredSensitivity;
  }

  public int l1Sensitivity() {
    return l1Sensitivity;
  }

  public int l2SquaredSensitivity() {
    return l2SquaredSensitivity;
  }

  /** Key in {@code Fingerprint.noiseScales}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
