package io.aurora.learn;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** Fingerprints for tests, built from the few statistics the pattern key looks at (exact unless noise scales are given). */
final class TestFingerprints {
  static final Timestamp T0 = Timestamp.valueOf("2026-01-01 00:00:00");

  private TestFingerprints() {}

  /** A continuous numeric column (no integers). */
  static Fingerprint numeric(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double kelly, double span, double negativeShare) {
    return numeric(tenant, dataset, run, column, rows, distinct, nullFraction, kelly, span, negativeShare, 0.0);
  }

  /**
   * A numeric column whose 5th, 50th and 95th percentiles have the quantile skewness {@code kelly} and
   * span {@code span} decades (for a column with negatives: a spread around zero), with a share of
   * integer values (0 = a continuous measurement, 1 = counts or ids).
   */
  static Fingerprint numeric(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double kelly, double span, double negativeShare, double integerShare) {
    return numericBuilder(tenant, dataset, run, column, rows, distinct, nullFraction, kelly, span, negativeShare,
        integerShare).build();
  }

  static Fingerprint.Builder numericBuilder(String tenant, String dataset, String run, String column, double rows,
      double distinct, double nullFraction, double kelly, double span, double negativeShare, double integerShare) {
    double q05 = negativeShare >= 0.05 ? -10 : 10;
    double q95 = negativeShare >= 0.05 ? 10 + 20 * span : 10 * Math.pow(10, span);
    double q50 = (q95 + q05 - kelly * (q95 - q05)) / 2;
    List<Double> quantiles = List.of(q05 / 2, q05, (q05 + q50) / 2, q50, (q50 + q95) / 2, q95, q95 * 2);
    return base(tenant, dataset, run, column, "double", TypeClass.NUMERIC, rows, distinct, nullFraction)
        .set(Field.NUMERIC_SHARE, 1.0).set(Field.MEAN, q50).set(Field.STDDEV, q95 - q05).set(Field.SKEWNESS, 3 * kelly)
        .set(Field.KURTOSIS, 3.0).set(Field.OUTLIER_MASS, 0.01).set(Field.NEGATIVE_SHARE, negativeShare)
        .set(Field.ZERO_SHARE, 0.0).set(Field.INTEGER_SHARE, integerShare).set(Field.NON_FINITE_SHARE, 0.0)
        .set(Field.MAGNITUDE_SPAN, span + 1).set(Field.QUANTILES, quantiles);
  }

  /** A string column with the given parse shares (number, date, unit, list) and mean tokens. */
  static Fingerprint string(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double numberShare, double dateShare, double unitShare, double listShare, double meanTokens) {
    return base(tenant, dataset, run, column, "string", TypeClass.STRING, rows, distinct, nullFraction)
        .set(Field.NUMERIC_SHARE, numberShare).set(Field.MEAN_LENGTH, 8.0).set(Field.STDDEV_LENGTH, 2.0)
        .set(Field.MEAN_TOKENS, meanTokens).set(Field.NUMBER_PARSE_SHARE, numberShare).set(Field.DATE_PARSE_SHARE, dateShare)
        .set(Field.BOOLEAN_PARSE_SHARE, 0.0).set(Field.URL_SHARE, 0.0).set(Field.EMAIL_SHARE, 0.0)
        .set(Field.LIST_SHARE, listShare).set(Field.NUMBER_WITH_UNIT_SHARE, unitShare).set(Field.LEADING_ZERO_SHARE, 0.0)
        .build();
  }

  /**
   * {@code fp} as a release whose counts had noise of std {@code sigma} (every statistic), with the
   * missing share's std that noise gives on {@code fp}'s rows.
   */
  static Fingerprint withNoise(Fingerprint fp, double sigma) {
    return fp.toBuilder()
        .set(Field.NOISE_SCALES, Map.of("kinds", sigma, "distinct", sigma, "buckets", sigma, "magnitudes", sigma))
        .set(Field.ESTIMATE_STD, Map.of(Field.NULL_FRACTION.wireName(), sigma * Math.sqrt(2) / fp.rowCount()))
        .build();
  }

  private static Fingerprint.Builder base(String tenant, String dataset, String run, String column, String sparkType,
      TypeClass type, double rows, double distinct, double nullFraction) {
    return Fingerprint.builder().set(Field.TENANT, tenant).set(Field.DATASET, dataset).set(Field.RUN_ID, run)
        .set(Field.COLUMN_NAME, column).set(Field.SPARK_TYPE, sparkType).set(Field.TYPE_CLASS, type)
        .set(Field.TYPE_AGREEMENT, 0.99).set(Field.ROW_COUNT, rows).set(Field.NULL_FRACTION, nullFraction)
        .set(Field.DISTINCT_ESTIMATE, distinct).set(Field.DISTINCT_RATIO, distinct / (rows * (1 - nullFraction)))
        .set(Field.TOP1_SHARE, 0.01).set(Field.TOP10_SHARE, 0.05).set(Field.ENTROPY_NORMALIZED, 0.9)
        .set(Field.SINGLETON_SHARE, 0.5).set(Field.EPSILON, 0.1).set(Field.NOISE_SCALES, Map.of())
        .set(Field.CREATED_AT, T0);
  }
}
