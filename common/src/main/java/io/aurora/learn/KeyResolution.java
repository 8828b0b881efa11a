package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;

/**
 * Which statistics of a fingerprint are reliable enough at its run's noise to enter a
 * {@link PatternKey}, decided from the released noise scales and the released row count only, never
 * from the statistics' values: every column of a run with the same kind of release and a similar
 * share of missing values gets the same answer, so similar columns get keys built from the same
 * features. A statistic whose noise is too large for the edges of its buckets is coarsened (its
 * buckets merged) or left out.
 *
 * @param shape the numeric shape (sign, skew, span) read from the quantiles of the magnitude histogram
 * @param levels few distinct values told apart (1, 2, under 20) by the hash buckets
 * @param manyLevels the distinct count's edge at 200
 * @param hugeLevels the distinct count's edge at 5,000
 * @param unique a distinct share of 0.9 told from 1
 * @param nulls the missing share's edges (5 %, 60 %, 95 %)
 */
public record KeyResolution(boolean shape, boolean levels, boolean manyLevels, boolean hugeLevels, boolean unique,
    boolean nulls) {
  /**
   * Largest noise std of one count of the magnitude histogram, as a share of the column's present
   * values, at which its shape is read: a bin of pure noise that survives the cleaning holds about
   * 3.5 noise std, so at 1 % it holds under 5 % of the values and cannot move the 5th or 95th
   * percentile the shape is read from (PatternKeyStabilityBench).
   */
  public static final double SHAPE_NOISE = 0.01;
  /**
   * Largest noise std of one hash bucket, as a share of the present values, at which a handful of
   * levels is counted from the buckets (each level stands out of the noise).
   */
  public static final double LEVELS_NOISE = 0.01;
  /** A count's edge is kept when the count's noise std is at most this fraction of the edge. */
  public static final double EDGE_NOISE = 0.25;
  /** Largest noise std of the distinct share at which "unique" (share 0.9 or more) is told from 1. */
  public static final double UNIQUE_NOISE = 0.025;
  /** Largest noise std of the missing share at which its 5 % edge is read. */
  public static final double NULL_NOISE = 0.0125;

  /** Exact statistics: every feature is reliable. */
  public static final KeyResolution EXACT = new KeyResolution(true, true, true, true, true, true);

  /** The resolution of {@code fp}'s release. A fingerprint without recorded noise is exact. */
  public static KeyResolution of(Fingerprint fp) {
    requireNonNull(fp, "fp is null");
    double present = Math.max(1, fp.rowCount() * (1 - clip(fp.nullFraction())));
    double magnitudes = scale(fp, "magnitudes");
    double buckets = scale(fp, "buckets");
    double distinct = scale(fp, "distinct");
    return new KeyResolution(
        magnitudes / present <= SHAPE_NOISE,
        buckets / present <= LEVELS_NOISE,
        distinct <= EDGE_NOISE * PatternKey.MANY_LEVELS,
        distinct <= EDGE_NOISE * PatternKey.HUGE_LEVELS,
        distinct / present <= UNIQUE_NOISE,
        fp.std(Field.NULL_FRACTION) <= NULL_NOISE);
  }

  /** Noise std of one count of a released statistic (0 when the statistic was not released with noise). */
  private static double scale(Fingerprint fp, String statistic) {
    Double s = fp.noiseScales().get(statistic);
    return s == null || s.isNaN() ? 0 : s;
  }

  private static double clip(double share) {
    return Double.isNaN(share) ? 0 : Math.max(0, Math.min(1, share));
  }
}
