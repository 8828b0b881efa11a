package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calibrated probabilities for the expert rules: for each rule (and each stratum of a rule: a
 * bucket of distinct count and missingness) and each action it may propose, the empirical rate at
 * which that action was acceptable on labelled real columns, smoothed with a Beta prior. The prior
 * of a stratum is its rule's rate (strength {@link #STRATUM_PRIOR_STRENGTH} pseudo-observations);
 * the prior of a rule is Beta(1, 1), so a rule never seen answers 0.5 (= uncertain).
 */
public final class ExpertCalibration implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Pseudo-observations with which a stratum leans on its rule's rate. */
  public static final double STRATUM_PRIOR_STRENGTH = 10.0;
  private static final String RESOURCE = "/io/aurora/recommend/expert-calibration.properties";

  // key → observations; key + "|" + action → acceptable observations. Keys: "rule" or "rule/stratum".
  private final Map<String, Double> counts;

  public ExpertCalibration(Map<String, Double> counts) {
    // hashed: looked up several times per fingerprint on the executors
    this.counts = new java.util.HashMap<>(requireNonNull(counts, "counts is null"));
  }

  /** No evidence: every action 0.5. */
  public static ExpertCalibration uninformed() {
    return new ExpertCalibration(Map.of());
  }

  /** The calibration fitted on the feature-type corpus and shipped in the jar. */
  public static ExpertCalibration shipped() {
    try (InputStream in = ExpertCalibration.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Properties p = new Properties();
      p.load(in);
      Map<String, Double> counts = new TreeMap<>();
      for (String name : p.stringPropertyNames()) {
        counts.put(name, Double.parseDouble(p.getProperty(name)));
      }
      return new ExpertCalibration(counts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accumulates labelled observations into a calibration. */
  public static final class Builder {
    private final Map<String, Double> counts = new TreeMap<>();

    /** One labelled column: the rule and stratum that fired, the actions it ranked, the actions acceptable. */
    public Builder add(String ruleId, String stratum, Iterable<Action> ranked, Set<Action> acceptable) {
      for (String key : new String[] {ruleId, ruleId + "/" + stratum}) {
        counts.merge(key, 1.0, Double::sum);
        for (Action a : ranked) {
          if (acceptable.contains(a)) {
            counts.merge(key + "|" + a.wireName(), 1.0, Double::sum);
          }
        }
      }
      return this;
    }

    public ExpertCalibration build() {
      return new ExpertCalibration(counts);
    }
  }

  /** Posterior mean probability that {@code action} is right for a column that fired {@code ruleId}. */
  public double probability(String ruleId, String stratum, Action action) {
    double n = counts.getOrDefault(ruleId, 0.0);
    double k = counts.getOrDefault(ruleId + "|" + action.wireName(), 0.0);
    double ruleRate = (k + 1.0) / (n + 2.0);
    String key = ruleId + "/" + stratum;
    double ns = counts.getOrDefault(key, 0.0);
    double ks = counts.getOrDefault(key + "|" + action.wireName(), 0.0);
    return (ks + STRATUM_PRIOR_STRENGTH * ruleRate) / (ns + STRATUM_PRIOR_STRENGTH);
  }

  /** Observations behind {@code ruleId} (all strata). */
  public double observations(String ruleId) {
    return counts.getOrDefault(ruleId, 0.0);
  }

  /** Writes the counts in the format {@link #shipped()} reads. */
  public void write(Writer out, String comment) throws IOException {
    out.write("# " + comment + "\n");
    for (Map.Entry<String, Double> e : new TreeMap<>(counts).entrySet()) {
      out.write(e.getKey().replace(" ", "\\ ") + "=" + e.getValue().longValue() + "\n");
    }
  }
}
