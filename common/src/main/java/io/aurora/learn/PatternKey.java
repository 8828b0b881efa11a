package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The coarse shape of a column that similar columns share: the grouping key of learned rules.
 *
 * <p>Built only from a {@link Fingerprint} (released statistics, their public noise scales and the
 * column name), so it is post-processing of DP output. Every statistic is cut into a few buckets
 * whose edges sit where columns rarely are, and it enters the key only when its noise is small for
 * those edges ({@link KeyResolution}, decided from the noise scales, not the values); otherwise its
 * buckets are merged ("1..some") or it is left out ("?"). The numeric shape is read from the 5th,
 * 50th and 95th percentiles, which the noise moves least: the sign, a robust (quantile) skew and the
 * span between the 5th and 95th percentile in decades. The column name contributes only its
 * <em>role</em>: a token from a small fixed vocabulary ("id", "zip", "amount", …). Two levels: the
 * fine key (shape, missingness, name role) and the coarse key (shape only); rules are learned at
 * both and the most specific matching level wins. The key starts with a version so that a later
 * definition never mixes with rules learned under this one.
 */
public record PatternKey(String value) implements Serializable, Comparable<PatternKey> {
  /** Version prefix of keys built by this class. */
  public static final String VERSION = "v2";
  /** Marks keys of the coarse level (no name role, no missingness). */
  public static final String COARSE = "coarse";
  /** Edge of the distinct count between "some" and "many" levels. */
  static final double MANY_LEVELS = 200;
  /** Edge of the distinct count between "many" and "huge". */
  static final double HUGE_LEVELS = 5000;
  /**
   * Quantile skewness (Kelly) beyond which a spread is skewed: symmetric shapes sit near 0 (normal,
   * uniform), skewed ones from 0.4 up (exponential 0.56, log-normal 0.7 to 0.95).
   */
  static final double SKEWED = 0.3;
  /**
   * Decades between the 5th and 95th percentile from which values span orders of magnitude: a
   * symmetric measurement away from zero spans well under half a decade, an exponential 1.8,
   * log-normal amounts 1.4 (σ = 1) to 2.9 (σ = 2).
   */
  static final double WIDE_DECADES = 1.0;
  /** Share of negative values from which a column is signed (a few stray negatives are not). */
  static final double SIGNED_SHARE = 0.05;

  /** Name tokens that say what role a column plays; any other name contributes nothing. */
  static final Set<String> ROLES = Set.of(
      "id", "key", "uuid", "guid", "code", "no", "num", "number",
      "zip", "zipcode", "postcode", "postal", "phone", "email", "url", "link",
      "date", "time", "timestamp", "at", "year", "month", "day",
      "name", "title", "description", "comment", "text", "notes",
      "amount", "price", "cost", "fee", "total", "balance", "salary", "income", "revenue",
      "count", "qty", "quantity", "age", "score", "rate", "ratio", "pct", "percent",
      "lat", "latitude", "lon", "lng", "longitude", "flag", "tags", "category", "type", "status");

  private static final String[] CARD_LABELS = {"1", "2", "few", "some", "many", "huge"};
  private static final double[] CARD_EDGES = {1.5, 2.5, 20, MANY_LEVELS, HUGE_LEVELS};

  public PatternKey {
    requireNonNull(value, "value is null");
  }

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

  /** True for keys of this version of the definition (rules learned under another never match). */
  public boolean isCurrent() {
    return value.startsWith(VERSION + "|");
  }

  /** The key's type class and its named parts ({@code card}, {@code skew}, …) in order. */
  public Map<String, String> parts() {
    Map<String, String> out = new LinkedHashMap<>();
    String[] tokens = value.split("\\|");
    for (int i = 1; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq > 0) {
        out.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
      } else if (!tokens[i].equals(COARSE)) {
        out.put("type", tokens[i]);
      }
    }
    return out;
  }

  private static PatternKey build(Fingerprint fp, boolean coarse) {
    requireNonNull(fp, "fp is null");
    KeyResolution resolution = KeyResolution.of(fp);
    List<String> parts = new ArrayList<>();
    parts.add(VERSION);
    if (coarse) {
      parts.add(COARSE);
    }
    parts.add(fp.typeClass().wireName());
    parts.add("card=" + cardinality(fp, resolution));
    if (!coarse) {
      parts.add("null=" + (resolution.nulls() ? nullBucket(fp.nullFraction()) : "?"));
    }
    if (fp.typeClass() == TypeClass.NUMERIC) {
      if (resolution.shape()) {
        NumericShape shape = NumericShape.of(fp);
        parts.add("sign=" + shape.sign());
        parts.add("skew=" + shape.skew());
        parts.add("span=" + shape.span());
      } else {
        parts.add("shape=?");
      }
    }
    if (fp.typeClass() == TypeClass.STRING) {
      parts.add("str=" + stringShape(fp));
    }
    if (!coarse) {
      parts.add("role=" + role(fp.columnName()));
    }
    return new PatternKey(String.join("|", parts));
  }

  static String cardinality(Fingerprint fp, KeyResolution resolution) {
    double d = fp.distinctEstimate();
    if (Double.isNaN(d)) {
      return "na";
    }
    boolean integers = fp.integerShare() == null || fp.integerShare() >= 0.5;
    // Continuous measurements: how many of their values are distinct depends on rounding (a 2-decimal
    // amount column is 40-100 % distinct), so one bucket keeps similar measurement columns together.
    if (fp.typeClass() == TypeClass.NUMERIC && !integers && d >= 20) {
      return "cont";
    }
    // Id-like columns: nearly every value distinct, where the noise tells 0.9 from 1.
    if (resolution.unique() && fp.distinctRatio() >= 0.9 && d >= 20) {
      return "unique";
    }
    boolean[] kept = {resolution.levels(), resolution.levels(), resolution.levels(), resolution.manyLevels(),
        resolution.hugeLevels()};
    int bucket = 0;
    while (bucket < CARD_EDGES.length && d >= CARD_EDGES[bucket]) {
      bucket++;
    }
    int low = bucket;
    while (low > 0 && !kept[low - 1]) {
      low--;
    }
    int high = bucket;
    while (high < CARD_EDGES.length && !kept[high]) {
      high++;
    }
    return low == high ? CARD_LABELS[low] : CARD_LABELS[low] + ".." + CARD_LABELS[high];
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

  /** Sign, skew and span of a numeric column from its quantiles (5th, 50th, 95th percentile). */
  record NumericShape(String sign, String skew, String span) {
    static NumericShape of(Fingerprint fp) {
      List<Double> q = fp.quantiles();
      if (q == null || q.size() != Fingerprint.QUANTILE_LEVELS.length) {
        return new NumericShape("na", "na", "na");
      }
      double q05 = q.get(1);
      double q50 = q.get(3);
      double q95 = q.get(5);
      boolean signed = fp.negativeShare() != null && fp.negativeShare() >= SIGNED_SHARE;
      double range = q95 - q05;
      String skew;
      if (!(range > 0)) {
        skew = "0";
      } else {
        double kelly = (q95 + q05 - 2 * q50) / range;
        skew = kelly >= SKEWED ? "+" : kelly <= -SKEWED ? "-" : "0";
      }
      String span;
      if (signed) {
        span = "na";
      } else if (q05 > 0) {
        span = Math.log10(q95 / q05) >= WIDE_DECADES ? "wide" : "narrow";
      } else {
        // 5 % or more of the values are zero (or noise put the 5th percentile there)
        span = q95 > 0 ? "zeros" : "na";
      }
      return new NumericShape(signed ? "signed" : "positive", skew, span);
    }
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
