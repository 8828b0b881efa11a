package io.aurora.recommend;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * How often each expert rule's action is acceptable when the rule fires: the last factor of an expert
 * recommendation's confidence. Measured end to end on the labelled corpus at the default ε
 * ({@code LabelledCorpusBench}, docs/recommendations.md) and shipped as
 * {@code expert-rule-precision.properties}; a rule seen too rarely there keeps {@link #PRIOR}.
 */
public final class RulePrecision implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The precision of a rule without measurements. */
  public static final double PRIOR = 0.8;
  private static final String RESOURCE = "/io/aurora/recommend/expert-rule-precision.properties";

  private final Map<RuleId, Double> precision;

  public RulePrecision(Map<RuleId, Double> precision) {
    this.precision = new EnumMap<>(RuleId.class);
    precision.forEach((id, p) -> {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("precision of " + id.wireName() + " must be in [0, 1]: " + p);
      }
      this.precision.put(id, p);
    });
  }

  /** Every rule at {@link #PRIOR}. */
  public static RulePrecision uniform() {
    return new RulePrecision(Map.of());
  }

  /** The shipped measurements. */
  public static RulePrecision shipped() {
    Properties p = new Properties();
    try (InputStream in = RulePrecision.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return uniform();
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<RuleId, Double> m = new EnumMap<>(RuleId.class);
    for (String name : p.stringPropertyNames()) {
      RuleId id = RuleId.fromWire(name);
      if (id == null) {
        throw new IllegalStateException("unknown rule '" + name + "' in " + RESOURCE);
      }
      m.put(id, Double.parseDouble(p.getProperty(name)));
    }
    return new RulePrecision(m);
  }

  public double of(RuleId id) {
    return precision.getOrDefault(id, PRIOR);
  }

  public Map<RuleId, Double> asMap() {
    return Map.copyOf(precision);
  }
}
