package io.aurora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.model.ArtifactFiles;
import io.aurora.model.EnsembleModel;
import io.aurora.model.ModelArtifact;
import io.aurora.model.ServingModel;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble trains on Spark, and what is saved is what is served: Spark ML round trip and the served arrays agree. */
class EnsembleTrainerTest {
  @TempDir
  Path dir;

  @Test
  void savedMultiClassEnsembleLoadsBackWithTheSamePredictions() throws Exception {
    SparkSession spark = SharedSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HouseStyle domain = new HouseStyle("t", 3);
    List<Row> rows = new ArrayList<>();
    List<Fingerprint> fingerprints = new ArrayList<>();
    for (int d = 0; d < 12; d++) {
      for (HouseStyle.Column c : domain.dataset("ds" + d, 25)) {
        rows.add(labelled(c, "g" + d));
        fingerprints.add(c.fingerprint());
      }
    }
    Dataset<Row> labelled = spark.createDataFrame(rows.stream().map(io.aurora.recommend.RecommendJob::encodable).toList(),
        LabelledColumns.SCHEMA);
    Dataset<Row> columns = FeatureRows.columns(labelled).cache();
    Dataset<Row> training = FeatureRows.training(columns.where(functions.col("label_group").notEqual("g0")), 4.0);
    Dataset<Row> validation = columns.where(functions.col("label_group").equalTo("g0"));
    EnsembleTrainer.Trained t = new EnsembleTrainer(new EnsembleTrainer.Params(15, 3, 0.3, 1.0, 0.01, 50, 5, 1))
        .fit(jsc, training, validation);
    assertThat(t.trees().numClasses()).isEqualTo(Action.values().length);
    assertThat(t.treesWeight()).isBetween(0.0, 1.0);
    assertThat(t.validationAccuracyByWeight()).hasSize(11);

    Path model = dir.resolve("model");
    EnsembleTrainer.write(t, model, dir.resolve("staging").toUri().toString(), new ArtifactFiles(spark.sparkContext().hadoopConfiguration()));
    assertThat(model.resolve(ModelArtifact.MANIFEST)).exists();
    assertThat(model.resolve(ModelArtifact.SPARK_XGBOOST)).isDirectory();

    // 1. Spark ML's own formats load back multi-class (the xgboost4j-spark 3.x bug would make the trees binary)
    XGBoostClassificationModel trees = EnsembleTrainer.loadTrees(model.resolve(ModelArtifact.SPARK_XGBOOST).toUri().toString());
    assertThat(trees.numClasses()).isEqualTo(Action.values().length);
    LogisticRegressionModel linear = LogisticRegressionModel.load(model.resolve(ModelArtifact.SPARK_MLLIB).toUri().toString());
    List<Row> before = t.trees().transform(columns).select("probability").collectAsList();
    List<Row> after = trees.transform(columns).select("probability").collectAsList();
    List<Row> featureRows = columns.select("features", "features_filled").collectAsList();
    // 2. what serving reads (the artifact's small files) predicts what the fitted models predict
    ServingModel served = ModelArtifact.load(model);
    assertThat(served).isInstanceOf(EnsembleModel.class);
    EnsembleModel e = (EnsembleModel) served;
    assertThat(e.treesWeight()).isEqualTo(t.treesWeight());
    for (int i = 0; i < before.size(); i++) {
      double[] p0 = ((Vector) before.get(i).get(0)).toArray();
      double[] p1 = ((Vector) after.get(i).get(0)).toArray();
      assertThat(p1).containsExactly(p0, within(1e-6));
      float[] x = EnsembleTrainer.floats((Vector) featureRows.get(i).get(0));
      assertThat(e.treesProbabilities(x)).containsExactly(p0, within(1e-5));
      double[] lin = linear.predictProbability((Vector) featureRows.get(i).get(1)).toArray();
      assertThat(e.linearProbabilities(x)).containsExactly(lin, within(1e-9));
    }
    // 3. the ensemble served per fingerprint is the one trained
    ExpertRules rules = ExpertRules.shipped();
    for (Fingerprint f : fingerprints.subList(0, 20)) {
      io.aurora.recommend.Proposal expert = rules.propose(f).orElseThrow();
      assertThat(served.probabilities(f, expert)).containsExactly(t.model().probabilities(f, expert), within(1e-12));
    }
    columns.unpersist();
  }

  static Row labelled(HouseStyle.Column c, String group) {
    Row f = c.fingerprint().toRow();
    Object[] values = new Object[f.size() + 4];
    for (int i = 0; i < f.size(); i++) {
      values[i] = f.get(i);
    }
    values[f.size()] = LabelSource.CORRECTION.wireName();
    values[f.size() + 1] = List.of(c.house().wireName());
    values[f.size() + 2] = group;
    values[f.size() + 3] = null;
    return RowFactory.create(values);
  }
}
