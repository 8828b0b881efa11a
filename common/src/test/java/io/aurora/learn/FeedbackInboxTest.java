package io.aurora.learn;

import static io.aurora.learn.FeedbackIngestTest.rec;
import static io.aurora.learn.FeedbackIngestTest.writeRecommendations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurora.recommend.Action;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.Source;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackInboxTest {
  private static final Timestamp NOW = Timestamp.valueOf("2026-02-01 10:00:00");

  @TempDir
  Path dir;

  private HikariDataSource ds;
  private String schema;

  @BeforeEach
  void connect() {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(TestServices.postgresUrl());
    hc.setUsername(TestServices.postgresUser());
    hc.setPassword(TestServices.postgresPassword());
    hc.setMaximumPoolSize(3);
    ds = new HikariDataSource(hc);
    schema = "inbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (ds != null) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
      ds.close();
    }
  }

  @Test
  void rowsAreConsumedOnlyAfterTheDeltaCommitAndReRunsAreSafe() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh").toString());
    writeRecommendations(spark, store, "acme", "r1", List.of(
        rec("acme", "sales", "r1", "price", Action.LOG_TRANSFORM, Source.EXPERT, null, NOW)));
    String price = Recommendation.idFor("acme", "sales", "r1", "price");

    FeedbackInbox inbox = new FeedbackInbox(ds, schema);
    inbox.migrate();
    inbox.migrate(); // versioned: a second run has nothing to do
    inbox.submit("acme", "f-1", price, "accept", null, "ann");
    inbox.submit("acme", null, price, "correct", "robust_scale", "bob");
    inbox.submit("acme", null, price, "correct", "shrink", "bob");
    inbox.submit("globex", null, price, "accept", null, "eve");
    FeedbackIngest ingest = new FeedbackIngest(store);
    String staging = dir.resolve("wh").toString();

    // crash window: Delta committed, the job dies before the inbox transaction commits
    assertThatThrownBy(() -> inbox.consume("acme", "c1", 1000, spark, staging, raw -> {
      ingest.ingest(raw, "acme", "postgres", "c1", NOW);
      throw new IllegalStateException("killed after the Delta commit");
    })).hasMessageContaining("killed");
    assertThat(inbox.pending("acme")).isEqualTo(3);
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "acme").count()).isEqualTo(2);

    // the re-run consumes them; feedback is unchanged (idempotent by feedback_id); a row that
    // commits while the batch is being ingested stays pending for the next run
    FeedbackInbox.Report report = inbox.consume("acme", "c2", 1000, spark, staging, raw -> {
      FeedbackIngest.Report r = ingest.ingest(raw, "acme", "postgres", "c2", NOW);
      inbox.submit("acme", null, price, "accept", null, "late");
      return r;
    });
    assertThat(report.rows()).isEqualTo(3);
    assertThat(report.ingest().accepted()).isEqualTo(2);
    assertThat(report.ingest().rejected()).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "acme").count()).isEqualTo(2);
    assertThat(store.read(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, "acme").first().<String>getAs("reason"))
        .isEqualTo("unknown_action");
    assertThat(inbox.pending("acme")).isEqualTo(1);
    // another tenant's rows are neither read nor consumed
    assertThat(inbox.pending("globex")).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, LearningTables.FEEDBACK, "globex").count()).isZero();
  }

  /** Forget (a tenant, or one dataset's recommendations) and retention, without Spark: plain SQL on the real PostgreSQL. */
  @Test
  void forgetDeletesTheTenantsOrTheDatasetsRowsAndRetentionTheOldOnes() throws Exception {
    FeedbackInbox inbox = new FeedbackInbox(ds, schema);
    assertThat(inbox.forget("acme", null)).as("an inbox never migrated holds nothing").isZero();
    assertThat(inbox.purgeOlderThan(java.time.Instant.now())).isZero();
    inbox.migrate();
    inbox.submit("acme", null, "rec-sales-1", "accept", null, "ann");
    inbox.submit("acme", null, "rec-sales-2", "correct", "drop", "ann");
    inbox.submit("acme", null, "rec-stock-1", "accept", null, "bob");
    inbox.submit("globex", null, "rec-sales-1", "accept", null, "eve");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + schema + ".feedback_inbox_consumption (tenant, run_id, row_count) VALUES ('acme', 'c1', 0), ('globex', 'c1', 0)");
    }

    assertThat(inbox.forget("acme", List.of("rec-sales-1", "rec-sales-2", "rec-unknown"))).isEqualTo(2);
    assertThat(inbox.pending("acme")).isEqualTo(1);
    assertThat(inbox.pending("globex")).isEqualTo(1);
    assertThat(inbox.forget("acme", null)).isEqualTo(1);
    assertThat(inbox.forget("acme", null)).isZero();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT tenant FROM " + schema + ".feedback_inbox_consumption")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("globex");
      assertThat(r.next()).isFalse();
    }

    inbox.submit("globex", null, "rec-new", "accept", null, "eve");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("UPDATE " + schema + ".feedback_inbox SET submitted_at = now() - interval '100 days' WHERE recommendation_id = 'rec-sales-1'");
    }
    assertThat(inbox.purgeOlderThan(java.time.Instant.now().minus(java.time.Duration.ofDays(90)))).isEqualTo(1);
    assertThat(inbox.pending("globex")).isEqualTo(1);
  }
}
