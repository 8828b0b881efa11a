package io.aurora.profile;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The statistics a column may release: each a vector of integer counts on data-independent bins,
 * with its sensitivity under adding or removing one row (the privacy unit), its fixed public budget
 * weight and the stage of the release it belongs to. The class that owns each one's state, merge and
 * estimator is named in its Javadoc.
 *
 * <p>Stage 1 releases the kinds of every column: what type a column is and how much of it is
 * missing. Stage 2 releases, per column, only the statistics its released type branch reads
 * ({@link ColumnBranch}), so a text column pays nothing for a numeric histogram and a typed date
 * column almost nothing at all. Which statistics stage 2 releases is post-processing of stage 1's
 * output; the two stages compose (adaptive composition; zCDP adds up).
 *
 * <p>Budget weights are constants of the code, the same for every run and dataset: within a stage a
 * statistic of weight w gets noise variance (Gaussian) or scale (Laplace) inversely proportional to
 * w. They were chosen with {@code LabelledCorpusBench} (docs/fingerprints.md), never from the data
 * being released.
 */
public enum Statistic {
  /** Rows per {@link ValueKind} ({@link KindCounts}): each row in exactly one bin. Δ1 = 1, Δ2² = 1. */
  KINDS(1, 1, 1.0, 1),
  /**
   * The number of distinct values, capped: min(d, {@link DistinctCount#CAP}) ({@link DistinctCount}).
   * One row adds or removes at most one distinct value. Δ1 = 1, Δ2² = 1.
   */
  DISTINCT(1, 1, 2.0, 2),
  /**
   * Rows per bucket of a fixed hash of the value, 1,024 buckets ({@link HashBuckets}): each row in
   * exactly one bucket. Levels with many rows each stand out of the noise; the fullest bucket is the
   * top value's count. Δ1 = 1, Δ2² = 1.
   */
  BUCKETS(1, 1, 1.0, 2),
  /**
   * Numeric values on two levels ({@link MagnitudeCounts}): per octave (sign and power of two) and
   * per eighth of an octave, plus zero/NaN/±Inf/tiny/huge on both. One row is in one bin of each
   * level. Δ1 = 2, Δ2² = 2.
   */
  MAGNITUDES(2, 2, 1.0, 2),
  /**
   * Frequency-of-frequencies of the bottom-k distinct sample ({@link FrequencySample}), released for
   * columns whose distinct count reaches the cap. One row moves one sampled value between two count
   * bins, or swaps a value in or out of the sample: at most two bins change by one. Δ1 = 2, Δ2² = 2.
   */
  FREQUENCIES(2, 2, 0.5, 2),
  /** Value length in characters, bytes or elements, on size bins ({@link SizeCounts}). Δ1 = 1, Δ2² = 1. */
  LENGTHS(1, 1, 0.5, 2),
  /** Whitespace-separated tokens per string value, on size bins ({@link SizeCounts}). Δ1 = 1, Δ2² = 1. */
  TOKENS(1, 1, 0.5, 2),
  /**
   * The run's count of malformed records: one count per run, not per column, released in stage 1 so
   * that only a noisy count of them leaves the job. One row is one record, malformed or not: Δ1 = 1,
   * Δ2² = 1. Weight ⅛: an operator's health signal (the exact count is on stdout), so it takes little
   * from the kinds (a one-column run's kinds noise grows by √(9/8), not √2) at √8 times their noise.
   */
  MALFORMED(1, 1, 0.125, 1);

  private final int l1Sensitivity;
  private final int l2SquaredSensitivity;
  private final double budgetWeight;
  private final int stage;

  Statistic(int l1Sensitivity, int l2SquaredSensitivity, double budgetWeight, int stage) {
    this.l1Sensitivity = l1Sensitivity;
    this.l2SquaredSensitivity = l2SquaredSensitivity;
    this.budgetWeight = budgetWeight;
    this.stage = stage;
  }

  /**
   * The statistic's fixed, public share of its stage's budget per sensitivity unit (see {@link
   * NoiseCalibration}): a statistic of weight w gets noise std 1/√w (Gaussian) or scale 1/w (Laplace)
   * times that of a statistic of weight 1 in the same stage.
   */
  public double budgetWeight() {
    return budgetWeight;
  }

  /** Whether the statistic is released per column; {@link #MALFORMED} is one count of the whole run. */
  public boolean perColumn() {
    return this != MALFORMED;
  }

  /** The stage of the release (1 or 2) this statistic belongs to. */
  public int stage() {
    return stage;
  }

  /** The shipped weights of all statistics. */
  public static Map<Statistic, Double> shippedWeights() {
    EnumMap<Statistic, Double> out = new EnumMap<>(Statistic.class);
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
