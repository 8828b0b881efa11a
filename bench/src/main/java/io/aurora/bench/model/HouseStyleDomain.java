package io.aurora.bench.model;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.Action;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated domain: columns drawn from archetypes (ids, money, balances, ages, flags, categories,
 * dates, zip codes, free text, …) with varied statistics, names and missingness, each labelled with
 * the action this tenant's house style wants — which differs from the textbook action for ids, money,
 * balances, ages, zip codes and free text.
 */
public final class HouseStyleDomain {
  private static final Timestamp T0 = Timestamp.valueOf("2026-01-01 00:00:00");

  /** A column of the domain with the action the tenant's analysts want for it. */
  public record Column(Fingerprint fingerprint, Action house, String archetype) {}

  private enum Archetype {
    INT_ID(Action.DROP, "customer_id", "order_id", "account_id", "user_id", "id"),
    STRING_KEY(Action.DROP, "session_uuid", "api_key", "tracking_key"),
    AMOUNT(Action.ROBUST_SCALE, "amount", "net_amount", "price", "unit_price", "total", "fee"),
    BALANCE(Action.ROBUST_SCALE, "balance", "net_balance", "pnl"),
    MEASURE(Action.STANDARD_SCALE, "score", "rating", "temperature", "height"),
    AGE(Action.KEEP_AS_IS, "age", "customer_age", "tenure"),
    FLAG(Action.KEEP_AS_IS, "is_active", "has_coupon", "churn_flag"),
    FEW_LEVELS(Action.ONE_HOT_ENCODE, "color", "region", "segment", "status", "channel"),
    MANY_LEVELS(Action.TARGET_ENCODE, "merchant", "city", "product", "store"),
    DATE_STRING(Action.EXTRACT_DATETIME, "signup_date", "created_at", "order_date", "shipped"),
    ZIP(Action.TARGET_ENCODE, "zip", "postcode", "billing_zip"),
    TEXT(Action.DROP, "description", "comment", "review", "notes"),
    UNIT(Action.PARSE_NUMERIC, "weight", "size", "dosage"),
    LIST(Action.SPLIT_LIST, "tags", "categories", "features");

    final Action house;
    final String[] names;

    Archetype(Action house, String... names) {
      this.house = house;
      this.names = names;
    }
  }

  private final String tenant;
  private final Random random;
  private int counter;

  public HouseStyleDomain(String tenant, long seed) {
    this.tenant = tenant;
    this.random = new Random(seed);
  }

  /** {@code n} columns of one dataset of the domain. */
  public List<Column> dataset(String dataset, int n) {
    List<Column> out = new ArrayList<>();
    Archetype[] all = Archetype.values();
    for (int i = 0; i < n; i++) {
      Archetype a = all[random.nextInt(all.length)];
      out.add(new Column(fingerprint(a, dataset, i), a.house, a.name()));
    }
    return out;
  }

  private Fingerprint fingerprint(Archetype a, String dataset, int index) {
    String name = a.names[random.nextInt(a.names.length)];
    double rows = 1_000 + random.nextInt(200_000);
    double nulls = random.nextDouble() < 0.75 ? random.nextDouble() * 0.01 : 0.05 + random.nextDouble() * 0.4;
    String runId = "run-" + dataset;
    counter++;
    switch (a) {
      case INT_ID:
        return numeric(dataset, runId, index, name, rows, rows * (0.97 + 0.03 * random.nextDouble()), 0.0, uniform(-0.2, 0.2), uniform(3, 6), 0);
      case AMOUNT:
        return numeric(dataset, runId, index, name, rows, rows * uniform(0.3, 0.99), nulls, uniform(1.6, 9), uniform(3.6, 6), 0);
      case BALANCE:
        return numeric(dataset, runId, index, name, rows, rows * uniform(0.3, 0.99), nulls, uniform(1.6, 6), uniform(3.6, 6), uniform(0.05, 0.4));
      case MEASURE:
        return numeric(dataset, runId, index, name, rows, uniform(30, 150), nulls, uniform(-0.8, 0.8), uniform(0.2, 1.4), 0);
      case AGE:
        return numeric(dataset, runId, index, name, rows, uniform(40, 95), nulls, uniform(-0.5, 0.9), uniform(1.6, 2.0), 0);
      case FLAG:
        return numeric(dataset, runId, index, name, rows, 2, nulls, uniform(-1, 1), 0.0, 0);
      case STRING_KEY:
        return string(dataset, runId, index, name, rows, rows * uniform(0.97, 1.0), 0.0, 0, 0, 0, 0, 0, 1);
      case FEW_LEVELS:
        return string(dataset, runId, index, name, rows, 3 + random.nextInt(14), nulls, 0, 0, 0, 0, 0, uniform(1, 2));
      case MANY_LEVELS:
        return string(dataset, runId, index, name, rows, uniform(250, 4000), nulls, 0, 0, 0, 0, 0, uniform(1, 3));
      case DATE_STRING:
        return string(dataset, runId, index, name, rows, uniform(300, 3000), nulls, 0, uniform(0.9, 1), 0, 0, 0, 1);
      case ZIP:
        return string(dataset, runId, index, name, rows, uniform(500, 4000), nulls, uniform(0.95, 1), 0, 0, 0, uniform(0.6, 0.95), 1);
      case TEXT:
        return string(dataset, runId, index, name, rows, rows * uniform(0.6, 1), nulls, 0, 0, 0, 0, 0, uniform(6, 40));
      case UNIT:
        return string(dataset, runId, index, name, rows, uniform(30, 600), nulls, 0, 0, uniform(0.85, 1), 0, 0, 2);
      case LIST:
        return string(dataset, runId, index, name, rows, uniform(200, 3000), nulls, 0, 0, 0, uniform(0.85, 1), 0, uniform(3, 8));
      default:
        throw new IllegalStateException("archetype " + a);
    }
  }

  private double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  private Fingerprint numeric(String dataset, String run, int index, String column, double rows, double distinct,
      double nulls, double skew, double span, double negative) {
    return new Fingerprint(tenant, dataset, run, null, index, column, "double", TypeClass.NUMERIC, 0.99,
        rows, nulls, distinct, Math.min(1, distinct / rows), 0.01, 0.05, 0.9, 0.5, 1.0, 10.0, 3.0, skew, 3.0, 0.01,
        negative, 0.0, 0.5, 0.0, span, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0),
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 0.1, Map.of(), Map.of(), Map.of(), false, T0);
  }

  private Fingerprint string(String dataset, String run, int index, String column, double rows, double distinct,
      double nulls, double numberShare, double dateShare, double unitShare, double listShare, double leadingZero,
      double meanTokens) {
    return new Fingerprint(tenant, dataset, run, null, index, column, "string", TypeClass.STRING, 0.99, rows, nulls,
        distinct, Math.min(1, distinct / rows), 0.2, 0.6, 0.5, 0.1, numberShare, null, null, null, null, null, null,
        null, null, null, null, null, 8.0, 2.0, meanTokens, 0.1, 0.8, 0.05, 0.05, numberShare, dateShare, 0.0, 0.0,
        0.0, listShare, unitShare, leadingZero, 0.1, Map.of(), Map.of(), Map.of(), false, T0);
  }
}
