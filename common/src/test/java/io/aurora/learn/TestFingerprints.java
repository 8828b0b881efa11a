package io.aurora.learn;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** Fingerprints for tests, built from the few statistics the pattern key looks at. */
final class TestFingerprints {
  static final Timestamp T0 = Timestamp.valueOf("2026-01-01 00:00:00");

  private TestFingerprints() {}

  /** A numeric column. */
  static Fingerprint numeric(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double skew, double span, double negativeShare) {
    return numeric(tenant, dataset, run, column, rows, distinct, nullFraction, skew, span, negativeShare, 0.5);
  }

  /** A numeric column with a given share of integer values (0 = a continuous measurement, 1 = counts or ids). */
  static Fingerprint numeric(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double skew, double span, double negativeShare, double integerShare) {
    return new Fingerprint(tenant, dataset, run, null, 0, column, "double", TypeClass.NUMERIC, 0.99, rows,
        nullFraction, distinct, distinct / rows, 0.01, 0.05, 0.9, 0.5, 1.0, 10.0, 3.0, skew, 3.0, 0.01,
        negativeShare, 0.0, integerShare, 0.0, span, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0),
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        0.1, Map.of("count", 1.0), Map.of(), Map.of(), false, T0);
  }

  /** A string column with the given parse shares (number, date, unit, list) and mean tokens. */
  static Fingerprint string(String tenant, String dataset, String run, String column, double rows, double distinct,
      double nullFraction, double numberShare, double dateShare, double unitShare, double listShare, double meanTokens) {
    return new Fingerprint(tenant, dataset, run, null, 0, column, "string", TypeClass.STRING, 0.99, rows,
        nullFraction, distinct, distinct / rows, 0.2, 0.6, 0.5, 0.1, numberShare, null, null, null, null, null,
        null, null, null, null, null, null, 8.0, 2.0, meanTokens, 0.1, 0.8, 0.05, 0.05, numberShare, dateShare,
        0.0, 0.0, 0.0, listShare, unitShare, 0.0, 0.1, Map.of("count", 1.0), Map.of(), Map.of(), false, T0);
  }
}
