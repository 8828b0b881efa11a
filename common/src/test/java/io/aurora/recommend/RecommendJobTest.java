package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.profile.ProfileRun;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendJobTest {
  @TempDir
  Path warehouse;

  private static Row fingerprint(String run, long createdAt, int index, TestFingerprints b) {
    b.tenant = "acme";
    b.dataset = "sales";
    b.runId = run;
    b.columnIndex = index;
    Fingerprint f = b.build();
    Fingerprint stamped = f.toBuilder().set(Fingerprint.Field.CREATED_AT, new Timestamp(createdAt)).build();
    return stamped.toRow();
  }

  @Test
  void recommendsTheLatestRunIdempotentlyAndBuildsTheReviewQueue() {
    SparkSession spark = SharedSpark.session();
    TableStore store = new DeltaTableStore(spark, warehouse.toString());
    TestFingerprints skewed = TestFingerprints.numeric().name("price");
    skewed.skewness = 4.2;
    skewed.magnitudeSpan = 5.0;
    TestFingerprints levels = TestFingerprints.numeric().name("rooms").distinct(8);
    levels.integerShare = 1.0;
    // 44 levels read through noise of σ 5: one-hot (≤ 45 levels) or target encoding cannot be told apart
    TestFingerprints tiny = TestFingerprints.string().name("note").distinct(44).std(Fingerprint.Field.DISTINCT_ESTIMATE, 5);
    tiny.lowUtility = true;
    store.commitRun(Table.FINGERPRINTS, Fingerprint.SCHEMA, "acme", "old",
        spark.createDataFrame(List.of(fingerprint("old", 1_000, 0, TestFingerprints.numeric().name("price"))), Fingerprint.SCHEMA));
    store.commitRun(Table.FINGERPRINTS, Fingerprint.SCHEMA, "acme", "new", spark.createDataFrame(List.of(
        fingerprint("new", 2_000, 0, skewed), fingerprint("new", 2_000, 1, levels), fingerprint("new", 2_000, 2, tiny)),
        Fingerprint.SCHEMA));
    // a newer run whose job died while committing: its fingerprints are there, its run never completed
    store.commitRun(Table.FINGERPRINTS, Fingerprint.SCHEMA, "acme", "dying",
        spark.createDataFrame(List.of(fingerprint("dying", 3_000, 0, TestFingerprints.numeric().name("price"))), Fingerprint.SCHEMA));
    for (String[] run : new String[][] {{"old", ProfileRun.COMPLETED}, {"new", ProfileRun.COMPLETED}, {"dying", ProfileRun.COMMITTING}}) {
      store.commitRun(Table.RUNS, ProfileRun.SCHEMA, "acme", run[0], spark.createDataFrame(List.of(new ProfileRun(run[0], "acme", "sales", null,
          "csv", null, null, true, 10, 0, List.of(), 1, 1.0, 1e-9, "m", 1.0, 0.1, false, List.of(), run[1], new Timestamp(0), new Timestamp(0),
          null).toRow()), ProfileRun.SCHEMA));
    }

    RecommendJob job = new RecommendJob(store, new RecommendationCombiner(List.of(ExpertRules.shipped()), 0.6, null));
    RecommendJob.Result first = job.recommendRun("acme", "sales", null);
    assertThat(first.runId()).isEqualTo("new");
    assertThat(first.recommendations()).extracting(Recommendation::columnName).containsExactly("price", "rooms", "note");
    assertThat(first.recommendations().get(0).action()).isEqualTo(Action.LOG_TRANSFORM);

    RecommendJob.Result again = job.recommendRun("acme", "sales", null);
    assertThat(again.recommendations()).extracting(Recommendation::recommendationId)
        .containsExactlyElementsOf(first.recommendations().stream().map(Recommendation::recommendationId).toList());
    assertThat(store.read(Table.RECOMMENDATIONS, Recommendation.SCHEMA, "acme").count()).isEqualTo(3);

    assertThat(job.recommendRun("acme", "sales", "old").recommendations()).hasSize(1);
    // readers see completed runs only
    assertThatThrownBy(() -> job.recommendRun("acme", "sales", "dying"))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
    assertThat(store.read(Table.RECOMMENDATIONS, Recommendation.SCHEMA, "acme").count()).isEqualTo(4);

    List<Recommendation> review = new ReviewQueue(store).uncertain("acme", "sales", "new");
    assertThat(review).isNotEmpty().allMatch(r -> r.status().equals(Recommendation.UNCERTAIN));
    assertThat(review).extracting(Recommendation::confidence).isSorted();
    assertThat(review).allMatch(r -> r.alternatives().size() >= 1);

    assertThatThrownBy(() -> job.recommendRun("acme", "nope", null))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> job.recommendRun("acme", "sales", "missing-run"))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("'missing-run'");
    assertThatThrownBy(() -> new ReviewQueue(store).uncertain("acme", "nope", null))
        .isInstanceOf(AuroraException.class).hasMessageContaining("'nope'");
    // another tenant sees nothing
    assertThatThrownBy(() -> job.recommendRun("other", "sales", null)).isInstanceOf(AuroraException.class);
  }
}
