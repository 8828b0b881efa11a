package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calibrated probabilities for the expert rules: for each rule (and each level of a rule's
 * stratum, coarse to fine, see {@link ExpertRules#stratum}) and each action it may propose, the
 * empirical rate at which that action was acceptable on labelled real columns, smoothed with a Beta
 * prior. The prior of a level is the rate of the level above (strength
 * {@link #STRATUM_PRIOR_STRENGTH} pseudo-observations); the prior of a rule is Beta(1, 1), so a
 * rule never seen answers 0.5 (= uncertain).
 */
public final class ExpertCalibration implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Pseudo-observations with which a stratum leans on its rule's rate. */
  public static final double STRATUM_PRIOR_STRENGTH = 10.0;
  /** Separates alternative paths of one stratum. */
  public static final String PATH_SEPARATOR = " ; ";
  /** Marks the root key of the second and later paths: {@code rule#1}. */
  private static final String PATH_MARK = "#";
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
      return add(ruleId, stratum, ranked, acceptable, 1.0);
    }

    /**
     * One labelled column counted with {@code weight} in {@code stratum} (a share of it, when its
     * rate is interpolated between strata: {@link ExpertRules#strata}).
     */
    public Builder add(String ruleId, String stratum, Iterable<Action> ranked, Set<Action> acceptable, double weight) {
      if (!(weight > 0)) {
        return this;
      }
      for (String key : allLevels(ruleId, stratum)) {
        counts.merge(key, weight, Double::sum);
        for (Action a : ranked) {
          if (acceptable.contains(a)) {
            counts.merge(key + "|" + a.wireName(), weight, Double::sum);
          }
        }
      }
      return this;
    }

    public ExpertCalibration build() {
      return new ExpertCalibration(counts);
    }
  }

  /**
   * Posterior mean probability that {@code action} is right for a column that fired {@code ruleId}
   * in {@code stratum}. A stratum is a path of levels separated by {@code /}, coarse to fine
   * ({@code d20-r2-int/codename}); each level's rate is a Beta posterior whose prior is the rate of
   * the level above, so a fine level with few labelled columns falls back on its parent.
   */
  public double probability(String ruleId, String stratum, Action action) {
    List<String> paths = paths(stratum);
    double sum = 0;
    for (int i = 0; i < paths.size(); i++) {
      sum += pathProbability(i == 0 ? ruleId : ruleId + PATH_MARK + i, paths.get(i), action);
    }
    return sum / paths.size();
  }

  /**
   * A stratum may name several paths ({@code d20-int/count/r0 ; count/d20-int}), each ordering the
   * same evidence differently; their probabilities are averaged. One order lets a sparse fine level
   * lean on a parent that says little about it (a rare name kind under a distinct-count bucket full
   * of codes); the other order lets it lean on what the name says.
   */
  private static List<String> paths(String stratum) {
    if (stratum == null || !stratum.contains(PATH_SEPARATOR)) {
      return java.util.Collections.singletonList(stratum);
    }
    List<String> out = new ArrayList<>();
    for (String p : stratum.split(java.util.regex.Pattern.quote(PATH_SEPARATOR))) {
      out.add(p.trim());
    }
    return out;
  }

  private static List<String> allLevels(String ruleId, String stratum) {
    List<String> paths = paths(stratum);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      keys.addAll(levels(i == 0 ? ruleId : ruleId + PATH_MARK + i, paths.get(i)));
    }
    return keys;
  }

  private double pathProbability(String ruleId, String stratum, Action action) {
    String suffix = "|" + action.wireName();
    List<String> keys = levels(ruleId, stratum);
    double n = counts.getOrDefault(keys.get(0), 0.0);
    double k = counts.getOrDefault(keys.get(0) + suffix, 0.0);
    double rate = (k + 1.0) / (n + 2.0);
    for (int i = 1; i < keys.size(); i++) {
      double ns = counts.getOrDefault(keys.get(i), 0.0);
      double ks = counts.getOrDefault(keys.get(i) + suffix, 0.0);
      rate = (ks + STRATUM_PRIOR_STRENGTH * rate) / (ns + STRATUM_PRIOR_STRENGTH);
    }
    return rate;
  }

  /** The keys of {@code ruleId} and of each prefix of {@code stratum}: {@code rule}, {@code rule/a}, {@code rule/a/b}. */
  private static List<String> levels(String ruleId, String stratum) {
    List<String> keys = new ArrayList<>();
    keys.add(ruleId);
    if (stratum != null && !stratum.isEmpty()) {
      StringBuilder key = new StringBuilder(ruleId);
      for (String level : stratum.split("/")) {
        key.append('/').append(level);
        keys.add(key.toString());
      }
    }
    return keys;
  }

  /** Observations behind {@code ruleId} (all strata). */
  public double observations(String ruleId) {
    return counts.getOrDefault(ruleId, 0.0);
  }

  /** Writes the counts in the format {@link #shipped()} reads. */
  public void write(Writer out, String comment) throws IOException {
    out.write("# " + comment + "\n");
    for (Map.Entry<String, Double> e : new TreeMap<>(counts).entrySet()) {
      double v = e.getValue();
      // shares of columns (interpolated strata) are written exactly enough to refit the same rates
      String value = v == Math.rint(v) ? Long.toString((long) v)
          : new java.math.BigDecimal(v).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
      out.write(e.getKey().replace(" ", "\\ ") + "=" + value + "\n");
    }
  }
}
