package io.aurora.profile;

import io.aurora.fingerprint.Fingerprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Numeric shape derived (post-processing) from a noisy, cleaned magnitude histogram: quantiles by
 * interpolation inside bins, moments from bin representatives, Tukey far-out mass, sign and zero
 * shares, and the span of absolute values in orders of magnitude.
 */
final class NumericShape {
  private static final int[] ORDER = MagnitudeBins.finiteBinsInValueOrder();
  /** Tukey's far-out fences: beyond 3 interquartile ranges from the quartiles. */
  private static final double FENCE = 3.0;

  Double mean;
  Double stddev;
  Double skewness;
  Double kurtosis;
  Double outlierMass;
  Double negativeShare;
  Double zeroShare;
  Double nonFiniteShare;
  Double magnitudeSpan;
  List<Double> quantiles;

  private NumericShape() {}

  /** Shape of {@code counts} (indexed by {@link MagnitudeBins}), or null when no numeric value survived the noise. */
  static NumericShape of(double[] counts) {
    double all = total(counts);
    double nonFinite = nonFinite(counts);
    double finite = all - nonFinite;
    if (all <= 0) {
      return null;
    }
    NumericShape s = new NumericShape();
    s.nonFiniteShare = nonFinite / all;
    if (finite <= 0) {
      return s;
    }
    double negative = 0;
    double m1 = 0;
    for (int bin : ORDER) {
      if (counts[bin] > 0) {
        m1 += counts[bin] * MagnitudeBins.representative(bin);
        if (MagnitudeBins.negative(bin)) {
          negative += counts[bin];
        }
      }
    }
    double mean = m1 / finite;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (int bin : ORDER) {
      if (counts[bin] > 0) {
        double d = MagnitudeBins.representative(bin) - mean;
        double d2 = d * d;
        m2 += counts[bin] * d2;
        m3 += counts[bin] * d2 * d;
        m4 += counts[bin] * d2 * d2;
      }
    }
    m2 /= finite;
    m3 /= finite;
    m4 /= finite;
    s.mean = mean;
    s.stddev = Math.sqrt(m2);
    s.skewness = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0.0;
    s.kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : 0.0;
    s.negativeShare = negative / finite;
    s.zeroShare = counts[MagnitudeBins.ZERO] / finite;
    s.quantiles = quantiles(counts, finite);
    double q25 = quantile(counts, finite, 0.25);
    double q75 = quantile(counts, finite, 0.75);
    double iqr = q75 - q25;
    double low = q25 - FENCE * iqr;
    double high = q75 + FENCE * iqr;
    double outside = 0;
    for (int bin : ORDER) {
      if (counts[bin] > 0) {
        double r = MagnitudeBins.representative(bin);
        if (r < low || r > high) {
          outside += counts[bin];
        }
      }
    }
    s.outlierMass = outside / finite;
    s.magnitudeSpan = magnitudeSpan(counts);
    return s;
  }

  /**
   * The shape of a denoised histogram {@code kept} with its quantiles and span read from {@code
   * filled}, the same histogram with the rows its support step dropped put back ({@link
   * MagnitudeHistogram#filled}): a quantile moves only as far as the rows put back reach, while a
   * moment would take a few noisy rows far out for a long tail. Null when {@code kept} holds nothing.
   */
  static NumericShape of(double[] kept, double[] filled) {
    NumericShape s = of(kept);
    if (s == null || filled == kept || s.quantiles == null) {
      return s;
    }
    s.quantiles = quantiles(filled, total(filled) - nonFinite(filled));
    s.magnitudeSpan = magnitudeSpan(filled);
    return s;
  }

  private static double total(double[] counts) {
    double all = 0;
    for (double c : counts) {
      all += c;
    }
    return all;
  }

  /** The NaN and infinite values of {@code counts}. */
  private static double nonFinite(double[] counts) {
    return counts[MagnitudeBins.NAN] + counts[MagnitudeBins.POS_INF] + counts[MagnitudeBins.NEG_INF];
  }

  /** The values at {@link Fingerprint#QUANTILE_LEVELS} of the {@code finite} finite values of {@code counts}. */
  private static List<Double> quantiles(double[] counts, double finite) {
    List<Double> q = new ArrayList<>();
    for (double level : Fingerprint.QUANTILE_LEVELS) {
      q.add(quantile(counts, finite, level));
    }
    return q;
  }

  /** Value at {@code level} of the finite values, interpolating linearly inside the bin. */
  private static double quantile(double[] counts, double finite, double level) {
    double target = level * finite;
    double cumulative = 0;
    for (int bin : ORDER) {
      double c = counts[bin];
      if (c <= 0) {
        continue;
      }
      if (cumulative + c >= target) {
        double lo = MagnitudeBins.negative(bin) ? -MagnitudeBins.absHigh(bin) : MagnitudeBins.absLow(bin);
        double hi = MagnitudeBins.negative(bin) ? -MagnitudeBins.absLow(bin) : MagnitudeBins.absHigh(bin);
        double within = (target - cumulative) / c;
        return lo + within * (hi - lo);
      }
      cumulative += c;
    }
    int last = ORDER[ORDER.length - 1];
    for (int i = ORDER.length - 1; i >= 0; i--) {
      if (counts[ORDER[i]] > 0) {
        last = ORDER[i];
        break;
      }
    }
    return MagnitudeBins.representative(last);
  }

  /** log10 of the 99th over the 1st percentile of the non-zero absolute values. */
  private static Double magnitudeSpan(double[] counts) {
    // fold signs: absolute-value bins, ordered by lower bound
    List<double[]> bins = new ArrayList<>();
    double total = 0;
    for (int bin : ORDER) {
      if (bin != MagnitudeBins.ZERO && counts[bin] > 0) {
        bins.add(new double[] {MagnitudeBins.absLow(bin), MagnitudeBins.absHigh(bin), counts[bin]});
        total += counts[bin];
      }
    }
    if (total <= 0) {
      return null;
    }
    bins.sort((a, b) -> Double.compare(a[0], b[0]));
    double lowAbs = absQuantile(bins, total, 0.01);
    double highAbs = absQuantile(bins, total, 0.99);
    if (!(lowAbs > 0) || !(highAbs > 0)) {
      return 0.0;
    }
    return Math.max(0, Math.log10(highAbs / lowAbs));
  }

  private static double absQuantile(List<double[]> bins, double total, double level) {
    double target = level * total;
    double cumulative = 0;
    for (double[] b : bins) {
      if (cumulative + b[2] >= target) {
        double lo = Math.max(b[0], b[1] / 2);
        double within = (target - cumulative) / b[2];
        return lo * Math.pow(b[1] / lo, within); // geometric interpolation inside the bin
      }
      cumulative += b[2];
    }
    double[] last = bins.get(bins.size() - 1);
    return last[1];
  }

  /** The lower edge of the magnitude bin holding {@code v} (signed). */
  static double binLow(double v) {
    int bin = MagnitudeBins.index(v);
    if (!MagnitudeBins.finite(bin)) {
      return v;
    }
    return MagnitudeBins.negative(bin) ? -MagnitudeBins.absHigh(bin) : MagnitudeBins.absLow(bin);
  }

  /** The upper edge of the magnitude bin holding {@code v} (signed). */
  static double binHigh(double v) {
    int bin = MagnitudeBins.index(v);
    if (!MagnitudeBins.finite(bin)) {
      return v;
    }
    return MagnitudeBins.negative(bin) ? -MagnitudeBins.absLow(bin) : MagnitudeBins.absHigh(bin);
  }

  @Override
  public String toString() {
    return "NumericShape" + Arrays.toString(new String[0]);
  }
}
