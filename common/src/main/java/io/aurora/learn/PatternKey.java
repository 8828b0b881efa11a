package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The coarse shape of a column that similar columns share: the grouping key of learned rules.
 *
 * <p>Built only from a {@link Fingerprint} (released statistics and the column name), so it is
 * post-processing of DP output. Every statistic is cut into a few buckets whose edges sit away from
 * the values columns typically take (shares cluster at 0 and 1, so share edges are at 0.5; counts of
 * distinct values cluster at 1, 2, 7, 12, 31, 50, 100, 365, so edges are at 1.5, 2.5, 20, 200, 5000;
 * magnitude spans cluster at whole decades, so edges are at 1.5 and 3.5 decades), which keeps a
 * column in its bucket under the noise of its fingerprint. The column name contributes only its
 * <em>role</em>: a token from a small fixed vocabulary ("id", "zip", "date", …) — enough to carry a
 * tenant's house style for "*_id" or "zip" columns without making every name its own pattern.
 * Two levels: the fine key (shape, missingness, name role) and the coarse key (shape only); rules
 * are learned at both and the most specific matching level wins, so a house style generalizes
 * across column names after few corrections while name-specific habits still override it.
 * The key starts with a version so a future definition never mixes with rules learned under this one.
 */
public record PatternKey(String value) implements Serializable, Comparable<PatternKey> {
  /** Version prefix of keys built by this class. */
  public static final String VERSION = "v1";

  /** Name tokens that say what role a column plays; any other name contributes nothing. */
  private static final Set<String> ROLES = Set.of(
      "id", "key", "uuid", "guid", "code", "no", "num", "number",
      "zip", "zipcode", "postcode", "postal", "phone", "email", "url", "link",
      "date", "time", "timestamp", "at", "year", "month", "day",
      "name", "title", "description", "comment", "text", "notes",
      "amount", "price", "cost", "fee", "total", "balance", "salary", "income", "revenue",
      "count", "qty", "quantity", "age", "score", "rate", "ratio", "pct", "percent",
      "lat", "latitude", "lon", "lng", "longitude", "flag", "tags", "category", "type", "status");

  public PatternKey {
    requireNonNull(value, "value is null");
  }

  /** Marks keys of the coarse level (no name role, no missingness). */
  public static final String COARSE = "coarse";

  /** The (fine) pattern key of {@code fp}: deterministic, the same on every JVM. */
  public static PatternKey of(Fingerprint fp) {
    return build(fp, false);
  }

  /**
   * The coarse pattern key of {@code fp}: the shape of the values only, without the column name's
   * role and the missingness. Rules at this level generalize a house style across names.
   */
  public static PatternKey coarse(Fingerprint fp) {
    return build(fp, true);
  }

  /** The keys rules are looked up by, most specific first: a fine rule wins over a coarse one. */
  public static List<PatternKey> levels(Fingerprint fp) {
    return List.of(of(fp), coarse(fp));
  }

  /** True for keys made by {@link #coarse}. */
  public boolean isCoarse() {
    return value.startsWith(VERSION + "|" + COARSE + "|");
  }

  private static PatternKey build(Fingerprint fp, boolean coarse) {
    requireNonNull(fp, "fp is null");
    List<String> parts = new ArrayList<>();
    parts.add(VERSION);
    if (coarse) {
      parts.add(COARSE);
    }
    parts.add(fp.typeClass().wireName());
    parts.add("card=" + cardinality(fp));
    if (!coarse) {
      parts.add("null=" + nullBucket(fp.nullFraction()));
    }
    if (fp.typeClass() == TypeClass.NUMERIC) {
      parts.add("skew=" + skewBucket(fp.skewness()));
      parts.add("span=" + spanBucket(fp.magnitudeSpan()));
      parts.add("neg=" + (share(fp.negativeShare()) >= 0.02 ? "y" : "n"));
    }
    if (fp.typeClass() == TypeClass.STRING) {
      parts.add("str=" + stringShape(fp));
    }
    if (!coarse) {
      parts.add("role=" + role(fp.columnName()));
    }
    return new PatternKey(String.join("|", parts));
  }

  static String cardinality(Fingerprint fp) {
    double d = fp.distinctEstimate();
    if (d < 1.5) {
      return "1";
    }
    if (d < 2.5) {
      return "2";
    }
    // Continuous measurements: how many of their values are distinct depends on rounding (a 2-decimal
    // amount column is 85-100 % distinct), so the released ratio scatters around any edge placed
    // there; one bucket keeps similar measurement columns together. Integer columns keep the
    // unique/many split below, which is what tells an identifier from a count.
    if (fp.typeClass() == TypeClass.NUMERIC && d >= 20 && fp.integerShare() != null && fp.integerShare() < 0.5) {
      return "cont";
    }
    // Id-like columns: nearly every value distinct (ratio noise stays well inside 0.9..1).
    if (fp.distinctRatio() >= 0.9 && d >= 20) {
      return "unique";
    }
    if (d < 20) {
      return "few";
    }
    if (d < 200) {
      return "some";
    }
    return d < 5000 ? "many" : "huge";
  }

  static String nullBucket(double nullFraction) {
    if (nullFraction < 0.05) {
      return "0";
    }
    if (nullFraction < 0.6) {
      return "some";
    }
    return nullFraction < 0.95 ? "most" : "all";
  }

  static String skewBucket(Double skewness) {
    if (skewness == null || Double.isNaN(skewness)) {
      return "na";
    }
    // Symmetric shapes sit near 0 (normal, uniform) and skewed ones at 2 and beyond (exponential 2,
    // log-normal more): the edge at 1.25 is away from both.
    if (Math.abs(skewness) < 1.25) {
      return "0";
    }
    return skewness > 0 ? "+" : "-";
  }

  static String spanBucket(Double magnitudeSpan) {
    if (magnitudeSpan == null || Double.isNaN(magnitudeSpan)) {
      return "na";
    }
    if (magnitudeSpan < 1.5) {
      return "0";
    }
    return magnitudeSpan < 3.5 ? "1" : "2";
  }

  static String stringShape(Fingerprint fp) {
    List<String> flags = new ArrayList<>();
    // Order fixed: the key must not depend on iteration order.
    if (share(fp.urlShare()) >= 0.5) {
      flags.add("url");
    }
    if (share(fp.emailShare()) >= 0.5) {
      flags.add("email");
    }
    if (share(fp.dateParseShare()) >= 0.5) {
      flags.add("date");
    }
    if (share(fp.booleanParseShare()) >= 0.5) {
      flags.add("bool");
    }
    if (share(fp.numberWithUnitShare()) >= 0.5) {
      flags.add("unit");
    } else if (share(fp.numberParseShare()) >= 0.5) {
      flags.add("num");
    }
    if (share(fp.listShare()) >= 0.5) {
      flags.add("list");
    }
    if (share(fp.leadingZeroShare()) >= 0.5) {
      flags.add("lead0");
    }
    // Free text: several words per value on average (names and labels have one to three).
    if (fp.meanTokens() != null && fp.meanTokens() >= 4.5) {
      flags.add("text");
    }
    return flags.isEmpty() ? "plain" : String.join("+", flags);
  }

  /** The role token of a column name: its last (else first) normalized token that is in the role vocabulary. */
  static String role(String columnName) {
    List<String> tokens = tokens(columnName);
    if (tokens.isEmpty()) {
      return "-";
    }
    if (tokens.size() > 1 && (tokens.get(0).equals("is") || tokens.get(0).equals("has"))) {
      return "flag";
    }
    String last = tokens.get(tokens.size() - 1);
    if (ROLES.contains(last)) {
      return last;
    }
    String first = tokens.get(0);
    return ROLES.contains(first) ? first : "-";
  }

  /** camelCase, snake_case, kebab-case, spaces and digits split into lower-case word tokens. */
  static List<String> tokens(String name) {
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
    List<String> out = new ArrayList<>();
    for (String t : spaced.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static double share(Double s) {
    return s == null || Double.isNaN(s) ? 0.0 : s;
  }

  @Override
  public int compareTo(PatternKey o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
