package io.aurora.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.model.FolderModelRegistry;
import io.aurora.model.ModelRegistry;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.RecommendJob;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.TableStore;
import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promotion guard on the public labelled files: a tenant's corrections teach a house style that
 * beats the expert rules on the tenant's own held-out datasets, and a small labelled corpus stands in
 * for the built-in one. When the corpus is labelled the textbook way (the expert rules' choice), the
 * candidate loses to the rules on the corpus files of the holdout and stays challenger although it
 * wins on the holdout as a whole; when the corpus agrees with the house style it is promoted.
 */
class RetrainCorpusHoldoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Timestamp RECEIVED = Timestamp.valueOf("2026-03-01 10:00:00");

  @TempDir
  Path dir;

  @Test
  void aCandidateThatLosesToTheExpertRulesOnTheCorpusHoldoutStaysChallenger() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    TableStore store = new DeltaTableStore(spark, warehouse.toString());
    houseStyleFeedback(spark, store, "acme");
    ExpertRules rules = ExpertRules.shipped();
    Dataset<Row> textbook = corpus(spark, c -> rules.propose(c.fingerprint()).orElseThrow().top().action());

    try (ModelRegistry registry = new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration())) {
      RetrainJob.Result r = new RetrainJob(spark, store, registry, () -> textbook).run(request("acme"));

      assertThat(r.holdoutGroups()).as("corpus files and tenant datasets in the holdout")
          .anyMatch(g -> g.startsWith("corpus/")).anyMatch(g -> g.startsWith("acme/"));
      assertThat(r.corpusExpert().accuracy()).as("the corpus is labelled with the expert rules' choice").isEqualTo(1.0);
      assertThat(r.corpusCandidate().columns()).isEqualTo(r.corpusExpert().columns()).isPositive();
      assertThat(r.corpusCandidate().accuracy()).as("the house style is not the textbook").isLessThan(1.0);
      // on the holdout as a whole the candidate clears the bar: only the corpus guard keeps it back
      assertThat(r.candidate().accuracy()).isGreaterThanOrEqualTo(r.expertEvaluation().accuracy() + 0.01);

      assertThat(r.decision()).as(r.reason()).isEqualTo("challenger");
      assertThat(r.reason()).contains("on the public labelled files of the holdout")
          .contains(String.format(java.util.Locale.ROOT, "%.4f below the expert rules' 1.0000", r.corpusCandidate().accuracy()))
          .contains("no champion, the expert rules keep serving");
      assertThat(r.championAfter()).isEmpty();
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHAMPION)).isEmpty();
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHALLENGER).orElseThrow().version()).isEqualTo("1");
      assertThat(registry.version("aurora-recommender-acme", "1").orElseThrow().tags())
          .containsEntry("aurora.decision", "challenger").containsEntry("aurora.built_in_corpus", "true");

      // the run says why, with both figures
      JsonNode run = JSON.readTree(warehouse.resolve("_models/experiments/aurora-recommender-acme/" + r.runId() + "/run.json")
          .toFile());
      assertThat(run.path("tags").path("aurora.decision").asText()).isEqualTo("challenger");
      assertThat(run.path("tags").path("aurora.decision_reason").asText()).isEqualTo(r.reason());
      assertThat(run.path("metrics").path("corpus_holdout.accuracy").asDouble()).isEqualTo(r.corpusCandidate().accuracy());
      assertThat(run.path("metrics").path("expert.corpus_holdout.accuracy").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void aCandidateThatDoesNotLoseOnTheCorpusHoldoutIsPromoted() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    TableStore store = new DeltaTableStore(spark, warehouse.toString());
    houseStyleFeedback(spark, store, "acme");
    Dataset<Row> houseStyle = corpus(spark, HouseStyle.Column::house);

    try (ModelRegistry registry = new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration())) {
      RetrainJob.Result r = new RetrainJob(spark, store, registry, () -> houseStyle).run(request("acme"));

      assertThat(r.holdoutGroups()).anyMatch(g -> g.startsWith("corpus/")).anyMatch(g -> g.startsWith("acme/"));
      assertThat(r.corpusCandidate().columns()).isPositive();
      assertThat(r.corpusCandidate().accuracy()).isGreaterThanOrEqualTo(r.corpusExpert().accuracy());
      assertThat(r.decision()).as(r.reason()).isEqualTo("promoted");
      assertThat(r.reason()).contains("beats the expert rules'").contains("on the public labelled files of the holdout")
          .contains("not below the expert rules'");
      assertThat(registry.alias("aurora-recommender-acme", ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo("1");
    }
  }

  /** The tenant's analysts correct the expert rules to their house style on 16 datasets of 12 columns. */
  private static void houseStyleFeedback(SparkSession spark, TableStore store, String tenant) {
    HouseStyle domain = new HouseStyle(tenant, 11);
    List<List<HouseStyle.Column>> datasets = new ArrayList<>();
    for (int d = 0; d < 16; d++) {
      datasets.add(domain.dataset("sales" + d, 12));
    }
    int corrections = FeedbackFixture.write(spark, store, tenant, datasets, RECEIVED);
    assertThat(corrections).as("the house style differs from the expert rules").isGreaterThan(25);
  }

  /**
   * A small labelled corpus (rows as {@link LabelledColumns#corpus()} gives them): 12 files of 8 columns
   * of the same kinds as the tenant's, each column labelled with {@code label}.
   */
  private static Dataset<Row> corpus(SparkSession spark, Function<HouseStyle.Column, Action> label) {
    HouseStyle files = new HouseStyle("public", 5);
    List<Row> rows = new ArrayList<>();
    for (int f = 0; f < 12; f++) {
      for (HouseStyle.Column c : files.dataset("file" + f, 8)) {
        Fingerprint fp = c.fingerprint();
        Row r = RecommendJob.encodable(fp.toRow());
        Object[] v = new Object[r.size() + 4];
        for (int k = 0; k < r.size(); k++) {
          v[k] = r.get(k);
        }
        v[r.size()] = LabelSource.CORPUS.wireName();
        v[r.size() + 1] = scala.collection.JavaConverters.asScalaBufferConverter(List.of(label.apply(c).wireName())).asScala().toSeq();
        v[r.size() + 2] = "corpus/" + fp.dataset() + ".csv";
        v[r.size() + 3] = null;
        rows.add(RowFactory.create(v));
      }
    }
    return spark.createDataFrame(rows, LabelledColumns.SCHEMA);
  }

  private static RetrainJob.Request request(String tenant) {
    return new RetrainJob.Request(tenant, List.of(tenant), "aurora-recommender-" + tenant, "aurora-recommender-" + tenant,
        100, 0.01, 4.0, 0.25, 0.15, 17, false, true, new EnsembleTrainer.Params(40, 3, 0.3, 1.0, 0.01, 100, 17, 1));
  }
}
