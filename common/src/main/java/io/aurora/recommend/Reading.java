package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * A fingerprint as the expert rules read it: every released value with its noise std, comparisons
 * with thresholds as {@link Test}s that know their margin in units of the noise, and the value as a
 * person should read it, with its 90 % interval ("≈73 (90 %: 41–105)"). Statistics computed from
 * the quantiles (a robust skewness, the range) carry the quantiles' noise.
 */
public final class Reading {
  private final Fingerprint f;

  public Reading(Fingerprint f) {
    this.f = requireNonNull(f, "f is null");
  }

  public Fingerprint fingerprint() {
    return f;
  }

  public String name() {
    return f.columnName();
  }

  public TypeClass type() {
    return f.typeClass();
  }

  /** The value of a numeric field, NaN when absent. */
  public double value(Field field) {
    Object v = field.get(f);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The noise std of a field (0 when exact or unrecorded). */
  public double std(Field field) {
    return f.std(field);
  }

  public boolean has(Field field) {
    return !Double.isNaN(value(field));
  }

  public Test atLeast(Field field, double threshold) {
    // levels that stand out of the noise are there whatever the capped count's noise says
    if (floor(field) >= threshold) {
      return Test.TRUE;
    }
    return Test.atLeast(value(field), threshold, std(field));
  }

  public Test atMost(Field field, double threshold) {
    if (!has(field)) {
      return Test.FALSE;
    }
    return floor(field) > threshold ? Test.FALSE : Test.atMost(value(field), threshold, std(field));
  }

  /** The released floor under a count (the distinct count's levels above the noise), else -∞. */
  private double floor(Field field) {
    List<Double> floor = field == Field.DISTINCT_ESTIMATE ? f.intervals().get("distinct_floor") : null;
    return floor == null ? Double.NEGATIVE_INFINITY : floor.get(0);
  }

  /** A prior on a count's noiseless value, over [1, upper]. */
  public enum CountPrior {
    /**
     * Uniform in log d: a column is as likely to have 2 to 4 values as 20 to 40 (the labelled corpus's
     * categorical columns are spread so). Where the noise is large it keeps a column with a handful of
     * levels from reading as one with a hundred whenever the noise is up.
     */
    LOG_UNIFORM,
    /** Uniform in d: the probability is the margin to the threshold in units of the noise alone. */
    FLAT
  }

  /**
   * The probability that a count field's noiseless value is at most {@code threshold}, under
   * {@code prior} on [1, {@code upper}] (public constants of the rules) and the estimate's Gaussian
   * noise. Where the noise is small the prior does not matter.
   */
  public double posteriorAtMost(Field field, double threshold, double upper, CountPrior prior) {
    double x = value(field);
    double sd = std(field);
    if (!(sd > 0)) {
      return x <= threshold ? 1 : 0;
    }
    // the count cannot be below its released floor (levels that stand out of the noise)
    List<Double> floor = field == Field.DISTINCT_ESTIMATE ? f.intervals().get("distinct_floor") : null;
    double lo = floor == null ? 1 : Math.max(1, floor.get(0));
    if (lo > threshold) {
      return 0;
    }
    double hi = Math.max(upper, Math.max(lo, threshold) + 1);
    if (prior == CountPrior.FLAT) {
      // the noise's normal truncated to [lo, hi]
      double from = Test.phi((lo - x) / sd);
      double all = Test.phi((hi - x) / sd) - from;
      return all > 0 ? clip01((Test.phi((threshold - x) / sd) - from) / all) : (x <= threshold ? 1 : 0);
    }
    double logLo = Math.log(lo);
    double logHi = Math.log(hi);
    int steps = 400;
    double below = 0;
    double all = 0;
    for (int i = 0; i < steps; i++) {
      // midpoints of equal steps in log d: the log-uniform prior gives each step the same weight
      double d = Math.exp(logLo + (i + 0.5) * (logHi - logLo) / steps);
      double z = (x - d) / sd;
      double w = Math.exp(-0.5 * z * z);
      all += w;
      below += d <= threshold ? w : 0;
    }
    return all > 0 ? below / all : (x <= threshold ? 1 : 0);
  }

  private static double clip01(double p) {
    return Math.max(0, Math.min(1, p));
  }

  /** A share field, 0 when absent (a share that does not apply is none). */
  public double share(Field field) {
    double v = value(field);
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  public Test shareAtLeast(Field field, double threshold) {
    return Test.atLeast(share(field), threshold, std(field));
  }

  /** The quantile at {@code level} (one of {@link Fingerprint#QUANTILE_LEVELS}), NaN when none were released. */
  public double quantile(double level) {
    List<Double> q = f.quantiles();
    if (q == null) {
      return Double.NaN;
    }
    for (int i = 0; i < Fingerprint.QUANTILE_LEVELS.length; i++) {
      if (Fingerprint.QUANTILE_LEVELS[i] == level) {
        return q.get(i);
      }
    }
    throw new IllegalArgumentException("no quantile at " + level);
  }

  /** Noise std of a quantile (0 when unrecorded). */
  public double quantileStd(double level) {
    Double s = f.estimateStd().get(quantileKey(level));
    return s == null ? 0 : s;
  }

  private static String quantileKey(double level) {
    return "q" + Math.round(level * 100);
  }

  /** The 90 % interval of a quantile, null when unrecorded. */
  public List<Double> quantileInterval(double level) {
    return f.intervals().get(quantileKey(level));
  }

  /**
   * Kelly's robust skewness (q95 + q05 − 2·q50) / (q95 − q05), in [−1, 1]: 0 for a symmetric
   * spread, positive for a long right tail, and, unlike the third moment, unmoved by a few extreme
   * rows. NaN without quantiles.
   */
  public double robustSkew() {
    double lo = quantile(0.05);
    double mid = quantile(0.50);
    double hi = quantile(0.95);
    double range = hi - lo;
    return range > 0 ? (hi + lo - 2 * mid) / range : Double.NaN;
  }

  /** First-order noise std of {@link #robustSkew()} from the quantiles' noise. */
  public double robustSkewStd() {
    double range = quantile(0.95) - quantile(0.05);
    if (!(range > 0)) {
      return 0;
    }
    double a = quantileStd(0.05);
    double b = quantileStd(0.50);
    double c = quantileStd(0.95);
    return Math.sqrt(a * a + 4 * b * b + c * c) / range;
  }

  /** The value of {@code field} with two significant digits and its 90 % interval, for explanations. */
  public String approx(Field field) {
    double v = value(field);
    List<Double> interval = f.interval(field);
    if (interval == null || interval.get(0).equals(interval.get(1))) {
      return "≈" + round(v);
    }
    return "≈" + round(v) + " (90 %: " + round(interval.get(0)) + "–" + round(interval.get(1)) + ")";
  }

  /** A share of {@code field} as a percentage with its 90 % interval. */
  public String approxShare(Field field) {
    double v = share(field);
    List<Double> interval = f.interval(field);
    if (interval == null || std(field) == 0) {
      return pct(v);
    }
    return pct(v) + " (90 %: " + pct(interval.get(0)) + "–" + pct(interval.get(1)) + ")";
  }

  /** A quantile with its interval: "≈1,200 (90 %: 1,024–1,536)". */
  public String approxQuantile(double level) {
    double v = quantile(level);
    List<Double> interval = quantileInterval(level);
    if (interval == null) {
      return "≈" + round(v);
    }
    return "≈" + round(v) + " (90 %: " + round(interval.get(0)) + "–" + round(interval.get(1)) + ")";
  }

  static String pct(double share) {
    double p = share * 100;
    if (p > 0 && p < 1) {
      return "<1 %";
    }
    if (p < 100 && p > 99) {
      return ">99 %";
    }
    return Math.round(p) + " %";
  }

  /** Two significant digits: released statistics are noisy, more digits would be false precision. */
  static String round(double v) {
    if (Double.isNaN(v)) {
      return "?";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(v).round(new MathContext(2));
    return bd.stripTrailingZeros().abs().compareTo(BigDecimal.valueOf(1_000_000)) >= 0
        ? String.format(Locale.ROOT, "%.1e", v) : bd.stripTrailingZeros().toPlainString();
  }
}
