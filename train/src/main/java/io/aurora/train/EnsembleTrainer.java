package io.aurora.train;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.model.EnsembleModel;
import io.aurora.model.ModelArtifact;
import io.aurora.model.ModelFeatures;
import io.aurora.recommend.Action;
import io.aurora.model.BoostedTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the recommender ensemble as Spark ML estimators: {@code XGBoostClassifier} (xgboost4j-spark,
 * {@code multi:softprob} over the twelve actions, missing statistics as {@code NaN}) and Spark
 * MLlib's multinomial {@code LogisticRegression} (standardized features, missing as 0), then picks
 * the trees' weight in the soft vote (0, 0.1, …, 1) that is most accurate on a validation split of
 * other datasets — ties broken by the higher likelihood of an acceptable action.
 */
public final class EnsembleTrainer {
  /** Hyper-parameters, logged with every run. */
  public record Params(int rounds, int depth, double eta, double minChildWeight, double linearRegularization,
      int linearIterations, long seed, int workers) {
    public Params {
      // one line naming the value that is out of range (SPEC §2.1)
      List<String> wrong = new ArrayList<>();
      if (rounds < 1) {
        wrong.add("rounds " + rounds + " must be ≥ 1");
      }
      if (depth < 1) {
        wrong.add("max-depth " + depth + " must be ≥ 1");
      }
      if (!(eta > 0) || !(minChildWeight >= 0) || !(linearRegularization >= 0) || linearIterations < 1 || workers < 1) {
        wrong.add("eta > 0, min child weight ≥ 0, regularization ≥ 0, linear iterations ≥ 1 and workers ≥ 1, got "
            + eta + ", " + minChildWeight + ", " + linearRegularization + ", " + linearIterations + ", " + workers);
      }
      if (!wrong.isEmpty()) {
        throw AuroraException.badInput("retrain: " + String.join("; ", wrong));
      }
    }

    public static Params defaults(long seed, int workers) {
      return new Params(120, 5, 0.1, 1.0, 0.01, 200, seed, workers);
    }

    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("xgboost.num_round", Integer.toString(rounds));
      m.put("xgboost.max_depth", Integer.toString(depth));
      m.put("xgboost.eta", Double.toString(eta));
      m.put("xgboost.min_child_weight", Double.toString(minChildWeight));
      m.put("xgboost.objective", "multi:softprob");
      m.put("xgboost.num_workers", Integer.toString(workers));
      m.put("mllib.model", "LogisticRegression(family=multinomial)");
      m.put("mllib.reg_param", Double.toString(linearRegularization));
      m.put("mllib.max_iter", Integer.toString(linearIterations));
      m.put("seed", Long.toString(seed));
      return m;
    }
  }

  /** The fitted halves, the ensemble as served and the vote chosen on validation. */
  public record Trained(XGBoostClassificationModel trees, LogisticRegressionModel linear, EnsembleModel model,
      double treesWeight, double validationAccuracy, Map<Double, Double> validationAccuracyByWeight) {}

  private final Params params;

  public EnsembleTrainer(Params params) {
    this.params = requireNonNull(params, "params is null");
  }

  /**
   * Fits on {@code training} (rows of {@link FeatureRows#TRAINING}) and chooses the vote on
   * {@code validation} (rows of {@link FeatureRows#COLUMNS}, one per column; may be empty: then the
   * vote is even).
   */
  public Trained fit(JavaSparkContext jsc, Dataset<Row> training, Dataset<Row> validation) {
    int k = Action.values().length;
    XGBoostClassifier xgb = new XGBoostClassifier()
        .setNumClass(k)
        .setObjective("multi:softprob")
        .setNumRound(params.rounds())
        .setMaxDepth(params.depth())
        .setEta(params.eta())
        .setMinChildWeight(params.minChildWeight())
        .setTreeMethod("hist")
        .setMissing(Float.NaN)
        .setNumWorkers(params.workers())
        .setNthread(1)
        .setSeed(params.seed())
        .setWeightCol("weight");
    xgb.setFeaturesCol("features");
    xgb.setLabelCol("label");
    XGBoostClassificationModel trees = xgb.fit(training);
    LogisticRegression lr = new LogisticRegression()
        .setFamily("multinomial")
        .setFeaturesCol("features_filled")
        .setLabelCol("label")
        .setWeightCol("weight")
        .setRegParam(params.linearRegularization())
        .setElasticNetParam(0.0)
        .setMaxIter(params.linearIterations())
        .setStandardization(true);
    LogisticRegressionModel linear = lr.fit(training);
    EnsembleModel even = ensemble(trees, linear, 0.5);

    Broadcast<EnsembleModel> b = jsc.broadcast(even);
    int grid = 11;
    FlatMapFunction<Iterator<Row>, double[]> score = (Iterator<Row> it) -> {
      EnsembleModel m = b.value();
      double[] acc = new double[2 * grid + 1];
      while (it.hasNext()) {
        Row r = it.next();
        // by position (FeatureRows.COLUMNS): rows of a cached frame's RDD carry no schema
        float[] x = floats((Vector) r.get(3));
        double[] t = m.treesProbabilities(x);
        double[] l = m.linearProbabilities(x);
        List<Object> accept = r.getList(2);
        int[] ok = new int[accept.size()];
        for (int i = 0; i < ok.length; i++) {
          ok[i] = Action.fromWire((String) accept.get(i)).ordinal();
        }
        for (int g = 0; g < grid; g++) {
          double w = g / (double) (grid - 1);
          int best = 0;
          double bestP = -1;
          double acceptable = 0;
          for (int c = 0; c < t.length; c++) {
            double p = w * t[c] + (1 - w) * l[c];
            if (p > bestP) {
              bestP = p;
              best = c;
            }
          }
          boolean right = false;
          for (int a : ok) {
            right |= a == best;
            acceptable += w * t[a] + (1 - w) * l[a];
          }
          acc[g] += right ? 1 : 0;
          acc[grid + g] += Math.log(Math.max(1e-9, Math.min(1, acceptable)));
        }
        acc[2 * grid]++;
      }
      return List.of(acc).iterator();
    };
    // plain Java serialization of the partial sums: no encoder (Spark's Kryo and xgboost's clash)
    List<double[]> parts = validation.toJavaRDD().mapPartitions(score).collect();
    b.destroy();
    double[] sum = new double[2 * grid + 1];
    for (double[] p : parts) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += p[i];
      }
    }
    Map<Double, Double> byWeight = new LinkedHashMap<>();
    double weight = 0.5;
    double bestAcc = Double.NaN;
    if (sum[2 * grid] > 0) {
      int best = -1;
      for (int g = 0; g < grid; g++) {
        byWeight.put(g / (double) (grid - 1), sum[g] / sum[2 * grid]);
        if (best < 0 || sum[g] > sum[best] || (sum[g] == sum[best] && sum[grid + g] > sum[grid + best])) {
          best = g;
        }
      }
      weight = best / (double) (grid - 1);
      bestAcc = sum[best] / sum[2 * grid];
    }
    return new Trained(trees, linear, ensemble(trees, linear, weight), weight, bestAcc, byWeight);
  }

  /** The ensemble as served, from the two fitted halves: trees read out of the booster, the linear model's coefficients. */
  public static EnsembleModel ensemble(XGBoostClassificationModel trees, LogisticRegressionModel linear, double treesWeight) {
    return new EnsembleModel(BoostedTrees.of(trees.nativeBooster().booster()), coefficients(linear), intercepts(linear),
        treesWeight);
  }

  static double[][] coefficients(LogisticRegressionModel linear) {
    Matrix m = linear.coefficientMatrix();
    double[][] out = new double[m.numRows()][m.numCols()];
    for (int c = 0; c < m.numRows(); c++) {
      for (int j = 0; j < m.numCols(); j++) {
        out[c][j] = m.apply(c, j);
      }
    }
    return out;
  }

  static double[] intercepts(LogisticRegressionModel linear) {
    double[] b = linear.interceptVector().toArray();
    for (int c = 0; c < b.length; c++) {
      // a class with no example gets -inf: keep it finite for the JSON file (exp() of it is 0 either way)
      if (!Double.isFinite(b[c])) {
        b[c] = b[c] < 0 ? -1e6 : 1e6;
      }
    }
    return b;
  }

  static float[] floats(Vector v) {
    double[] d = v.toArray();
    float[] x = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      x[i] = (float) d[i];
    }
    return x;
  }

  /**
   * Writes the artifact folder ({@link ModelArtifact}): manifest, the trees in XGBoost's format, the
   * linear model's coefficients, and both halves in Spark ML's format (saved under
   * {@code sparkStaging}, a folder every Spark executor can write, then copied next to the rest).
   */
  public static void write(Trained t, Path dir, String sparkStaging, io.aurora.model.ArtifactFiles files) {
    try {
      Files.createDirectories(dir);
      var manifest = ModelArtifact.manifest(ModelArtifact.ENSEMBLE);
      manifest.putObject("weights").put("xgboost", t.treesWeight()).put("mllib", 1 - t.treesWeight());
      manifest.put("description", "soft vote of XGBoost trees and a Spark MLlib multinomial logistic regression over "
          + "fingerprint features, the expert rule that fired and column-name signals");
      Files.writeString(dir.resolve(ModelArtifact.MANIFEST),
          new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest),
          StandardCharsets.UTF_8);
      Files.write(dir.resolve(ModelArtifact.XGBOOST), t.trees().nativeBooster().toByteArray("ubj"));
      Files.write(dir.resolve(ModelArtifact.MLLIB), ModelArtifact.linearJson(coefficients(t.linear()), intercepts(t.linear())));
      String xgbPath = io.aurora.model.ArtifactFiles.child(sparkStaging, "xgboost");
      String lrPath = io.aurora.model.ArtifactFiles.child(sparkStaging, "mllib");
      t.trees().write().overwrite().save(xgbPath);
      t.linear().write().overwrite().save(lrPath);
      files.download(xgbPath, dir.resolve(ModelArtifact.SPARK_XGBOOST));
      files.download(lrPath, dir.resolve(ModelArtifact.SPARK_MLLIB));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot write the trees: " + e.getMessage(), e);
    }
  }

  /** Reloads the Spark ML trees saved by {@link #write} (a multi-class model; see VERSIONS.md on 3.x). */
  public static XGBoostClassificationModel loadTrees(String path) {
    XGBoostClassificationModel loaded = XGBoostClassificationModel.load(path);
    // xgboost4j-spark 3.x reads a multi-class model back as binary (metadata key mismatch): rebuild it
    // with the class count the booster holds; 2.1.4 reads it correctly and this is then a no-op
    int classes = BoostedTrees.of(loaded.nativeBooster().booster()).classes();
    return loaded.numClasses() == classes ? loaded
        : new XGBoostClassificationModel(loaded.uid(), classes, loaded.nativeBooster());
  }

  static List<String> names() {
    return new ArrayList<>(ModelFeatures.NAMES);
  }
}
