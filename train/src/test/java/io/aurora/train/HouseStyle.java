package io.aurora.train;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.Action;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated labelled fingerprints of a tenant whose house style differs from the textbook (and so
 * from the expert rules) for money, balances, ages and free text: what a retrained model can learn
 * and the expert rules do not.
 */
final class HouseStyle {
  private static final Timestamp T0 = Timestamp.valueOf("2026-01-01 00:00:00");

  record Column(Fingerprint fingerprint, Action house) {}

  private final String tenant;
  private final Random random;

  HouseStyle(String tenant, long seed) {
    this.tenant = tenant;
    this.random = new Random(seed);
  }

  List<Column> dataset(String dataset, int n) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(column(dataset, i));
    }
    return out;
  }

  private Column column(String dataset, int index) {
    String run = "run-" + dataset;
    // names are unique within a dataset (a suffix), as in a real table
    double rows = 5_000 + random.nextInt(100_000);
    double nulls = random.nextDouble() < 0.7 ? 0 : 0.05 + random.nextDouble() * 0.3;
    switch (random.nextInt(6)) {
      case 0:
        return new Column(numeric(dataset, run, index, pick("amount", "price", "total", "fee") + "_" + index, rows, rows * u(0.3, 0.9), nulls,
            u(3.5, 9), u(3.5, 6), 0), Action.ROBUST_SCALE);
      case 1:
        return new Column(numeric(dataset, run, index, pick("age", "tenure", "customer_age") + "_" + index, rows, u(40, 95), nulls,
            u(-0.5, 0.9), u(1.6, 2.0), 0), Action.KEEP_AS_IS);
      case 2:
        return new Column(numeric(dataset, run, index, pick("score", "rating", "height") + "_" + index, rows, u(200, 900), nulls,
            u(-0.8, 0.8), u(0.2, 1.4), 0), Action.STANDARD_SCALE);
      case 3:
        return new Column(string(dataset, run, index, pick("color", "region", "status") + "_" + index, rows, 3 + random.nextInt(12), nulls,
            u(1, 2)), Action.ONE_HOT_ENCODE);
      case 4:
        return new Column(string(dataset, run, index, pick("comment", "notes", "review") + "_" + index, rows, rows * u(0.6, 1), nulls,
            u(6, 40)), Action.DROP);
      default:
        return new Column(string(dataset, run, index, pick("merchant", "city", "store") + "_" + index, rows, u(300, 4000), nulls,
            u(1, 3)), Action.TARGET_ENCODE);
    }
  }

  private String pick(String... names) {
    return names[random.nextInt(names.length)];
  }

  private double u(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  private Fingerprint numeric(String dataset, String run, int index, String column, double rows, double distinct,
      double nulls, double skew, double span, double negative) {
    return base(dataset, run, index, column, "double", TypeClass.NUMERIC, rows, nulls, distinct)
        .set(Field.TOP1_SHARE, 0.01).set(Field.TOP10_SHARE, 0.05).set(Field.ENTROPY_NORMALIZED, 0.9)
        .set(Field.SINGLETON_SHARE, 0.5).set(Field.NUMERIC_SHARE, 1.0).set(Field.MEAN, 10.0 + u(0, 50))
        .set(Field.STDDEV, 3.0 + u(0, 5)).set(Field.SKEWNESS, skew).set(Field.KURTOSIS, 3.0).set(Field.OUTLIER_MASS, 0.01)
        .set(Field.NEGATIVE_SHARE, negative).set(Field.ZERO_SHARE, 0.0).set(Field.INTEGER_SHARE, 0.5)
        .set(Field.NON_FINITE_SHARE, 0.0).set(Field.MAGNITUDE_SPAN, span)
        .set(Field.QUANTILES, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)).build();
  }

  private Fingerprint string(String dataset, String run, int index, String column, double rows, double distinct,
      double nulls, double meanTokens) {
    Fingerprint.Builder b = base(dataset, run, index, column, "string", TypeClass.STRING, rows, nulls, distinct)
        .set(Field.TOP1_SHARE, 0.2).set(Field.TOP10_SHARE, 0.6).set(Field.ENTROPY_NORMALIZED, 0.5)
        .set(Field.SINGLETON_SHARE, 0.1).set(Field.NUMERIC_SHARE, 0.0)
        .set(Field.MEAN_LENGTH, 8.0 + meanTokens * 5).set(Field.STDDEV_LENGTH, 2.0).set(Field.MEAN_TOKENS, meanTokens)
        .set(Field.DIGIT_CHAR_SHARE, 0.1).set(Field.ALPHA_CHAR_SHARE, 0.8).set(Field.PUNCTUATION_CHAR_SHARE, 0.05)
        .set(Field.WHITESPACE_CHAR_SHARE, 0.05);
    for (Field f : List.of(Field.NUMBER_PARSE_SHARE, Field.DATE_PARSE_SHARE, Field.BOOLEAN_PARSE_SHARE, Field.URL_SHARE,
        Field.EMAIL_SHARE, Field.LIST_SHARE, Field.NUMBER_WITH_UNIT_SHARE, Field.LEADING_ZERO_SHARE)) {
      b.set(f, 0.0);
    }
    return b.build();
  }

  private Fingerprint.Builder base(String dataset, String run, int index, String column, String sparkType, TypeClass type,
      double rows, double nulls, double distinct) {
    return Fingerprint.builder().set(Field.TENANT, tenant).set(Field.DATASET, dataset).set(Field.RUN_ID, run)
        .set(Field.COLUMN_INDEX, index).set(Field.COLUMN_NAME, column).set(Field.SPARK_TYPE, sparkType)
        .set(Field.TYPE_CLASS, type).set(Field.TYPE_AGREEMENT, 0.99).set(Field.ROW_COUNT, rows)
        .set(Field.NULL_FRACTION, nulls).set(Field.DISTINCT_ESTIMATE, distinct)
        .set(Field.DISTINCT_RATIO, Math.min(1, distinct / rows)).set(Field.EPSILON, 1.0)
        .set(Field.NOISE_SCALES, Map.of()).set(Field.ESTIMATE_STD, Map.of()).set(Field.INTERVALS, Map.of())
        .set(Field.LOW_UTILITY, false).set(Field.CREATED_AT, T0);
  }
}
