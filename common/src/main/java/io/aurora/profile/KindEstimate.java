package io.aurora.profile;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;

/**
 * Post-processing of one column's released {@link Statistic#KINDS}: the noisy counts projected onto
 * the simplex of non-negative counts that add up to the run's released row count (the Euclidean
 * projection, so the shares are consistent and a kind that noise pushed below zero is zero), with
 * the noise std of one kind count and of the row count. Reads only released values and public noise
 * scales.
 */
final class KindEstimate {
  private final ColumnFamily family;
  private final double[] counts;
  private final double rows;
  private final double rowsStd;
  private final double kindStd;

  private KindEstimate(ColumnFamily family, double[] counts, double rows, double rowsStd, double kindStd) {
    this.family = family;
    this.counts = counts;
    this.rows = rows;
    this.rowsStd = rowsStd;
    this.kindStd = kindStd;
  }

  /** The estimate from noisy kind counts {@code noisy} (indexed by {@link ValueKind}) of a column of {@code family}. */
  static KindEstimate of(ColumnFamily family, long[] noisy, double rows, double rowsStd, double kindStd) {
    ValueKind[] kinds = family.kinds().toArray(new ValueKind[0]);
    double[] y = new double[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      y[i] = noisy[kinds[i].ordinal()];
    }
    double[] x = projectOntoSimplex(y, rows);
    double[] counts = new double[ValueKind.COUNT];
    for (int i = 0; i < kinds.length; i++) {
      counts[kinds[i].ordinal()] = x[i];
    }
    return new KindEstimate(family, counts, rows, rowsStd, kindStd);
  }

  /** The Euclidean projection of {@code y} onto {x ≥ 0, Σ x = total} (sort-based, Duchi et al. 2008). */
  static double[] projectOntoSimplex(double[] y, double total) {
    int n = y.length;
    double[] out = new double[n];
    if (n == 0 || !(total > 0)) {
      return out;
    }
    double[] sorted = y.clone();
    Arrays.sort(sorted);
    double cumulative = 0;
    double theta = 0;
    for (int k = 1; k <= n; k++) {
      double v = sorted[n - k];
      cumulative += v;
      double t = (cumulative - total) / k;
      if (v - t > 0) {
        theta = t;
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(0, y[i] - theta);
    }
    return out;
  }

  static boolean isMissing(ValueKind kind) {
    return kind == ValueKind.NULL || kind == ValueKind.MISSING_TOKEN || kind == ValueKind.BLANK;
  }

  double count(ValueKind kind) {
    return counts[kind.ordinal()];
  }

  double rows() {
    return rows;
  }

  double rowsStd() {
    return rowsStd;
  }

  /** Noise std of one kind count. */
  double kindStd() {
    return kindStd;
  }

  double missing() {
    return count(ValueKind.NULL) + count(ValueKind.MISSING_TOKEN) + count(ValueKind.BLANK);
  }

  double present() {
    return Math.max(0, rows - missing());
  }

  /** Noise std of the sum of {@code n} kind counts. */
  double sumStd(int n) {
    return kindStd * Math.sqrt(Math.max(1, n));
  }

  /** Noise std of the present count: the row count's and that of the family's missing kinds. */
  double presentStd() {
    int missingKinds = 0;
    for (ValueKind k : family.kinds()) {
      missingKinds += isMissing(k) ? 1 : 0;
    }
    return Math.sqrt(rowsStd * rowsStd + missingKinds * kindStd * kindStd);
  }

  /** Share of present values of the kinds {@code kinds}, or 0 when nothing is present. */
  double shareOfPresent(ValueKind... kinds) {
    return shareOfPresent(Arrays.asList(kinds));
  }

  /** Share of present values of the kinds {@code kinds}, or 0 when nothing is present. */
  double shareOfPresent(Collection<ValueKind> kinds) {
    double p = present();
    return p <= 0 ? 0 : Math.max(0, Math.min(1, count(kinds) / p));
  }

  /** The values of the kinds {@code kinds}. */
  double count(Collection<ValueKind> kinds) {
    double c = 0;
    for (ValueKind k : kinds) {
      c += count(k);
    }
    return c;
  }

  /** The values read as numbers: those the column's magnitudes count. */
  double numbers() {
    return count(numberKinds());
  }

  /** Noise std of {@link #numbers}. */
  double numbersStd() {
    return sumStd(numberKinds().size());
  }

  private Set<ValueKind> numberKinds() {
    return family == ColumnFamily.NUMERIC ? ValueKind.NATIVE_NUMBERS : ValueKind.TEXT_NUMBERS;
  }

  /** Noise std of {@link #shareOfPresent} over {@code n} kinds (first order). */
  double shareStd(int n) {
    double p = present();
    return p > 0 ? Math.min(1, sumStd(n) / p) : 1;
  }
}
