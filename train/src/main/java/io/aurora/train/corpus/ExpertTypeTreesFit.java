package io.aurora.train.corpus;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertCalibration;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.ExpertThresholds;
import io.aurora.recommend.ExpertTypeScorer;
import io.aurora.recommend.ExpertTypeTrees;
import io.aurora.recommend.NameTokenRates;
import io.aurora.recommend.RuleFiring;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Fits {@link ExpertTypeTrees} on labelled columns. The stratum calibration's probabilities among
 * the features are cross-fitted (each column's come from a calibration fitted without its group of
 * files, as they will for an unseen column); the trees' depth and number of rounds and the model's
 * share in a confidence are chosen by grouped cross-validation inside the given columns only (the
 * same groups of files), by the type-level accuracy as scored, among the choices that keep the
 * inner share sent to review under {@link #MAX_UNCERTAIN}. Deterministic: fixed seeds, one thread.
 * The inner folds reuse the cross-fitting groups, so an inner held-out column's own features never
 * saw its label, but inner training columns' features were fitted with the inner held-out group's
 * labels; this touches only the choice of depth, rounds and weight.
 */
public final class ExpertTypeTreesFit {
  /** Tree depths tried. */
  public static final int[] DEPTHS = {3, 5};
  /** Boosting rounds tried (a prefix of the longest fit each). */
  public static final int[] ROUNDS = {50, 100, 200, 300};
  /** Shares of the trees in an action's confidence tried (the rest is the stratum calibration). */
  public static final double[] WEIGHTS = {0.25, 0.5, 0.75, 1.0};
  /** Inner choices sending this share of columns or more to review are not taken (the quality test's cap is 15 %). */
  public static final double MAX_UNCERTAIN = 0.145;
  private static final int GROUPS = 5;
  private static final double UNCERTAIN_BELOW = 0.6;
  private static final double ETA = 0.1;

  private final ExpertThresholds thresholds;
  private final List<String> classes = new ArrayList<>();
  private final List<Set<Action>> acceptable = new ArrayList<>();
  private final int[] depths;
  private final int[] rounds;
  private final double[] weights;

  public ExpertTypeTreesFit(ExpertThresholds thresholds) {
    this(thresholds, DEPTHS, ROUNDS, WEIGHTS);
  }

  /** A fit choosing among the given depths, rounds and weights (a single value each: no inner cross-validation). */
  public ExpertTypeTreesFit(ExpertThresholds thresholds, int[] depths, int[] rounds, double[] weights) {
    this.thresholds = requireNonNull(thresholds, "thresholds is null");
    this.depths = depths.clone();
    this.rounds = rounds.clone();
    this.weights = weights.clone();
    for (FeatureType t : FeatureType.values()) {
      classes.add(t.label());
      acceptable.add(t.acceptable());
    }
  }

  /** A fitted model, what was chosen and the inner accuracy and review share of every choice ("depth/rounds/weight"). */
  public record Fitted(ExpertTypeTrees model, int depth, int rounds, Map<String, Double> innerAccuracy,
      Map<String, Double> innerUncertain) {}

  /** Fits on {@code columns} only; {@code seed} fixes the groups of files and the trees' sampling. */
  public Fitted fit(List<LabelledColumn> columns, long seed) {
    List<String> files = new ArrayList<>(new TreeSet<>(columns.stream().map(LabelledColumn::sourceFile).toList()));
    Collections.shuffle(files, new Random(seed + 1));
    Map<String, Integer> groupOfFile = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      groupOfFile.put(files.get(i), i % GROUPS);
    }
    int[] group = columns.stream().mapToInt(c -> groupOfFile.get(c.sourceFile())).toArray();
    ExpertRules uncalibrated = new ExpertRules(thresholds, ExpertCalibration.uninformed());
    float[][] x = new float[columns.size()][];
    List<ExpertCalibration> calibrations = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      List<LabelledColumn> others = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        if (group[i] != g) {
          others.add(columns.get(i));
        }
      }
      ExpertCalibration calibration = ExpertRulesEvaluation.calibrate(thresholds, others);
      NameTokenRates names = nameRates(others);
      calibrations.add(calibration);
      for (int i = 0; i < columns.size(); i++) {
        if (group[i] == g) {
          Fingerprint f = columns.get(i).fingerprint();
          RuleFiring firing = uncalibrated.decide(f);
          x[i] = ExpertTypeTrees.features(f, firing, calibration, acceptable, names);
        }
      }
    }
    float[] y = new float[columns.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = columns.get(i).type().ordinal();
    }
    Map<String, Double> accuracy = new LinkedHashMap<>();
    Map<String, Double> uncertain = new LinkedHashMap<>();
    int bestDepth = depths[0];
    int bestRounds = rounds[0];
    double bestWeight = weights[0];
    boolean single = depths.length == 1 && rounds.length == 1 && weights.length == 1;
    if (!single) {
      ExpertRulesEvaluation evaluation = new ExpertRulesEvaluation(columns, UNCERTAIN_BELOW);
      double[][][] right = new double[depths.length][rounds.length][weights.length];
      double[][][] review = new double[depths.length][rounds.length][weights.length];
      int maxRounds = java.util.Arrays.stream(rounds).max().orElseThrow();
      for (int g = 0; g < GROUPS; g++) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          (group[i] == g ? test : train).add(i);
        }
        List<LabelledColumn> testColumns = test.stream().map(columns::get).toList();
        for (int di = 0; di < depths.length; di++) {
          Booster booster = train(x, y, train, depths[di], maxRounds, seed);
          for (int ri = 0; ri < rounds.length; ri++) {
            double[][] p = predict(booster, x, test, rounds[ri]);
            Map<Fingerprint, double[]> byColumn = new IdentityHashMap<>();
            for (int t = 0; t < test.size(); t++) {
              byColumn.put(columns.get(test.get(t)).fingerprint(), p[t]);
            }
            for (int wi = 0; wi < weights.length; wi++) {
              ExpertRulesEvaluation.Report r = evaluation.score(new ExpertRules(thresholds, calibrations.get(g),
                  new Precomputed(byColumn, acceptable, weights[wi])), testColumns);
              right[di][ri][wi] += r.accuracy() * test.size();
              review[di][ri][wi] += r.uncertainShare() * test.size();
            }
          }
          booster.dispose();
        }
      }
      double bestAccuracy = -1;
      double bestReview = 2;
      for (int di = 0; di < depths.length; di++) {
        for (int ri = 0; ri < rounds.length; ri++) {
          for (int wi = 0; wi < weights.length; wi++) {
            double a = right[di][ri][wi] / columns.size();
            double u = review[di][ri][wi] / columns.size();
            String key = depths[di] + "/" + rounds[ri] + "/" + weights[wi];
            accuracy.put(key, a);
            uncertain.put(key, u);
            boolean better = u < MAX_UNCERTAIN
                ? bestReview >= MAX_UNCERTAIN || a > bestAccuracy + 1e-9
                : bestReview >= MAX_UNCERTAIN && u < bestReview - 1e-9;
            if (better) {
              bestAccuracy = a;
              bestReview = u;
              bestDepth = depths[di];
              bestRounds = rounds[ri];
              bestWeight = weights[wi];
            }
          }
        }
      }
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      all.add(i);
    }
    Booster booster = train(x, y, all, bestDepth, bestRounds, seed);
    try {
      // what was chosen, kept in the model file so that a test can re-fit it and compare
      booster.setAttr("depth", Integer.toString(bestDepth));
      booster.setAttr("rounds", Integer.toString(bestRounds));
      booster.setAttr("seed", Long.toString(seed));
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot annotate type trees: " + e.getMessage(), e);
    }
    Set<TypeClass> seen = EnumSet.noneOf(TypeClass.class);
    columns.forEach(c -> seen.add(c.fingerprint().typeClass()));
    return new Fitted(new ExpertTypeTrees(booster, classes, acceptable, bestWeight, nameRates(columns), seen), bestDepth,
        bestRounds, accuracy, uncertain);
  }

  private NameTokenRates nameRates(List<LabelledColumn> columns) {
    return NameTokenRates.fit(classes.size(), columns.stream().map(LabelledColumn::sourceFile).toList(),
        columns.stream().map(c -> c.fingerprint().columnName()).toList(),
        columns.stream().mapToInt(c -> c.type().ordinal()).toArray());
  }

  private Booster train(float[][] x, float[] y, List<Integer> rows, int depth, int rounds, long seed) {
    int d = ExpertTypeTrees.FEATURES.size();
    float[] flat = new float[rows.size() * d];
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(x[rows.get(r)], 0, flat, r * d, d);
      labels[r] = y[rows.get(r)];
    }
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "multi:softprob");
    params.put("num_class", classes.size());
    params.put("eta", ETA);
    params.put("max_depth", depth);
    params.put("min_child_weight", 2);
    params.put("subsample", 0.8);
    params.put("colsample_bytree", 0.8);
    params.put("tree_method", "hist");
    // one thread and a fixed seed: the same corpus gives the same trees, run after run
    params.put("nthread", 1);
    params.put("seed", (int) seed);
    params.put("verbosity", 0);
    DMatrix m = null;
    try {
      m = new DMatrix(flat, rows.size(), d, Float.NaN);
      m.setLabel(labels);
      return XGBoost.train(m, params, rounds, Map.of(), null, null);
    } catch (XGBoostError e) {
      throw new IllegalStateException("xgboost training failed: " + e.getMessage(), e);
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  private static double[][] predict(Booster booster, float[][] x, List<Integer> rows, int rounds) {
    int d = ExpertTypeTrees.FEATURES.size();
    float[] flat = new float[rows.size() * d];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(x[rows.get(r)], 0, flat, r * d, d);
    }
    DMatrix m = null;
    try {
      m = new DMatrix(flat, rows.size(), d, Float.NaN);
      float[][] p = booster.predict(m, false, rounds);
      return ExpertTypeTrees.widened(p);
    } catch (XGBoostError e) {
      throw new IllegalStateException("xgboost prediction failed: " + e.getMessage(), e);
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  /** Probabilities predicted beforehand for known fingerprints: scores an inner fold without re-predicting per weight. */
  private record Precomputed(Map<Fingerprint, double[]> byColumn, List<Set<Action>> acceptable, double weight)
      implements ExpertTypeScorer {
    @Override
    public double[] probabilities(Fingerprint f, RuleFiring firing, ExpertCalibration calibration) {
      return requireNonNull(byColumn.get(f), "column not predicted");
    }

    @Override
    public double acceptable(double[] p, Action action) {
      return ExpertTypeScorer.acceptableMass(p, acceptable, action);
    }
  }
}
