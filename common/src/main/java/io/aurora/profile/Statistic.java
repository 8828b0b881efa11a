package io.aurora.profile;

import java.util.Locale;

/**
 * One released statistic of a column: a histogram on data-independent bins, with its sensitivity
 * under adding or removing one row (the privacy unit). Every fingerprint field is post-processing of
 * these noisy histograms.
 *
 * <p>Budget weights (the third constant; fixed, public, the same for every run and dataset): a
 * statistic of weight w costs w per sensitivity unit of the run's budget and gets noise variance
 * (Gaussian) or scale (Laplace) inversely proportional to w. Measured with {@code ProfileUtilityBench}
 * (docs/fingerprints.md): the recommendation flips on distinct counts (one-hot vs target encoding,
 * binary, identifiers: {@link #BUCKETS}) and on the numeric shape (skewness, kurtosis, outlier mass,
 * span: {@link #MAGNITUDES}), so these get weight 2; type and missingness ({@link #KINDS}) and the
 * distinct sample ({@link #FREQUENCIES}) keep 1; lengths, tokens and character shares feed only
 * means over all present values, whose error is std / present, so they get 1/4.
 */
public enum Statistic {
  /** Row count per {@link ValueKind}: each row falls in exactly one bin. Δ1 = 1, Δ2² = 1. */
  KINDS(1, 1, 1.0),
  /** Numeric values on signed power-of-two bins (two per octave) plus zero/NaN/±Inf/tiny/huge. Δ1 = 1. */
  MAGNITUDES(1, 1, 2.0),
  /** Rows per bucket of a fixed 64-bit hash of the value ({@link ColumnState#BUCKETS}: 1,024 buckets). Δ1 = 1. */
  BUCKETS(1, 1, 2.0),
  /**
   * Frequency-of-frequencies of the bottom-k distinct sample (values with the k smallest hashes,
   * exact counts) on count bins. One row moves one sampled value between two count bins, or swaps
   * a value in/out of the sample: at most two bins change by one. Δ1 = 2, Δ2² = 2.
   */
  FREQUENCIES(2, 2, 1.0),
  /** Value length in characters (strings), bytes (binary) or elements (arrays, maps), on size bins. Δ1 = 1. */
  LENGTHS(1, 1, 0.25),
  /** Whitespace-separated tokens per string value, on size bins. Δ1 = 1. */
  TOKENS(1, 1, 0.25),
  /**
   * Sums over values of the per-value shares of digit, letter, punctuation and whitespace
   * characters, in thousandths. The shares of one value sum to at most one, so one row changes the
   * four sums by at most 1000 together: Δ1 = 1 (in rows), released with noise scaled by 1000.
   */
  CHARACTERS(1, 1, 0.25);

  private final int l1Sensitivity;
  private final int l2SquaredSensitivity;
  private final double budgetWeight;

  Statistic(int l1Sensitivity, int l2SquaredSensitivity, double budgetWeight) {
    this.l1Sensitivity = l1Sensitivity;
    this.l2SquaredSensitivity = l2SquaredSensitivity;
    this.budgetWeight = budgetWeight;
  }

  /**
   * The statistic's fixed, public share of the budget per sensitivity unit (see {@link
   * NoiseCalibration}): a statistic of weight w gets noise std 1/√w (Gaussian) or scale 1/w (Laplace)
   * times that of a statistic of weight 1. A data-independent constant of the code, never tuned per
   * run or per dataset.
   */
  public double budgetWeight() {
    return budgetWeight;
  }

  /** The shipped weights of all statistics. */
  public static java.util.Map<Statistic, Double> shippedWeights() {
    java.util.EnumMap<Statistic, Double> out = new java.util.EnumMap<>(Statistic.class);
    for (Statistic s : values()) {
      out.put(s, s.budgetWeight);
    }
    return out;
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
