package io.aurora.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.model.Champions;
import io.aurora.model.FolderModelRegistry;
import io.aurora.model.ModelRegistry;
import io.aurora.model.ModelSource;
import io.aurora.model.ModelVersion;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.Source;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.TableStore;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant whose analysts keep correcting the expert rules the same way: retrain learns it, beats the
 * expert rules (what serves without a champion) on datasets it never saw, becomes champion, logs what
 * a person needs, and then serves; with no new labels the next retrain skips. A tenant whose analysts
 * accept the expert rules gets a model that cannot beat them: it is not promoted, the rules keep serving.
 */
class RetrainJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void learnsTheHouseStylePromotesServesAndSkipsWithoutNewLabels() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    TableStore store = new DeltaTableStore(spark, warehouse.toString());
    HouseStyle domain = new HouseStyle("acme", 11);
    List<List<HouseStyle.Column>> datasets = new ArrayList<>();
    for (int d = 0; d < 24; d++) {
      datasets.add(domain.dataset("sales" + d, 15));
    }
    int corrections = FeedbackFixture.write(spark, store, "acme", datasets, Timestamp.valueOf("2026-03-01 10:00:00"));
    assertThat(corrections).as("the house style differs from the expert rules").isGreaterThan(60);

    try (ModelRegistry registry = new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration())) {
      RetrainJob job = new RetrainJob(spark, store, registry);
      RetrainJob.Result r = job.run(request(100, false));
      assertThat(r.decision()).as(r.reason()).isEqualTo("promoted");
      assertThat(r.champion()).as("no champion before: the expert rules served").isNull();
      assertThat(r.championEvaluation()).isNull();
      assertThat(r.version().version()).isEqualTo("1");
      assertThat(r.newLabels()).isEqualTo(360);
      assertThat(r.labels()).containsEntry("correction", (long) corrections).containsEntry("accept", 360L - corrections);
      assertThat(r.candidate().columns()).isPositive();
      assertThat(r.expertEvaluation().columns()).isEqualTo(r.candidate().columns());
      assertThat(r.candidate().accuracy()).isGreaterThanOrEqualTo(r.expertEvaluation().accuracy() + 0.01);
      assertThat(r.reason()).contains("beats the expert rules'");
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo("1");

      // what the version and its run carry
      ModelVersion v1 = registry.version("aurora-recommender-acme", "1").orElseThrow();
      assertThat(v1.tags()).containsEntry("aurora.feedback_tenants", "acme").containsEntry("aurora.model.kind", "ensemble")
          .containsEntry("aurora.training_window_start", "2026-03-01T10:00:00Z")
          .containsEntry("aurora.training_window_end", "2026-03-01T10:00:00Z")
          .containsKey("aurora.git_commit");
      Path run = warehouse.resolve("_models/experiments/aurora-recommender-acme/" + r.runId());
      JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
      assertThat(runJson.path("status").asText()).isEqualTo("FINISHED");
      assertThat(runJson.path("params").path("xgboost.max_depth").asText()).isEqualTo("3");
      assertThat(runJson.path("metrics").path("holdout.accuracy").asDouble()).isEqualTo(r.candidate().accuracy());
      assertThat(runJson.path("metrics").path("expert.holdout.accuracy").asDouble()).isEqualTo(r.expertEvaluation().accuracy());
      assertThat(runJson.path("metrics").has("champion.holdout.accuracy")).isFalse();
      assertThat(runJson.path("metrics").has("holdout.ece")).isTrue();
      assertThat(runJson.path("metrics").has("holdout.macro_f1")).isTrue();
      for (String artifact : List.of("model/MODEL.json", "model/xgboost.ubj", "model/mllib.json", "model/spark/xgboost/metadata",
          "model/spark/mllib/metadata", "features.txt", "label_counts.csv", "evaluation/holdout_datasets.csv",
          "evaluation/confusion_matrix.csv", "evaluation/expert_confusion_matrix.csv", "evaluation/confusion_matrix.png", "evaluation/summary.json")) {
        assertThat(run.resolve("artifacts").resolve(artifact)).as(artifact).exists();
      }
      assertThat(Files.readString(run.resolve("artifacts/evaluation/holdout_datasets.csv"))).isEqualTo(
          "label_group\n" + String.join("\n", r.holdoutGroups()) + "\n");
      assertThat(r.holdoutGroups()).isNotEmpty().allMatch(g -> g.startsWith("acme/sales"));
      byte[] png = Files.readAllBytes(run.resolve("artifacts/evaluation/confusion_matrix.png"));
      assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

      // served: source model, the explanation names the model and its version
      Champions.Loaded champion = new Champions(warehouse.toString(), spark.sparkContext().hadoopConfiguration())
          .load(() -> new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration()), false,
              "aurora-recommender-acme").orElseThrow();
      assertThat(champion.version().version()).isEqualTo("1");
      ModelSource source = ModelSource.broadcast(JavaSparkContext.fromSparkContext(spark.sparkContext()), champion.version(),
          champion.model());
      Fingerprint money = datasets.get(0).stream().filter(c -> c.house() == io.aurora.recommend.Action.ROBUST_SCALE)
          .findFirst().orElseThrow().fingerprint();
      Proposal p = source.propose(money).orElseThrow();
      assertThat(p.source()).isEqualTo(Source.MODEL);
      assertThat(p.explanation()).startsWith("model aurora-recommender-acme v1 (ensemble): ");
      assertThat(p.modelVersion()).isEqualTo("aurora-recommender-acme/1");

      // nothing new since version 1 was trained: skipped, nothing registered
      RetrainJob.Result again = job.run(request(100, false));
      assertThat(again.decision()).isEqualTo("skipped");
      assertThat(again.reason()).contains("0 new feedback labels").contains("aurora.retrain.min-new-labels");
      assertThat(registry.versions("aurora-recommender-acme")).hasSize(1);
      // forced with a margin nothing can beat: a challenger, the champion stays
      RetrainJob.Request forced = new RetrainJob.Request("acme", List.of("acme"), "aurora-recommender-acme",
          "aurora-recommender-acme", 100, 0.99, 4.0, 0.25, 0.15, 17, true, false,
          new EnsembleTrainer.Params(20, 3, 0.3, 1.0, 0.01, 50, 17, 1));
      RetrainJob.Result challenger = job.run(forced);
      assertThat(challenger.decision()).isEqualTo("challenger");
      assertThat(challenger.reason()).contains("stays champion");
      assertThat(challenger.champion().version()).isEqualTo("1");
      assertThat(challenger.championEvaluation().columns()).isEqualTo(challenger.candidate().columns());
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHALLENGER).orElseThrow().version()).isEqualTo("2");
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo("1");
      assertThat(challenger.holdoutGroups()).as("the same seed keeps the same holdout").isEqualTo(r.holdoutGroups());
    }
    try (Stream<Path> staging = Files.walk(warehouse.resolve("_models"))) {
      assertThat(staging.map(Path::toString)).noneMatch(s -> s.contains("/staging/"));
    }
  }

  @Test
  void aModelThatDoesNotBeatTheExpertRulesIsNotPromoted() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    TableStore store = new DeltaTableStore(spark, warehouse.toString());
    HouseStyle domain = new HouseStyle("bolt", 12);
    List<List<HouseStyle.Column>> datasets = new ArrayList<>();
    for (int d = 0; d < 16; d++) {
      datasets.add(domain.dataset("orders" + d, 10));
    }
    int corrections = FeedbackFixture.write(spark, store, "bolt", datasets, Timestamp.valueOf("2026-03-01 10:00:00"), true);
    assertThat(corrections).as("the analysts accept every expert recommendation").isZero();

    try (ModelRegistry registry = new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration())) {
      RetrainJob.Result r = new RetrainJob(spark, store, registry).run(request("bolt", 100, false));
      assertThat(r.candidate().columns()).isPositive();
      assertThat(r.expertEvaluation().accuracy()).isEqualTo(1.0);
      assertThat(r.decision()).as(r.reason()).isEqualTo("challenger");
      assertThat(r.reason()).contains("does not beat the expert rules' 1.0000")
          .contains("no champion, the expert rules keep serving");
      assertThat(registry.alias("aurora-recommender-bolt", ModelRegistry.CHAMPION)).isEmpty();
      assertThat(registry.alias("aurora-recommender-bolt", ModelRegistry.CHALLENGER).orElseThrow().version()).isEqualTo("1");
      // nothing to serve: recommend falls back to the expert rules
      assertThat(new Champions(warehouse.toString(), spark.sparkContext().hadoopConfiguration())
          .load(() -> new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration()), false,
              "aurora-recommender-bolt")).isEmpty();
    }
  }

  private static RetrainJob.Request request(int minNewLabels, boolean force) {
    return request("acme", minNewLabels, force);
  }

  private static RetrainJob.Request request(String tenant, int minNewLabels, boolean force) {
    return new RetrainJob.Request(tenant, List.of(tenant), "aurora-recommender-" + tenant, "aurora-recommender-" + tenant,
        minNewLabels, 0.01, 4.0, 0.25, 0.15, 17, force, false, new EnsembleTrainer.Params(40, 3, 0.3, 1.0, 0.01, 100, 17, 1));
  }
}
