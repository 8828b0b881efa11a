package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.Source;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackIngestTest {
  private static final Timestamp NOW = Timestamp.valueOf("2026-02-01 10:00:00");

  @TempDir
  Path dir;

  static Recommendation rec(String tenant, String dataset, String run, String column, Action action, Source source, String ruleId,
      Timestamp at) {
    return new Recommendation(tenant, dataset, run, Recommendation.idFor(tenant, dataset, run, column), 0, column, action,
        0.8, Recommendation.CONFIDENT, source, List.of(), Imputation.NONE, false, "test", null, ruleId, null, at);
  }

  static void writeRecommendations(SparkSession spark, DeltaTableStore store, String tenant, String run, List<Recommendation> recs) {
    store.commitRun(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant, run,
        spark.createDataFrame(recs.stream().map(Recommendation::toRow).toList(), Recommendation.SCHEMA));
  }

  @Test
  void csvRowsAreValidatedRejectedWithReasonsAndReingestingChangesNothing() throws Exception {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh").toString());
    String price = Recommendation.idFor("acme", "sales", "r1", "price");
    String city = Recommendation.idFor("acme", "sales", "r1", "city");
    writeRecommendations(spark, store, "acme", "r1", List.of(
        rec("acme", "sales", "r1", "price", Action.LOG_TRANSFORM, Source.EXPERT, null, NOW),
        rec("acme", "sales", "r1", "city", Action.ONE_HOT_ENCODE, Source.EXPERT, null, NOW)));
    Path csv = dir.resolve("fb.csv");
    Files.writeString(csv, String.join("\n",
        "verdict,recommendation_id,correct_action,user,feedback_id,tenant",
        "accept," + city + ",,ann,f-1,",
        "correct," + price + ",Robust_Scale,bob,,",           // no feedback_id: derived from content
        "correct," + price + ",Robust_Scale,bob,,",           // the same row again in the file
        "correct," + price + ",,bob,,",                       // correct without action
        "correct," + price + ",shrink,bob,,",                 // unknown action
        "correct,no-such-rec,drop,bob,,",                     // unknown recommendation
        "maybe," + price + ",,bob,,",                         // unknown verdict
        "accept," + city + ",,eve,,globex",                   // another tenant's row
        "accept," + city + ",drop,eve,,",                     // accept naming another action
        ",,,,,,,,,"                                           // more fields than the header
    ) + "\n");

    FeedbackIngest ingest = new FeedbackIngest(store);
    FeedbackFile file = new FeedbackFile(spark);
    FeedbackIngest.Report first = ingest.ingest(file.read(csv.toString(), FeedbackFile.Format.CSV), "acme", "file", "i1", NOW);
    assertThat(first.accepted()).isEqualTo(2);
    assertThat(first.rejected()).isEqualTo(7);

    Map<String, Long> reasons = store.read(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, "acme")
        .groupBy("reason").count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(reasons).containsOnly(
        Map.entry("missing_correct_action", 1L), Map.entry("unknown_action", 1L),
        Map.entry("unknown_recommendation", 1L), Map.entry("unknown_verdict", 1L),
        Map.entry("unknown_tenant", 1L), Map.entry("conflicting_verdict", 1L), Map.entry("malformed", 1L));

    List<Row> feedback = store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "acme").orderBy("verdict").collectAsList();
    assertThat(feedback).hasSize(2);
    Row accept = feedback.get(0);
    assertThat((String) accept.getAs("feedback_id")).isEqualTo("f-1");
    assertThat((String) accept.getAs("column_name")).isEqualTo("city");
    assertThat((String) accept.getAs("label_action")).isEqualTo("one_hot_encode");
    Row correct = feedback.get(1);
    assertThat((String) correct.getAs("feedback_id")).startsWith("fb-");
    assertThat((String) correct.getAs("correct_action")).isEqualTo("robust_scale");
    assertThat((String) correct.getAs("recommended_action")).isEqualTo("log_transform");
    assertThat((String) correct.getAs("dataset")).isEqualTo("sales");
    assertThat((String) correct.getAs("source")).isEqualTo("expert");

    // the same file again, later, in another run: nothing changes
    ingest.ingest(file.read(csv.toString(), FeedbackFile.Format.CSV), "acme", "file", "i2",
        Timestamp.valueOf("2026-02-02 10:00:00"));
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "acme").orderBy("verdict").collectAsList())
        .isEqualTo(feedback);
    assertThat(store.read(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, "acme").count()).isEqualTo(7);
    // nothing was written for the tenant the foreign row named
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "globex").count()).isZero();
  }

  @Test
  void jsonLinesWithAMalformedLine() throws Exception {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh").toString());
    String price = Recommendation.idFor("acme", "sales", "r1", "price");
    writeRecommendations(spark, store, "acme", "r1",
        List.of(rec("acme", "sales", "r1", "price", Action.LOG_TRANSFORM, Source.EXPERT, null, NOW)));
    Path json = dir.resolve("fb.jsonl");
    Files.writeString(json, String.join("\n",
        "{\"recommendation_id\":\"" + price + "\",\"verdict\":\"correct\",\"correct_action\":\"robust_scale\",\"user\":\"ann\"}",
        "{\"recommendation_id\":\"" + price + "\",\"verdict\":\"accept\",\"feedback_id\":42}",
        "{not json")
        + "\n");
    assertThat(FeedbackFile.Format.of("auto", json.toString())).isEqualTo(FeedbackFile.Format.JSON);
    FeedbackIngest.Report r = new FeedbackIngest(store)
        .ingest(new FeedbackFile(spark).read(json.toString(), FeedbackFile.Format.JSON), "acme", "file", "i1", NOW);
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "acme").where("feedback_id = '42'").count()).isOne();
    assertThat(store.read(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, "acme").first().<String>getAs("reason"))
        .isEqualTo("malformed");
  }

  @Test
  void aFileWithoutTheRequiredColumnsIsBadInput() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "verdict,user\naccept,ann\n");
    assertThatThrownBy(() -> new FeedbackFile(SharedSpark.session()).read(csv.toString(), FeedbackFile.Format.CSV))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("recommendation_id");
    assertThatThrownBy(() -> new FeedbackFile(SharedSpark.session()).read(dir.resolve("missing.csv").toString(), FeedbackFile.Format.CSV))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("does not exist");
  }
}
