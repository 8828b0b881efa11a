package io.aurora.model;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.ColumnNameKind;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RuleId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The features the retrained model reads, {@link #NAMES} in order, all from a fingerprint (never a
 * value) and the expert rules' proposal for it:
 *
 * <ul>
 *   <li>the type class, one indicator per {@link TypeClass};
 *   <li>every released statistic of the {@link Field} table ({@link #STATISTICS}) and the seven
 *       quantiles, then the noise std released with each of them ({@code std.<field>},
 *       {@code std.q<level>}): it tells the model how far to trust the value next to it;
 *   <li>the run's ε and whether the fingerprint was flagged low-utility;
 *   <li>what the column name says ({@link ColumnNameKind}, one indicator per kind);
 *   <li>the expert rule that fired ({@link RuleId}, one indicator per rule) and its confidence.
 * </ul>
 *
 * Numeric values enter as {@code sign(x)·ln(1 + |x|)}: monotone, so the trees split as on the raw
 * values, while row counts and magnitudes stay on a scale the linear half can weigh. A statistic the
 * fingerprint does not have (a string column's skewness, a std that was not released) is {@code NaN}.
 */
public final class ModelFeatures {
  /** The released scalar statistics, in table order. */
  public static final List<Field> STATISTICS = statistics();
  /** Feature names in vector order; stored with every model, which is refused when they differ. */
  public static final List<String> NAMES = names();

  private ModelFeatures() {}

  private static List<Field> statistics() {
    List<Field> out = new ArrayList<>();
    for (Field f : Field.values()) {
      if (f.ordinal() >= Field.TYPE_AGREEMENT.ordinal() && f.ordinal() <= Field.LEADING_ZERO_SHARE.ordinal()
          && f != Field.QUANTILES) {
        out.add(f);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static String quantileKey(int q) {
    return "q" + Math.round(Fingerprint.QUANTILE_LEVELS[q] * 100);
  }

  private static List<String> names() {
    List<String> n = new ArrayList<>();
    for (TypeClass t : TypeClass.values()) {
      n.add("type_class=" + t.name().toLowerCase(Locale.ROOT));
    }
    for (Field f : STATISTICS) {
      n.add(f.wireName());
    }
    for (int q = 0; q < Fingerprint.QUANTILE_LEVELS.length; q++) {
      n.add(quantileKey(q));
    }
    for (Field f : STATISTICS) {
      n.add("std." + f.wireName());
    }
    for (int q = 0; q < Fingerprint.QUANTILE_LEVELS.length; q++) {
      n.add("std." + quantileKey(q));
    }
    n.add(Field.EPSILON.wireName());
    n.add(Field.LOW_UTILITY.wireName());
    for (ColumnNameKind k : ColumnNameKind.values()) {
      n.add("name_kind=" + k.name().toLowerCase(Locale.ROOT));
    }
    for (RuleId r : RuleId.values()) {
      n.add("rule=" + r.wireName());
    }
    n.add("rule_confidence");
    return List.copyOf(n);
  }

  /** The feature vector of {@code f}, given the expert rules' proposal {@code expert} for it. */
  public static float[] of(Fingerprint f, Proposal expert) {
    float[] x = new float[NAMES.size()];
    int i = 0;
    for (TypeClass t : TypeClass.values()) {
      x[i++] = f.typeClass() == t ? 1 : 0;
    }
    for (Field field : STATISTICS) {
      Object v = field.get(f);
      x[i++] = v instanceof Number n ? slog(n.doubleValue()) : Float.NaN;
    }
    List<Double> quantiles = f.quantiles();
    for (int q = 0; q < Fingerprint.QUANTILE_LEVELS.length; q++) {
      x[i++] = quantiles != null && q < quantiles.size() && quantiles.get(q) != null ? slog(quantiles.get(q)) : Float.NaN;
    }
    Map<String, Double> std = f.estimateStd();
    for (Field field : STATISTICS) {
      x[i++] = stdOf(std.get(field.wireName()));
    }
    for (int q = 0; q < Fingerprint.QUANTILE_LEVELS.length; q++) {
      x[i++] = stdOf(std.get(quantileKey(q)));
    }
    x[i++] = slog(f.epsilon());
    x[i++] = f.lowUtility() ? 1 : 0;
    ColumnNameKind kind = ColumnNameKind.of(f.columnName());
    for (ColumnNameKind k : ColumnNameKind.values()) {
      x[i++] = k == kind ? 1 : 0;
    }
    RuleId fired = ruleOf(expert);
    for (RuleId r : RuleId.values()) {
      x[i++] = r == fired ? 1 : 0;
    }
    x[i++] = (float) expert.top().confidence();
    if (i != x.length) {
      throw new IllegalStateException("feature vector length " + i + " is not " + x.length);
    }
    return x;
  }

  /** The expert rule behind {@code expert} ({@code expert:<rule>}), or null for a rule this version does not know. */
  public static RuleId ruleOf(Proposal expert) {
    String id = expert.ruleId();
    if (id == null) {
      return null;
    }
    return RuleId.fromWire(id.startsWith("expert:") ? id.substring("expert:".length()) : id);
  }

  private static float stdOf(Double s) {
    return s == null || s.isNaN() ? Float.NaN : slog(s);
  }

  private static float slog(double v) {
    if (Double.isNaN(v)) {
      return Float.NaN;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
    }
    return (float) (Math.signum(v) * Math.log1p(Math.abs(v)));
  }

  /** {@code x} with every missing value as 0, for learners that cannot take {@code NaN} (the linear half). */
  public static double[] filled(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Float.isNaN(x[i]) ? 0.0 : x[i];
    }
    return out;
  }
}
