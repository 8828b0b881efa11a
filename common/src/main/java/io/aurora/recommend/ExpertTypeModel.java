package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A multinomial logistic regression over the evidence of an expert-rule decision (which rule fired,
 * what the column name says, the released shares and shape statistics, the stratum calibration's
 * probabilities) that predicts the column's type; the probability that an action is acceptable is
 * the summed probability of the types it is right for. It re-ranks and calibrates the rule's own
 * candidates, it never invents others: the rules stay the explainable core.
 *
 * <p>An experiment, not shipped: fitted inside grouped cross-validation it did not beat the stratum
 * calibration alone (docs/recommendations.md, "Measured quality"), so {@link ExpertRules#shipped()}
 * does not use it.
 */
public final class ExpertTypeModel implements ExpertTypeScorer {
  private static final long serialVersionUID = 1L;
  /** Stratum probabilities are clipped before the logit: a count-based 0 or 1 would dominate the sum. */
  private static final double CLIP = 0.01;

  private final List<String> classes;
  private final List<Set<Action>> acceptable;
  private final Map<String, Integer> featureIndex;
  private final List<String> features;
  // weights[class][feature]; bias[class]
  private final double[][] weights;
  private final double[] bias;
  private final double weight;

  public ExpertTypeModel(List<String> classes, List<Set<Action>> acceptable, List<String> features, double[][] weights,
      double[] bias, double weight) {
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in [0, 1]");
    }
    this.weight = weight;
    this.classes = List.copyOf(requireNonNull(classes, "classes is null"));
    this.acceptable = acceptable.stream().map(s -> (Set<Action>) (s.isEmpty() ? EnumSet.noneOf(Action.class)
        : EnumSet.copyOf(s))).toList();
    this.features = List.copyOf(requireNonNull(features, "features is null"));
    this.weights = requireNonNull(weights, "weights is null");
    this.bias = requireNonNull(bias, "bias is null");
    if (acceptable.size() != classes.size() || weights.length != classes.size() || bias.length != classes.size()) {
      throw new IllegalArgumentException("one acceptable set, weight row and bias per class");
    }
    this.featureIndex = new HashMap<>();
    for (int i = 0; i < this.features.size(); i++) {
      featureIndex.put(this.features.get(i), i);
    }
    for (double[] row : weights) {
      if (row.length != this.features.size()) {
        throw new IllegalArgumentException("one weight per feature");
      }
    }
  }

  /**
   * Share of the model in an action's confidence; the rest is the stratum calibration's probability.
   * Both are probabilities, so the mixture is one as well.
   */
  @Override
  public double weight() {
    return weight;
  }

  /** This model with {@code weight} as its share in an action's confidence. */
  public ExpertTypeModel withWeight(double weight) {
    return new ExpertTypeModel(classes, acceptable, features, weights, bias, weight);
  }

  public List<String> classes() {
    return classes;
  }

  public List<String> features() {
    return features;
  }

  /** Probability of each class for {@code features} (name → value; unknown names are ignored). */
  public double[] probabilities(Map<String, Double> x) {
    double[] z = bias.clone();
    for (Map.Entry<String, Double> e : x.entrySet()) {
      Integer j = featureIndex.get(e.getKey());
      if (j != null && e.getValue() != 0) {
        for (int c = 0; c < z.length; c++) {
          z[c] += weights[c][j] * e.getValue();
        }
      }
    }
    return softmax(z);
  }

  /** In place: the softmax of {@code z}. */
  public static double[] softmax(double[] z) {
    double max = Arrays.stream(z).max().orElse(0);
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return z;
  }

  /** The probability that {@code action} is acceptable: the summed probability of the classes it is right for. */
  @Override
  public double acceptable(double[] p, Action action) {
    return ExpertTypeScorer.acceptableMass(p, acceptable, action);
  }

  /**
   * The evidence the model weighs, by name: one-hots of the rule, its action, the name kind, the type
   * class and the distinct-count/ratio buckets; shares and log-scaled magnitudes; and, per class,
   * the logit of the stratum calibration's best probability among the rule's candidates acceptable
   * for that class ({@code classes}/{@code acceptable} say which). Values only enter as statistics.
   */
  public static Map<String, Double> features(Fingerprint f, RuleFiring firing, ExpertCalibration calibration,
      List<String> classes, List<Set<Action>> acceptable) {
    Map<String, Double> x = new LinkedHashMap<>();
    x.put("rule=" + firing.ruleId(), 1.0);
    x.put("action=" + firing.action().wireName(), 1.0);
    ColumnNameKind kind = ColumnNameKind.of(f.columnName());
    x.put("kind=" + kind.key(), 1.0);
    x.put("type=" + f.typeClass().name().toLowerCase(Locale.ROOT), 1.0);
    x.put("rule=" + firing.ruleId() + "&kind=" + kind.key(), 1.0);
    double d = Math.max(0, f.distinctEstimate());
    double r = ExpertRules.share(f.distinctRatio());
    String dBucket = d <= 2.5 ? "d2" : d <= 5.5 ? "d5" : d <= 10.5 ? "d10" : d <= 20.5 ? "d20" : d <= 50.5 ? "d50"
        : d <= 200.5 ? "d200" : d <= 1000.5 ? "d1000" : "dmany";
    x.put("distinct=" + dBucket, 1.0);
    String rBucket = r < 0.01 ? "r0" : r < 0.1 ? "r1" : r < 0.5 ? "r2" : r < 0.95 ? "r3" : "r4";
    x.put("ratio=" + rBucket, 1.0);
    x.put("rule=" + firing.ruleId() + "&distinct=" + dBucket, 1.0);
    x.put("logDistinct", Math.log10(1 + d) / 3);
    x.put("distinctRatio", r);
    double nulls = ExpertRules.share(f.nullFraction());
    x.put("nullFraction", nulls);
    x.put("mostlyMissing", nulls >= 0.5 ? 1.0 : 0.0);
    x.put("top1Share", ExpertRules.share(f.top1Share()));
    x.put("typeAgreement", Math.max(0, Math.min(1, f.typeAgreement())));
    if (f.typeClass() == TypeClass.NUMERIC) {
      boolean integer = f.integerShare() != null && ExpertRules.share(f.integerShare()) >= 0.99;
      x.put("integer", integer ? 1.0 : 0.0);
      x.put("kind=" + kind.key() + "&integer=" + integer, 1.0);
      x.put("negativeShare", ExpertRules.share(f.negativeShare()));
      x.put("zeroShare", ExpertRules.share(f.zeroShare()));
      x.put("leadingZeroShare", ExpertRules.share(f.leadingZeroShare()));
      if (f.skewness() != null && !f.skewness().isNaN()) {
        x.put("absSkew", Math.min(20, Math.abs(f.skewness())) / 5);
      } else {
        x.put("skewUnknown", 1.0);
      }
      if (f.magnitudeSpan() != null && !f.magnitudeSpan().isNaN()) {
        x.put("span", Math.min(12, Math.max(0, f.magnitudeSpan())) / 4);
      }
      if (f.mean() != null && !f.mean().isNaN()) {
        x.put("logAbsMean", Math.min(15, Math.log10(1 + Math.abs(f.mean()))) / 5);
        boolean years = f.stddev() != null && f.mean() >= 1900 && f.mean() <= 2100 && f.stddev() < 50;
        x.put("yearValues", years ? 1.0 : 0.0);
      }
    } else {
      x.put("logLength", f.meanLength() == null ? 0 : Math.min(4, Math.log10(1 + f.meanLength())) / 2);
      x.put("logTokens", f.meanTokens() == null ? 0 : Math.min(3, Math.log10(1 + f.meanTokens())));
      x.put("numberParseShare", ExpertRules.share(f.numberParseShare()));
      x.put("dateParseShare", ExpertRules.share(f.dateParseShare()));
      x.put("booleanParseShare", ExpertRules.share(f.booleanParseShare()));
      x.put("urlShare", ExpertRules.share(f.urlShare()));
      x.put("emailShare", ExpertRules.share(f.emailShare()));
      x.put("listShare", ExpertRules.share(f.listShare()));
      x.put("unitShare", ExpertRules.share(f.numberWithUnitShare()));
      x.put("stringLeadingZeroShare", ExpertRules.share(f.leadingZeroShare()));
    }
    if (calibration != null) {
      List<ExpertRules.WeightedStratum> strata = ExpertRules.strata(f);
      List<Action> candidates = new ArrayList<>();
      candidates.add(firing.action());
      candidates.addAll(firing.runnersUp());
      for (int c = 0; c < classes.size(); c++) {
        double best = -1;
        for (Action a : candidates) {
          if (acceptable.get(c).contains(a)) {
            best = Math.max(best, ExpertRules.probability(calibration, firing.ruleId(), strata, a));
          }
        }
        if (best >= 0) {
          double p = Math.max(CLIP, Math.min(1 - CLIP, best));
          x.put("calibrated=" + classes.get(c), Math.log(p / (1 - p)));
        }
      }
    }
    return x;
  }

  @Override
  public double[] probabilities(Fingerprint f, RuleFiring firing, ExpertCalibration calibration) {
    return probabilities(features(f, firing, calibration));
  }

  /** Features of {@code f} as this model weighs them. */
  public Map<String, Double> features(Fingerprint f, RuleFiring firing, ExpertCalibration calibration) {
    return features(f, firing, calibration, classes, acceptable);
  }

  /** Writes the model in the format {@link #shipped()} reads (tab-separated, one class per line). */
  public void write(Writer out, String comment) throws IOException {
    out.write("# " + comment + "\n");
    out.write("weight\t" + weight + "\n");
    out.write("features");
    for (String name : features) {
      out.write("\t" + name);
    }
    out.write("\n");
    for (int c = 0; c < classes.size(); c++) {
      StringBuilder sb = new StringBuilder();
      sb.append(classes.get(c)).append('\t');
      sb.append(String.join(",", acceptable.get(c).stream().map(Action::wireName).toList())).append('\t');
      sb.append(bias[c]);
      for (double w : weights[c]) {
        sb.append('\t').append(w);
      }
      out.write(sb.append('\n').toString());
    }
  }

  /** Reads a model written by {@link #write}. */
  public static ExpertTypeModel read(BufferedReader in) throws IOException {
    List<String> features = null;
    List<String> classes = new ArrayList<>();
    List<Set<Action>> acceptable = new ArrayList<>();
    List<double[]> weights = new ArrayList<>();
    List<Double> bias = new ArrayList<>();
    double weight = 1.0;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\t", -1);
      if (parts[0].equals("weight")) {
        weight = Double.parseDouble(parts[1]);
        continue;
      }
      if (parts[0].equals("features")) {
        features = List.of(parts).subList(1, parts.length);
        continue;
      }
      classes.add(parts[0]);
      Set<Action> acc = EnumSet.noneOf(Action.class);
      for (String a : parts[1].split(",")) {
        if (!a.isEmpty()) {
          acc.add(Action.fromWire(a));
        }
      }
      acceptable.add(acc);
      bias.add(Double.parseDouble(parts[2]));
      double[] w = new double[parts.length - 3];
      for (int j = 0; j < w.length; j++) {
        w[j] = Double.parseDouble(parts[j + 3]);
      }
      weights.add(w);
    }
    if (features == null) {
      throw new IllegalStateException("type model without a features line");
    }
    return new ExpertTypeModel(classes, acceptable, features, weights.toArray(new double[0][]),
        bias.stream().mapToDouble(Double::doubleValue).toArray(), weight);
  }
}
