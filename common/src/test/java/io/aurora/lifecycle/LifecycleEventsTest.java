package io.aurora.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.store.DeltaTableStore;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What privacy-report and retrain read back from lifecycle_events, and that no plain identifier is written. */
class LifecycleEventsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir
  Path dir;

  @Test
  void forgetsAreFoundBySubjectAndRetrainSeesWhatWasForgottenAfterItsModel() throws Exception {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    LifecycleEvents events = new LifecycleEvents(spark, store);
    SubjectKey key = SubjectKey.of("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(events.lastForget(key, "zqxacme")).isEmpty();
    assertThat(events.lastMaintain()).isEmpty();

    LifecycleEvent dataset = forget("e1", key.tenant("zqxacme"), key.dataset("zqxacme", "zqxsales"), T0);
    events.record(dataset);
    events.record(dataset.with(LifecycleEvent.Status.COMPLETED, ts(T0.plusSeconds(30)), "{\"tables\":{}}"));
    LifecycleEvent whole = forget("e2", key.tenant("zqxother"), null, T0.plusSeconds(60));
    events.record(whole);
    events.record(new LifecycleEvent("m1", LifecycleEvent.Kind.MAINTAIN, LifecycleEvent.Scope.WAREHOUSE, null, null,
        LifecycleEvent.Status.STARTED, ts(T0), ts(T0), "{}"));
    events.record(new LifecycleEvent("m1", LifecycleEvent.Kind.MAINTAIN, LifecycleEvent.Scope.WAREHOUSE, null, null,
        LifecycleEvent.Status.INCOMPLETE, ts(T0), ts(T0), "{}")); // same instant: the outcome wins

    LifecycleEvent last = events.lastForget(key, "zqxacme").orElseThrow();
    assertThat(last.eventId()).isEqualTo("e1");
    assertThat(last.status()).isEqualTo(LifecycleEvent.Status.COMPLETED);
    assertThat(last.scope()).isEqualTo(LifecycleEvent.Scope.DATASET);
    assertThat(events.lastMaintain().orElseThrow().status()).isEqualTo(LifecycleEvent.Status.INCOMPLETE);

    // retrain: a model trained before the forget holds the dataset's feedback; one trained after does not
    assertThat(events.forgottenSince(key, "zqxacme", "zqxsales", T0.minusSeconds(3600))).isTrue();
    assertThat(events.forgottenSince(key, "zqxacme", "zqxsales", T0.plusSeconds(3600))).isFalse();
    assertThat(events.forgottenSince(key, "zqxacme", "zqxstock", T0.minusSeconds(3600))).isFalse();
    assertThat(events.forgottenSince(key, "zqxacme", null, T0.minusSeconds(3600))).isTrue();
    assertThat(events.forgottenSince(key, "zqxother", "anything", T0.minusSeconds(3600))).as("the whole tenant").isTrue();
    // the forget of zqxother has no outcome yet: maintain leaves retention repairs alone meanwhile
    assertThat(events.forgetUnfinishedSince(T0.minusSeconds(3600))).isTrue();
    assertThat(events.forgetUnfinishedSince(T0.plusSeconds(3600))).isFalse();

    // the table spells no tenant or dataset
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(f.toString()).doesNotContain("zqxacme").doesNotContain("zqxsales").doesNotContain("zqxother");
      }
    }
  }

  private static LifecycleEvent forget(String id, String subject, String datasetSubject, Instant at) {
    return new LifecycleEvent(id, LifecycleEvent.Kind.FORGET, datasetSubject == null ? LifecycleEvent.Scope.TENANT
        : LifecycleEvent.Scope.DATASET, subject, datasetSubject, LifecycleEvent.Status.STARTED, ts(at), ts(at), "{}");
  }

  private static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }
}
