package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.learn.LearningTables;
import io.aurora.lifecycle.LifecycleEvents;
import io.aurora.lifecycle.MaintainJob;
import io.aurora.lifecycle.MaintainReport;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 pt 2: retention purges what is past it with everything derived from it and nothing else;
 * a second maintain changes nothing; OPTIMIZE and VACUUM keep the protocol delta-rs reads; and a
 * profile job writing while maintain runs loses nothing. The retention cut is put between two
 * groups of rows with a clock 90 days ahead of the moment between them.
 */
class MaintainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PURGED = List.of("runs", "fingerprints", "recommendations", "feedback", "feedback_rejects");

  @TempDir
  Path dir;

  @Test
  void retentionPurgesOldRunsWithWhatDerivesFromThemAndKeepsTheRest() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    String tenant = "maint";
    List<String> oldRecs = ok(CapturedRun.of("run", "--input", table(dir.resolve("olddata.csv"), 1).toString(), "--json",
        "--tenant", tenant, "--warehouse", warehouse.toString())).outLines();
    feedback(warehouse, tenant, "old", oldRecs.get(0), oldRecs.get(1), null);
    Instant between = momentBetween();
    List<String> newRecs = ok(CapturedRun.of("run", "--input", table(dir.resolve("newdata.csv"), 2).toString(), "--json",
        "--tenant", tenant, "--warehouse", warehouse.toString())).outLines();
    // received after the cut, but judging a recommendation that is past it: it goes with its recommendation
    feedback(warehouse, tenant, "new", newRecs.get(0), newRecs.get(1), oldRecs.get(2));
    // a notebook's bare verdict, with no time and judging no known recommendation
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    Row bare = RowFactory.create(tenant, "nb-1", "rec-from-elsewhere", "accept", null, "nb", null, null, null, null, null, null, null, null,
        "notebook", null, null);
    spark.createDataFrame(List.of(bare), LearningTables.FEEDBACK).write().format("delta").mode("append").save(store.location(Table.FEEDBACK));

    Map<String, Long> oldBefore = counts(spark, warehouse, "olddata");
    Map<String, Long> newBefore = counts(spark, warehouse, "newdata");
    assertThat(oldBefore.get("runs")).isEqualTo(1);
    assertThat(oldBefore.get("feedback")).isEqualTo(3);
    assertThat(newBefore.get("feedback")).isEqualTo(2);
    long rejectsBefore = spark.read().format("delta").load(store.location(Table.FEEDBACK_REJECTS)).count();
    assertThat(rejectsBefore).isEqualTo(2);

    MaintainJob job = new MaintainJob(store, new LifecycleEvents(spark, store), List.of(),
        Clock.fixed(between.plus(Duration.ofDays(90)), ZoneOffset.UTC));
    MaintainReport report = job.maintain(90);

    assertThat(counts(spark, warehouse, "olddata").values()).allMatch(n -> n == 0);
    Map<String, Long> newAfter = counts(spark, warehouse, "newdata");
    assertThat(newAfter).containsEntry("runs", 1L).containsEntry("fingerprints", newBefore.get("fingerprints"))
        .containsEntry("recommendations", newBefore.get("recommendations")).containsEntry("feedback", 2L);
    // the late verdict on an old recommendation went with it; the bare one is kept, stamped now
    var feedback = spark.read().format("delta").load(store.location(Table.FEEDBACK));
    assertThat(feedback.where("feedback_id = 'new-2'").count()).isZero();
    assertThat(feedback.where("feedback_id = 'nb-1' AND received_at IS NOT NULL").count()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(store.location(Table.FEEDBACK_REJECTS)).count()).isEqualTo(1);
    Map<String, MaintainReport.TableMaintenance> byTable = new TreeMap<>();
    report.tables().forEach(t -> byTable.put(t.table(), t));
    assertThat(byTable.get("runs").rowsPurged()).isEqualTo(1);
    assertThat(byTable.get("feedback").rowsPurged()).isEqualTo(3);
    assertThat(byTable.get("feedback").rowsStamped()).isEqualTo(1);
    assertThat(byTable.get("feedback_rejects").rowsPurged()).isEqualTo(1);
    assertThat(byTable.get("recommendations").rowsPurged()).isEqualTo(oldBefore.get("recommendations"));
    // feedback kept two files (the newer ingest, rewritten without the late verdict; the stamped bare row): now one
    assertThat(byTable.get("feedback").compaction()).isEqualTo(new io.aurora.store.Compaction(2, 1));
    assertThat(byTable.get("lifecycle_events").rowsPurged()).as("not under retention").isEqualTo(-1);
    for (String table : PURGED) {
      Row protocol = DeltaTable.forPath(spark, warehouse.resolve(table).toString()).detail().select("minReaderVersion", "minWriterVersion").first();
      assertThat(protocol.getInt(0)).as(table).isEqualTo(1);
      assertThat(protocol.getInt(1)).as(table).isEqualTo(2);
    }

    // the command: the same maintain again (today's clock) finds nothing to purge or compact, and says so in JSON lines
    CapturedRun again = ok(CapturedRun.of("maintain", "--json", "--tenant", tenant, "--warehouse", warehouse.toString()));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : again.outLines()) {
      lines.add(JSON.readTree(line));
    }
    JsonNode summary = lines.get(lines.size() - 1);
    assertThat(summary.get("record").asText()).isEqualTo("maintain");
    assertThat(summary.get("retention_days").asInt()).isEqualTo(90);
    assertThat(summary.get("complete").asBoolean()).isTrue();
    assertThat(lines).filteredOn(n -> n.get("record").asText().equals("table")).extracting(n -> n.get("table").asText())
        .contains("runs", "fingerprints", "recommendations", "feedback", "feedback_rejects", "lifecycle_events");
    // (lifecycle_events grows by a row per maintain state, so OPTIMIZE compacts it each time)
    assertThat(lines).filteredOn(n -> n.get("record").asText().equals("table") && !n.get("table").asText().equals("lifecycle_events"))
        .allSatisfy(n -> assertThat(n.path("rows_purged").asLong(0)).isZero())
        .allSatisfy(n -> assertThat(n.get("files_written").asLong()).isZero());
    assertThat(counts(spark, warehouse, "newdata")).isEqualTo(newAfter);
    // privacy-report shows when the oldest row goes, and the last maintain
    JsonNode tenantLine = JSON.readTree(last(ok(CapturedRun.of("privacy-report", "--json", "--tenant", tenant, "--warehouse",
        warehouse.toString())).outLines()));
    assertThat(tenantLine.path("last_maintain").path("status").asText()).isEqualTo("completed");
    CapturedRun zero = CapturedRun.of("maintain", "--retention-days", "0", "--warehouse", warehouse.toString());
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err().strip()).contains("aurora.retention.days").doesNotContain("\n");
  }

  /** A profile job commits while maintain purges, compacts and vacuums the same tables: every commit of the job survives. */
  @Test
  void maintainWhileProfileRunsWriteLosesNothing() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path warehouse = dir.resolve("warehouse");
    for (int i = 0; i < 2; i++) {
      ok(CapturedRun.of("profile", "--input", table(dir.resolve("before" + i + ".csv"), 10 + i).toString(), "--tenant", "busy",
          "--warehouse", warehouse.toString()));
    }
    Instant between = momentBetween();
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inputs.add(table(dir.resolve("during" + i + ".csv"), 20 + i));
    }
    AtomicBoolean maintaining = new AtomicBoolean(true);
    List<Integer> codes = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Integer> whileMaintaining = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread writer = new Thread(() -> {
      for (Path input : inputs) {
        int code = AuroraMain.execute("profile", "--input", input.toString(), "--tenant", "busy", "--warehouse", warehouse.toString());
        codes.add(code);
        if (maintaining.get()) {
          whileMaintaining.add(code);
        }
      }
    }, "concurrent-profile");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    MaintainJob job = new MaintainJob(store, new LifecycleEvents(spark, store), List.of(),
        Clock.fixed(between.plus(Duration.ofDays(90)), ZoneOffset.UTC));
    writer.start();
    Thread.sleep(500);
    MaintainReport report = job.maintain(90);
    maintaining.set(false);
    writer.join(Duration.ofMinutes(10).toMillis());

    assertThat(codes).containsExactly(0, 0, 0);
    assertThat(whileMaintaining).as("the writer committed while maintain ran").isNotEmpty();
    var runs = spark.read().format("delta").load(store.location(Table.RUNS)).where("tenant = 'busy'");
    assertThat(runs.where("dataset LIKE 'before%'").count()).isZero();
    assertThat(runs.where("dataset LIKE 'during%'").count()).isEqualTo(3);
    var fingerprints = spark.read().format("delta").load(store.location(Table.FINGERPRINTS)).where("tenant = 'busy'");
    assertThat(fingerprints.where("dataset LIKE 'during%'").count()).isEqualTo(9); // three columns per run
    assertThat(fingerprints.where("dataset LIKE 'before%'").count()).isZero();
    assertThat(report.tables()).filteredOn(t -> t.table().equals("runs")).singleElement()
        .satisfies(t -> assertThat(t.rowsPurged()).isEqualTo(2));
  }

  /**
   * A moment strictly after every time already written and strictly before every time written next.
   * The jobs stamp rows from this JVM's clock, some at millisecond precision: a few milliseconds on
   * each side are enough, whole seconds are not needed.
   */
  private static Instant momentBetween() throws InterruptedException {
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    return between;
  }

  private static void feedback(Path warehouse, String tenant, String prefix, String rec0, String rec1, String extra) throws IOException {
    List<String> rows = new ArrayList<>(List.of("feedback_id,recommendation_id,verdict,correct_action,user"));
    rows.add(prefix + "-0," + id(rec0) + ",accept,,ann");
    rows.add(prefix + "-1," + id(rec1) + ",correct,drop,ann");
    rows.add(prefix + "-bad," + id(rec1) + ",maybe,,ann"); // a reject
    if (extra != null) {
      rows.add(prefix + "-2," + id(extra) + ",accept,,ann");
    }
    Path file = warehouse.getParent().resolve(prefix + "-verdicts.csv");
    Files.write(file, rows, StandardCharsets.UTF_8);
    ok(CapturedRun.of("feedback", "--file", file.toString(), "--tenant", tenant, "--warehouse", warehouse.toString()));
  }

  private static String id(String recommendationJson) throws IOException {
    return JSON.readTree(recommendationJson).get("recommendation_id").asText();
  }

  /** Rows of one dataset per table (feedback by the dataset its recommendation names). */
  private static Map<String, Long> counts(SparkSession spark, Path warehouse, String dataset) {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : List.of("runs", "fingerprints", "recommendations", "feedback")) {
      counts.put(table, spark.read().format("delta").load(warehouse.resolve(table).toString()).where("dataset = '" + dataset + "'").count());
    }
    return counts;
  }

  private static Path table(Path file, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(List.of("price,kind,qty"));
    String[] kinds = {"a", "b", "c"};
    for (int i = 0; i < 300; i++) {
      lines.add(String.format(Locale.ROOT, "%.2f,%s,%d", Math.exp(1 + random.nextGaussian()), kinds[random.nextInt(3)], random.nextInt(9)));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static CapturedRun ok(CapturedRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }
}
