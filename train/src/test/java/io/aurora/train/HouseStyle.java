package io.aurora.train;

import io.aurora.fingerprint.Fingerprint;
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
 * and the shipped re-ranker cannot.
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
    return new Fingerprint(tenant, dataset, run, null, index, column, "double", TypeClass.NUMERIC, 0.99,
        rows, nulls, distinct, Math.min(1, distinct / rows), 0.01, 0.05, 0.9, 0.5, 1.0, 10.0 + u(0, 50), 3.0 + u(0, 5), skew,
        3.0, 0.01, negative, 0.0, 0.5, 0.0, span, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0),
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 1.0, Map.of(), false, T0);
  }

  private Fingerprint string(String dataset, String run, int index, String column, double rows, double distinct,
      double nulls, double meanTokens) {
    return new Fingerprint(tenant, dataset, run, null, index, column, "string", TypeClass.STRING, 0.99, rows, nulls,
        distinct, Math.min(1, distinct / rows), 0.2, 0.6, 0.5, 0.1, 0.0, null, null, null, null, null, null,
        null, null, null, null, null, 8.0 + meanTokens * 5, 2.0, meanTokens, 0.1, 0.8, 0.05, 0.05, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0, 1.0, Map.of(), false, T0);
  }
}
