package io.aurora.train.corpus;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertCalibration;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.ExpertThresholds;
import io.aurora.recommend.ExpertTypeScorer;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RuleFiring;
import io.aurora.recommend.ScoredAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Measures the expert rules on the labelled corpus: folds grouped by source file, thresholds tuned
 * and confidences calibrated on the training folds only, type-level accuracy, confusion matrix and
 * expected calibration error (ECE) on the held-out folds.
 *
 * <p>Scoring: a column is right when its action stands for its type (README table); a
 * context-specific column is right when the recommendation is {@code uncertain}. For calibration, the
 * confidence is the probability that the top action is acceptable, so a context-specific column
 * counts as "not acceptable" (no action is known to be right for it).
 */
public final class ExpertRulesEvaluation {
  /** Thresholds the corpus can inform: the ones that move a column between types. */
  public static final Map<String, double[]> GRID = grid();

  /**
   * Thresholds tuned with the calibration inside the objective ({@link #tuneCalibrated}): the ones
   * that decide which rule, and so which calibrated strata, a column reaches. A small grid around
   * the literature values, because each point costs an inner cross-validation.
   */
  public static final Map<String, double[]> CALIBRATED_GRID = calibratedGrid();

  private final List<LabelledColumn> corpus;
  private final double uncertainBelow;

  public ExpertRulesEvaluation(List<LabelledColumn> corpus, double uncertainBelow) {
    this.corpus = List.copyOf(requireNonNull(corpus, "corpus is null"));
    this.uncertainBelow = uncertainBelow;
  }

  private static Map<String, double[]> grid() {
    Map<String, double[]> g = new LinkedHashMap<>();
    g.put("nearEmptyNullFraction", new double[] {0.9, 0.95, 0.98, 0.99, 0.999});
    g.put("urlShare", new double[] {0.2, 0.4, 0.5, 0.6, 0.8, 1.0});
    g.put("emailShare", new double[] {0.2, 0.4, 0.5, 0.6, 0.8, 1.0});
    g.put("dateShare", new double[] {0.2, 0.4, 0.6, 0.8, 1.0});
    g.put("booleanShare", new double[] {0.4, 0.6, 0.8, 1.0});
    g.put("listShare", new double[] {0.2, 0.4, 0.6, 0.8, 1.0, 1.1});
    g.put("unitShare", new double[] {0.2, 0.4, 0.6, 0.8, 1.0, 1.1});
    g.put("idDistinctRatio", new double[] {0.8, 0.9, 0.95, 0.98, 0.99, 0.999});
    g.put("integerCategoricalMaxLevels", new double[] {2, 3, 5, 7, 10, 15, 20, 30, 50});
    g.put("textMinTokens", new double[] {2, 2.5, 3, 4, 5, 6, 8, 1e9});
    g.put("textMinLength", new double[] {20, 30, 40, 50, 80, 120, 1e9});
    return Collections.unmodifiableMap(g);
  }

  private static Map<String, double[]> calibratedGrid() {
    Map<String, double[]> g = new LinkedHashMap<>();
    g.put("integerCategoricalMaxLevels", new double[] {10, 20, 30, 50, 100});
    g.put("idDistinctRatio", new double[] {0.95, 0.99, 0.999});
    g.put("textMinLength", new double[] {50, 80, 120});
    g.put("nearEmptyNullFraction", new double[] {0.98, 0.99, 0.999});
    return Collections.unmodifiableMap(g);
  }

  /** One scored column. */
  public record Outcome(LabelledColumn column, RuleFiring firing, Proposal proposal, boolean uncertain,
      boolean correct, boolean acceptable) {
    public Action action() {
      return proposal.top().action();
    }

    public double confidence() {
      return proposal.top().confidence();
    }
  }

  /** Figures of one evaluation. */
  public record Report(int columns, double accuracy, double accuracyTop3, double ece, double uncertainShare,
      Map<FeatureType, Map<String, Integer>> confusion, List<Outcome> outcomes) {
    /** A readable multi-line report: accuracy, ECE, confusion matrix, reliability, failing situations. */
    public String render() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "columns %d  type-level accuracy %.4f  top-3 %.4f  ECE %.4f  uncertain %.1f%%%n",
          columns, accuracy, accuracyTop3, ece, 100 * uncertainShare));
      List<String> predicted = new ArrayList<>();
      for (FeatureType t : FeatureType.values()) {
        if (t != FeatureType.CONTEXT_SPECIFIC) {
          predicted.add(t.label());
        }
      }
      predicted.add("uncertain");
      sb.append(String.format(Locale.ROOT, "%-18s", "true \\ predicted"));
      for (String p : predicted) {
        sb.append(String.format(Locale.ROOT, "%9s", abbreviate(p)));
      }
      sb.append(String.format(Locale.ROOT, "%8s%n", "recall"));
      for (FeatureType t : FeatureType.values()) {
        Map<String, Integer> row = confusion.getOrDefault(t, Map.of());
        int total = row.values().stream().mapToInt(Integer::intValue).sum();
        sb.append(String.format(Locale.ROOT, "%-18s", t.label()));
        for (String p : predicted) {
          sb.append(String.format(Locale.ROOT, "%9d", row.getOrDefault(p, 0)));
        }
        long right = outcomes.stream().filter(o -> o.column().type() == t && o.correct()).count();
        sb.append(String.format(Locale.ROOT, "%8.3f%n", total == 0 ? 0 : right / (double) total));
      }
      sb.append("(rows: true type; columns: type of the recommended action for confident rows, 'uncertain' for the rest)\n");
      sb.append("reliability (top confidence bin → n, mean confidence, share acceptable):\n");
      int[] n = new int[10];
      double[] conf = new double[10];
      double[] hit = new double[10];
      for (Outcome o : outcomes) {
        int b = Math.min(9, (int) (o.confidence() * 10));
        n[b]++;
        conf[b] += o.confidence();
        hit[b] += o.acceptable() ? 1 : 0;
      }
      for (int b = 0; b < 10; b++) {
        if (n[b] > 0) {
          sb.append(String.format(Locale.ROOT, "  [%.1f,%.1f) %5d  %.3f  %.3f%n", b / 10.0, (b + 1) / 10.0, n[b],
              conf[b] / n[b], hit[b] / n[b]));
        }
      }
      sb.append("situations that still fail (true type ← rule, count, example column names):\n");
      Map<String, List<String>> failures = new TreeMap<>();
      for (Outcome o : outcomes) {
        if (!o.correct()) {
          failures.computeIfAbsent(o.column().type().label() + " ← " + o.firing().ruleId() + " → "
              + (o.uncertain() ? "uncertain " : "") + o.action().wireName(), k -> new ArrayList<>())
              .add(o.column().fingerprint().columnName());
        }
      }
      failures.entrySet().stream()
          .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
          .limit(20)
          .forEach(e -> sb.append(String.format(Locale.ROOT, "  %4d  %s  e.g. %s%n", e.getValue().size(), e.getKey(),
              String.join(", ", new TreeSet<>(e.getValue()).stream().limit(4).map(s -> "'" + s + "'").toList()))));
      return sb.toString();
    }

    private static String abbreviate(String label) {
      return label.length() > 8 ? label.substring(0, 8) : label;
    }
  }

  /** Scores {@code rules} on {@code columns}. */
  public Report score(ExpertRules rules, List<LabelledColumn> columns) {
    List<Outcome> outcomes = new ArrayList<>(columns.size());
    Map<FeatureType, Map<String, Integer>> confusion = new EnumMap<>(FeatureType.class);
    int right = 0;
    int rightTop3 = 0;
    int uncertainCount = 0;
    double[] binN = new double[10];
    double[] binConf = new double[10];
    double[] binHit = new double[10];
    for (LabelledColumn c : columns) {
      RuleFiring firing = rules.decide(c.fingerprint());
      Proposal p = rules.propose(c.fingerprint()).orElseThrow();
      double confidence = p.top().confidence();
      boolean uncertain = confidence < uncertainBelow;
      boolean acceptable = c.type().acceptable().contains(p.top().action());
      boolean correct = c.type() == FeatureType.CONTEXT_SPECIFIC ? uncertain : acceptable;
      boolean correct3 = correct;
      if (!correct3 && c.type() != FeatureType.CONTEXT_SPECIFIC) {
        List<ScoredAction> ranked = p.ranked();
        for (int i = 0; i < Math.min(3, ranked.size()); i++) {
          correct3 |= c.type().acceptable().contains(ranked.get(i).action());
        }
      }
      right += correct ? 1 : 0;
      rightTop3 += correct3 ? 1 : 0;
      uncertainCount += uncertain ? 1 : 0;
      String predicted = uncertain ? "uncertain" : FeatureType.of(p.top().action()).label();
      confusion.computeIfAbsent(c.type(), k -> new LinkedHashMap<>()).merge(predicted, 1, Integer::sum);
      int b = Math.min(9, (int) (confidence * 10));
      binN[b]++;
      binConf[b] += confidence;
      binHit[b] += acceptable ? 1 : 0;
      outcomes.add(new Outcome(c, firing, p, uncertain, correct, acceptable));
    }
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      if (binN[b] > 0) {
        ece += binN[b] / columns.size() * Math.abs(binHit[b] / binN[b] - binConf[b] / binN[b]);
      }
    }
    int n = Math.max(1, columns.size());
    return new Report(columns.size(), right / (double) n, rightTop3 / (double) n, ece, uncertainCount / (double) n,
        confusion, outcomes);
  }

  /** Fits the per-rule calibration of {@code thresholds} on {@code columns}. */
  public static ExpertCalibration calibrate(ExpertThresholds thresholds, List<LabelledColumn> columns) {
    ExpertRules uncalibrated = new ExpertRules(thresholds, ExpertCalibration.uninformed());
    ExpertCalibration.Builder b = new ExpertCalibration.Builder();
    for (LabelledColumn c : columns) {
      RuleFiring f = uncalibrated.decide(c.fingerprint());
      List<Action> ranked = new ArrayList<>();
      ranked.add(f.action());
      ranked.addAll(f.runnersUp());
      // counted in the strata its rate is read from, with the same interpolation weights
      for (ExpertRules.WeightedStratum s : ExpertRules.strata(c.fingerprint())) {
        b.add(f.ruleId(), s.stratum(), ranked, c.type().acceptable(), s.weight());
      }
    }
    return b.build();
  }

  /**
   * Tunes the thresholds of {@link #GRID} on {@code columns} by coordinate ascent from
   * {@code start}: each threshold in turn takes the grid value that maximises the accuracy of the
   * rules' own actions, two sweeps.
   */
  public ExpertThresholds tune(ExpertThresholds start, List<LabelledColumn> columns) {
    ExpertThresholds best = start;
    double bestScore = objective(best, columns);
    for (int sweep = 0; sweep < 2; sweep++) {
      for (Map.Entry<String, double[]> e : GRID.entrySet()) {
        for (double v : e.getValue()) {
          ExpertThresholds candidate = best.with(e.getKey(), v);
          double s = objective(candidate, columns);
          if (s > bestScore + 1e-9) {
            bestScore = s;
            best = candidate;
          }
        }
      }
    }
    return best;
  }

  /**
   * Accuracy of the rules' own actions on the columns with a known type. Calibration is left out on
   * purpose: it is fitted on the same columns and would let tuning memorise strata.
   */
  private double objective(ExpertThresholds t, List<LabelledColumn> columns) {
    ExpertRules rules = new ExpertRules(t, ExpertCalibration.uninformed());
    int right = 0;
    int known = 0;
    for (LabelledColumn c : columns) {
      if (c.type() != FeatureType.CONTEXT_SPECIFIC) {
        known++;
        right += c.type().acceptable().contains(rules.decide(c.fingerprint()).action()) ? 1 : 0;
      }
    }
    return right / (double) Math.max(1, known);
  }

  /**
   * Tunes the thresholds of {@link #CALIBRATED_GRID} on {@code columns} by one sweep of coordinate
   * ascent from {@code start}, maximising the accuracy of the calibrated rules (type-level, as
   * scored) in an inner 2-fold cross-validation grouped by source file: calibration fitted on one
   * half of the files, scored on the other, and back. Only {@code columns} are used.
   */
  public ExpertThresholds tuneCalibrated(ExpertThresholds start, List<LabelledColumn> columns) {
    List<List<LabelledColumn>> halves = halves(columns);
    List<LabelledColumn> a = halves.get(0);
    List<LabelledColumn> b = halves.get(1);
    ExpertThresholds best = start;
    double bestScore = innerAccuracy(best, a, b);
    for (Map.Entry<String, double[]> e : CALIBRATED_GRID.entrySet()) {
      for (double v : e.getValue()) {
        ExpertThresholds candidate = best.with(e.getKey(), v);
        if (candidate.equals(best)) {
          continue;
        }
        double score = innerAccuracy(candidate, a, b);
        if (score > bestScore + 1e-9) {
          bestScore = score;
          best = candidate;
        }
      }
    }
    return best;
  }

  /** The objective of {@link #tuneCalibrated} for {@code t} on {@code columns}. */
  double innerAccuracy(ExpertThresholds t, List<LabelledColumn> columns) {
    List<List<LabelledColumn>> halves = halves(columns);
    return innerAccuracy(t, halves.get(0), halves.get(1));
  }

  /** Two halves of {@code columns}, grouped by source file (seeded). */
  private static List<List<LabelledColumn>> halves(List<LabelledColumn> columns) {
    List<String> files = new ArrayList<>(new TreeSet<>(columns.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(11));
    Set<String> firstHalf = new java.util.HashSet<>(files.subList(0, files.size() / 2));
    return List.of(columns.stream().filter(c -> firstHalf.contains(c.sourceFile())).toList(),
        columns.stream().filter(c -> !firstHalf.contains(c.sourceFile())).toList());
  }

  private double innerAccuracy(ExpertThresholds t, List<LabelledColumn> a, List<LabelledColumn> b) {
    double ra = score(new ExpertRules(t, calibrate(t, b)), a).accuracy();
    double rb = score(new ExpertRules(t, calibrate(t, a)), b).accuracy();
    return (ra * a.size() + rb * b.size()) / Math.max(1, a.size() + b.size());
  }

  /** Result of grouped cross-validation. */
  public record CrossValidation(Report heldOut, List<ExpertThresholds> foldThresholds, int folds, int files) {}

  /**
   * K-fold cross-validation with folds grouped by source file (a file's columns share naming and
   * conventions; splitting them would leak): per fold, tune on the other folds, calibrate on them,
   * score the held-out fold. {@code tune=false} keeps {@code start} and only calibrates.
   */
  public CrossValidation crossValidate(ExpertThresholds start, int folds, long seed, boolean tune) {
    return crossValidate(start, folds, seed, tune ? Tuning.RULES : Tuning.NONE);
  }

  /** How {@link #crossValidate} tunes thresholds on the training folds. */
  public enum Tuning {
    /** Keep the given thresholds. */
    NONE,
    /** {@link #tune}: accuracy of the rules' own actions. */
    RULES,
    /** {@link #tuneCalibrated}: accuracy of the calibrated rules in an inner cross-validation. */
    CALIBRATED
  }

  /** K-fold cross-validation grouped by source file, tuning on the training folds as {@code tuning} says. */
  public CrossValidation crossValidate(ExpertThresholds start, int folds, long seed, Tuning tuning) {
    List<String> files = shuffledFiles(seed);
    Map<String, Integer> foldOf = foldOf(files, folds);
    List<Outcome> all = new ArrayList<>();
    List<ExpertThresholds> chosen = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      int fold = k;
      List<LabelledColumn> train = corpus.stream().filter(c -> foldOf.get(c.sourceFile()) != fold).toList();
      List<LabelledColumn> test = corpus.stream().filter(c -> foldOf.get(c.sourceFile()) == fold).toList();
      ExpertThresholds t = switch (tuning) {
        case NONE -> start;
        case RULES -> tune(start, train);
        case CALIBRATED -> tuneCalibrated(start, train);
      };
      chosen.add(t);
      all.addAll(score(new ExpertRules(t, calibrate(t, train)), test).outcomes());
    }
    // re-score the pooled held-out outcomes into one report
    return new CrossValidation(pool(all), chosen, folds, files.size());
  }

  /** Result of grouped cross-validation of the fitted type model: held-out report and each fold's fit. */
  public record ModelCrossValidation(Report heldOut, List<ExpertTypeModelFit.Fitted> foldFits, int folds, int files) {}

  /**
   * K-fold cross-validation grouped by source file of the rules re-ranked by a fitted
   * {@link io.aurora.recommend.ExpertTypeModel}: per fold, the stratum calibration and the model
   * (with its L2 strength chosen by an inner grouped cross-validation) are fitted on the training
   * folds only, and the held-out fold is scored. Same folds as {@link #crossValidate}.
   */
  public ModelCrossValidation crossValidateModel(ExpertThresholds thresholds, int folds, long seed) {
    List<String> files = shuffledFiles(seed);
    ExpertTypeModelFit fit = new ExpertTypeModelFit(thresholds);
    List<ExpertTypeModelFit.Fitted> fits = new ArrayList<>();
    Report heldOut = crossFit(thresholds, foldOf(files, folds), folds, train -> fit.fit(train, seed),
        ExpertTypeModelFit.Fitted::model, fits);
    return new ModelCrossValidation(heldOut, fits, folds, files.size());
  }

  /** Result of grouped cross-validation of the fitted type trees: held-out report and each fold's fit. */
  public record TreesCrossValidation(Report heldOut, List<ExpertTypeTreesFit.Fitted> foldFits, int folds, int files) {}

  /**
   * K-fold cross-validation grouped by source file of the rules re-ranked by fitted
   * {@link io.aurora.recommend.ExpertTypeTrees}: per fold, the stratum calibration and the trees
   * (hyper-parameters and weight chosen by {@code fit}'s inner grouped cross-validation) are fitted on
   * the training folds only, and the held-out fold is scored. Same folds as {@link #crossValidate}.
   */
  public TreesCrossValidation crossValidateTrees(ExpertTypeTreesFit fit, ExpertThresholds thresholds, int folds,
      long seed) {
    List<String> files = shuffledFiles(seed);
    List<ExpertTypeTreesFit.Fitted> fits = new ArrayList<>();
    Report heldOut = crossFit(thresholds, foldOf(files, folds), folds, train -> fit.fit(train, seed),
        ExpertTypeTreesFit.Fitted::model, fits);
    return new TreesCrossValidation(heldOut, fits, folds, files.size());
  }

  /**
   * Per fold: a type scorer fitted by {@code fit} and the stratum calibration, both on the training
   * folds only, re-rank the rules on the held-out fold; returns the pooled held-out report and adds
   * each fold's fit to {@code fits}.
   */
  private <F> Report crossFit(ExpertThresholds thresholds, Map<String, Integer> foldOf, int folds,
      Function<List<LabelledColumn>, F> fit, Function<F, ? extends ExpertTypeScorer> scorer, List<F> fits) {
    List<Outcome> all = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      int fold = k;
      List<LabelledColumn> train = corpus.stream().filter(c -> foldOf.get(c.sourceFile()) != fold).toList();
      List<LabelledColumn> test = corpus.stream().filter(c -> foldOf.get(c.sourceFile()) == fold).toList();
      F fitted = fit.apply(train);
      fits.add(fitted);
      all.addAll(score(new ExpertRules(thresholds, calibrate(thresholds, train), scorer.apply(fitted)), test).outcomes());
    }
    return pool(all);
  }

  /** The corpus's source files in a seeded random order. */
  private List<String> shuffledFiles(long seed) {
    List<String> files = new ArrayList<>(new TreeSet<>(corpus.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(seed));
    return files;
  }

  /** Source file → fold: the shuffled files dealt round-robin, so every fold holds whole files. */
  private static Map<String, Integer> foldOf(List<String> files, int folds) {
    Map<String, Integer> foldOf = new java.util.HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      foldOf.put(files.get(i), i % folds);
    }
    return foldOf;
  }

  private Report pool(List<Outcome> outcomes) {
    Map<FeatureType, Map<String, Integer>> confusion = new EnumMap<>(FeatureType.class);
    int right = 0, right3 = 0, unc = 0;
    double[] binN = new double[10], binConf = new double[10], binHit = new double[10];
    for (Outcome o : outcomes) {
      right += o.correct() ? 1 : 0;
      boolean c3 = o.correct();
      if (!c3 && o.column().type() != FeatureType.CONTEXT_SPECIFIC) {
        for (int i = 0; i < Math.min(3, o.proposal().ranked().size()); i++) {
          c3 |= o.column().type().acceptable().contains(o.proposal().ranked().get(i).action());
        }
      }
      right3 += c3 ? 1 : 0;
      unc += o.uncertain() ? 1 : 0;
      String predicted = o.uncertain() ? "uncertain" : FeatureType.of(o.action()).label();
      confusion.computeIfAbsent(o.column().type(), k -> new LinkedHashMap<>()).merge(predicted, 1, Integer::sum);
      int b = Math.min(9, (int) (o.confidence() * 10));
      binN[b]++;
      binConf[b] += o.confidence();
      binHit[b] += o.acceptable() ? 1 : 0;
    }
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      if (binN[b] > 0) {
        ece += binN[b] / outcomes.size() * Math.abs(binHit[b] / binN[b] - binConf[b] / binN[b]);
      }
    }
    int n = Math.max(1, outcomes.size());
    return new Report(outcomes.size(), right / (double) n, right3 / (double) n, ece, unc / (double) n, confusion,
        outcomes);
  }
}
