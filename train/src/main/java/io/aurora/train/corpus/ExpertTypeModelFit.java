package io.aurora.train.corpus;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertCalibration;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.ExpertThresholds;
import io.aurora.recommend.ExpertTypeModel;
import io.aurora.recommend.RuleFiring;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits an {@link ExpertTypeModel} on labelled columns: features of each column's rule decision, with
 * the stratum calibration's probabilities cross-fitted (each column's calibration features come from
 * a calibration fitted without its file's group, as they will be for an unseen column), then an
 * L2-regularised multinomial logistic regression whose strength is chosen by grouped
 * cross-validation of the log-loss inside the given columns only.
 *
 * <p>The regression is fitted by full-batch Adam on the mean cross-entropy: the problem is convex
 * and small (a few thousand columns, about two hundred sparse features, nine classes), so a plain
 * first-order method converges in a few hundred passes of sparse dot products, and it needs no
 * dependency beyond the JDK; commons-math3 has no L-BFGS and Spark MLlib would need a session.
 */
public final class ExpertTypeModelFit {
  /** L2 strengths tried (per column, on weights, not biases). */
  public static final double[] LAMBDAS = {1e-3, 3e-3, 1e-2, 3e-2};
  /** Shares of the model in an action's confidence tried (the rest is the stratum calibration; 0 = no model). */
  public static final double[] WEIGHTS = {0.0, 0.25, 0.5, 0.75, 1.0};
  private static final int ITERATIONS = 400;
  private static final double LEARNING_RATE = 0.05;
  private static final int CROSS_FIT_GROUPS = 5;
  private static final double UNCERTAIN_BELOW = 0.6;
  /** Inner folds (by file) on which the model's weight is judged. */
  private static final int WEIGHT_FOLDS = 5;
  /** A feature must occur in this many training columns to get a weight. */
  private static final int MIN_SUPPORT = 3;

  private final ExpertThresholds thresholds;
  private final List<String> classes = new ArrayList<>();
  private final List<Set<Action>> acceptable = new ArrayList<>();

  public ExpertTypeModelFit(ExpertThresholds thresholds) {
    this.thresholds = requireNonNull(thresholds, "thresholds is null");
    for (FeatureType t : FeatureType.values()) {
      classes.add(t.label());
      acceptable.add(t.acceptable());
    }
  }

  /** A fitted model and the L2 strength chosen for it. */
  public record Fitted(ExpertTypeModel model, double lambda, Map<Double, Double> innerLogLoss,
      Map<Double, Double> innerAccuracy) {}

  /**
   * Fits on {@code columns} only: cross-fitted features; the L2 strength by inner grouped 2-fold
   * log-loss; the model's share in the confidence by the type-level accuracy (as scored) of an inner
   * grouped 5-fold cross-validation, each inner fold scored with the calibration and model fitted on
   * the other four.
   */
  public Fitted fit(List<LabelledColumn> columns, long seed) {
    List<Map<String, Double>> x = crossFittedFeatures(columns, seed);
    int[] y = columns.stream().mapToInt(c -> c.type().ordinal()).toArray();
    List<List<Integer>> halves = halves(columns, seed);
    Map<Double, Double> loss = new LinkedHashMap<>();
    double best = LAMBDAS[0];
    for (double lambda : LAMBDAS) {
      double sum = 0;
      for (int h = 0; h < 2; h++) {
        List<Integer> train = halves.get(h);
        List<Integer> test = halves.get(1 - h);
        ExpertTypeModel m = regress(select(x, train), select(y, train), lambda);
        for (int i : test) {
          sum -= Math.log(Math.max(1e-12, m.probabilities(x.get(i))[y[i]]));
        }
      }
      loss.put(lambda, sum / columns.size());
      if (sum / columns.size() < loss.get(best)) {
        best = lambda;
      }
    }
    ExpertRulesEvaluation evaluation = new ExpertRulesEvaluation(columns, UNCERTAIN_BELOW);
    // accuracy is noisier than log-loss (a few large files swing it), so the weight is judged on
    // more, smaller inner folds than the L2 strength
    List<List<Integer>> folds = innerFolds(columns, seed, WEIGHT_FOLDS);
    double[] right = new double[WEIGHTS.length];
    for (int f = 0; f < folds.size(); f++) {
      List<Integer> trainRows = new ArrayList<>();
      for (int g = 0; g < folds.size(); g++) {
        if (g != f) {
          trainRows.addAll(folds.get(g));
        }
      }
      List<LabelledColumn> train = select(columns, trainRows);
      List<LabelledColumn> test = select(columns, folds.get(f));
      ExpertTypeModel m = regress(select(x, trainRows), select(y, trainRows), best);
      ExpertCalibration calibration = ExpertRulesEvaluation.calibrate(thresholds, train);
      for (int w = 0; w < WEIGHTS.length; w++) {
        right[w] += evaluation.score(new ExpertRules(thresholds, calibration, m.withWeight(WEIGHTS[w])), test)
            .accuracy() * test.size();
      }
    }
    Map<Double, Double> accuracy = new LinkedHashMap<>();
    double bestWeight = WEIGHTS[0];
    for (int w = 0; w < WEIGHTS.length; w++) {
      accuracy.put(WEIGHTS[w], right[w] / columns.size());
      if (right[w] / columns.size() > accuracy.get(bestWeight) + 1e-9) {
        bestWeight = WEIGHTS[w];
      }
    }
    return new Fitted(regress(x, y, best).withWeight(bestWeight), best, loss, accuracy);
  }

  /**
   * Features of each column, the calibration part fitted without the column's group of files (five
   * groups, seeded): in-sample calibration probabilities would look better than they are for new columns.
   */
  List<Map<String, Double>> crossFittedFeatures(List<LabelledColumn> columns, long seed) {
    List<String> files = new ArrayList<>(new TreeSet<>(columns.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(seed + 1));
    Map<String, Integer> group = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      group.put(files.get(i), i % CROSS_FIT_GROUPS);
    }
    ExpertRules rules = new ExpertRules(thresholds, ExpertCalibration.uninformed());
    List<Map<String, Double>> out = new ArrayList<>(Collections.nCopies(columns.size(), null));
    for (int g = 0; g < CROSS_FIT_GROUPS; g++) {
      int gg = g;
      ExpertCalibration calibration = ExpertRulesEvaluation.calibrate(thresholds,
          columns.stream().filter(c -> group.get(c.sourceFile()) != gg).toList());
      for (int i = 0; i < columns.size(); i++) {
        LabelledColumn c = columns.get(i);
        if (group.get(c.sourceFile()) == g) {
          RuleFiring firing = rules.decide(c.fingerprint());
          out.set(i, ExpertTypeModel.features(c.fingerprint(), firing, calibration, classes, acceptable));
        }
      }
    }
    return out;
  }

  /** {@code k} groups of row indices, grouped by source file (seeded). */
  private static List<List<Integer>> innerFolds(List<LabelledColumn> columns, long seed, int k) {
    List<String> files = new ArrayList<>(new TreeSet<>(columns.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(seed + 3));
    Map<String, Integer> foldOf = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      foldOf.put(files.get(i), i % k);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < columns.size(); i++) {
      out.get(foldOf.get(columns.get(i).sourceFile())).add(i);
    }
    return out;
  }

  private static List<List<Integer>> halves(List<LabelledColumn> columns, long seed) {
    List<String> files = new ArrayList<>(new TreeSet<>(columns.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(seed + 2));
    Set<String> first = new java.util.HashSet<>(files.subList(0, files.size() / 2));
    List<List<Integer>> out = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < columns.size(); i++) {
      out.get(first.contains(columns.get(i).sourceFile()) ? 0 : 1).add(i);
    }
    return out;
  }

  private static <T> List<T> select(List<T> all, List<Integer> rows) {
    return rows.stream().map(all::get).toList();
  }

  private static int[] select(int[] all, List<Integer> rows) {
    return rows.stream().mapToInt(i -> all[i]).toArray();
  }

  /** L2-regularised multinomial logistic regression of {@code y} on {@code x}, full-batch Adam. */
  ExpertTypeModel regress(List<Map<String, Double>> x, int[] y, double lambda) {
    Map<String, Integer> support = new HashMap<>();
    for (Map<String, Double> row : x) {
      for (Map.Entry<String, Double> e : row.entrySet()) {
        if (e.getValue() != 0) {
          support.merge(e.getKey(), 1, Integer::sum);
        }
      }
    }
    List<String> names = new ArrayList<>(new TreeSet<>(support.keySet()));
    names.removeIf(n -> support.get(n) < MIN_SUPPORT);
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < names.size(); j++) {
      index.put(names.get(j), j);
    }
    int n = x.size();
    int k = classes.size();
    int d = names.size();
    int[][] idx = new int[n][];
    double[][] val = new double[n][];
    for (int i = 0; i < n; i++) {
      List<int[]> cols = new ArrayList<>();
      List<Double> vals = new ArrayList<>();
      for (Map.Entry<String, Double> e : x.get(i).entrySet()) {
        Integer j = index.get(e.getKey());
        if (j != null && e.getValue() != 0) {
          cols.add(new int[] {j});
          vals.add(e.getValue());
        }
      }
      idx[i] = cols.stream().mapToInt(a -> a[0]).toArray();
      val[i] = vals.stream().mapToDouble(Double::doubleValue).toArray();
    }
    // parameters: w[c][j] then bias b[c]; Adam moments alongside
    double[][] w = new double[k][d];
    double[] b = new double[k];
    // start the biases at the class log-frequencies: fewer passes to converge
    double[] freq = new double[k];
    for (int yi : y) {
      freq[yi]++;
    }
    for (int c = 0; c < k; c++) {
      b[c] = Math.log((freq[c] + 1) / (n + k));
    }
    double[][] mw = new double[k][d];
    double[][] vw = new double[k][d];
    double[] mb = new double[k];
    double[] vb = new double[k];
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double[][] gw = new double[k][d];
    double[] gb = new double[k];
    double[] z = new double[k];
    for (int it = 1; it <= ITERATIONS; it++) {
      for (int c = 0; c < k; c++) {
        java.util.Arrays.fill(gw[c], 0);
        for (int j = 0; j < d; j++) {
          gw[c][j] = lambda * w[c][j] * n;
        }
      }
      java.util.Arrays.fill(gb, 0);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          double s = b[c];
          double[] wc = w[c];
          for (int t = 0; t < idx[i].length; t++) {
            s += wc[idx[i][t]] * val[i][t];
          }
          z[c] = s;
        }
        ExpertTypeModel.softmax(z);
        z[y[i]] -= 1;
        for (int c = 0; c < k; c++) {
          double g = z[c];
          gb[c] += g;
          double[] gc = gw[c];
          for (int t = 0; t < idx[i].length; t++) {
            gc[idx[i][t]] += g * val[i][t];
          }
        }
      }
      double lr = LEARNING_RATE * Math.sqrt(1 - Math.pow(beta2, it)) / (1 - Math.pow(beta1, it));
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          double g = gw[c][j] / n;
          mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
          vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
          w[c][j] -= lr * mw[c][j] / (Math.sqrt(vw[c][j]) + eps);
        }
        double g = gb[c] / n;
        mb[c] = beta1 * mb[c] + (1 - beta1) * g;
        vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
        b[c] -= lr * mb[c] / (Math.sqrt(vb[c]) + eps);
      }
    }
    return new ExpertTypeModel(classes, acceptable, names, w, b, 1.0);
  }
}
