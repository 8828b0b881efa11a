package io.aurora.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTableStoreTest {
  private static final StructType SCHEMA = new StructType()
      .add("tenant", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("value", DataTypes.LongType, false);

  @TempDir
  Path dir;

  private Dataset<Row> rows(SparkSession spark, String tenant, String runId, long... values) {
    List<Row> list = new java.util.ArrayList<>();
    for (long v : values) {
      list.add(RowFactory.create(tenant, runId, "d", v));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  @Test
  void commitRunIsIdempotentPerRunAndScopedToTenant() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));
    store.commitRun(Table.RUNS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 3));
    store.commitRun(Table.RUNS, SCHEMA, "b", "r1", rows(spark, "b", "r1", 9));

    assertThat(store.read(Table.RUNS, SCHEMA, "a").count()).isEqualTo(3);
    assertThat(store.read(Table.RUNS, SCHEMA, "b").count()).isEqualTo(1);
    assertThat(store.read(Table.RULES, SCHEMA, "a").count()).isZero();
  }

  @Test
  void aRunIsCommittedAsOneFileWhateverTheFramesPartitions() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.FINGERPRINTS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2, 3, 4, 5, 6, 7, 8).repartition(4));
    assertThat(spark.read().format("delta").load(store.location(Table.FINGERPRINTS)).inputFiles()).hasSize(1);
    store.commitRun(Table.FINGERPRINTS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 1, 2, 3, 4).repartition(3));
    assertThat(spark.read().format("delta").load(store.location(Table.FINGERPRINTS)).inputFiles()).hasSize(2);
    assertThat(store.read(Table.FINGERPRINTS, SCHEMA, "a").count()).isEqualTo(12);
  }

  /**
   * A new run is a blind append: one Spark job (the write). Replacing a run's rows on the same table
   * also checks them against the replaceWhere predicate and rebuilds the table's state to find files
   * to remove; those jobs must not come back for a run id that cannot have rows yet.
   */
  @Test
  void aNewRunIsAppendedWithOneSparkJob() throws Exception {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));

    long replaceJobs = jobsOf(spark, () -> store.commitRun(Table.RUNS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 3)));
    long appendJobs = jobsOf(spark, () -> store.commitNewRun(Table.RUNS, SCHEMA, "a", "r3", rows(spark, "a", "r3", 4, 5)));

    assertThat(appendJobs).isEqualTo(1);
    assertThat(replaceJobs).isGreaterThan(appendJobs);
    assertThat(store.read(Table.RUNS, SCHEMA, "a").collectAsList()).extracting(r -> r.getLong(3)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    store.commitNewRun(Table.FEEDBACK_REJECTS, SCHEMA, "b", "r1", rows(spark, "b", "r1", 9)); // creates a table too
    assertThat(store.read(Table.FEEDBACK_REJECTS, SCHEMA, "b").count()).isEqualTo(1);
  }

  private static long jobsOf(SparkSession spark, Runnable action) throws java.util.concurrent.TimeoutException {
    return io.aurora.testing.SparkJobs.during(spark, action);
  }

  @Test
  void upsertInsertsOnlyNewKeysAndDeleteRemovesTenantRows() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.upsert(Table.FEEDBACK, SCHEMA, "a", List.of("run_id"), rows(spark, "a", "f1", 1), false);
    store.upsert(Table.FEEDBACK, SCHEMA, "a", List.of("run_id"), rows(spark, "a", "f1", 5), false);
    store.upsert(Table.FEEDBACK, SCHEMA, "b", List.of("run_id"), rows(spark, "b", "f1", 7), false);
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "a").collectAsList()).extracting(r -> r.getLong(3)).containsExactly(1L);

    assertThat(store.delete(Table.FEEDBACK, "a", null)).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "a").count()).isZero();
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "b").count()).isEqualTo(1);
  }

  private static final StructType TEXT = new StructType()
      .add("tenant", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("note", DataTypes.StringType, false)
      .add("created_at", DataTypes.TimestampType, false);

  private static Dataset<Row> notes(SparkSession spark, String tenant, String runId, String dataset, String... notes) {
    List<Row> list = new java.util.ArrayList<>();
    for (String n : notes) {
      list.add(RowFactory.create(tenant, runId, dataset, n, java.sql.Timestamp.valueOf("2026-01-01 00:00:00")));
    }
    return spark.createDataFrame(list, TEXT);
  }

  /** Every file under {@code root} (data files, log, checkpoints, checksums) that holds {@code text} as bytes. */
  static List<Path> filesHolding(Path root, String text) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
      return walk.filter(java.nio.file.Files::isRegularFile).filter(f -> {
        try {
          return new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  /** Where {@link #withHistory} builds its table once per class; each test purges a copy of it. */
  @TempDir
  static Path built;
  private static Path history;

  /**
   * Several versions of the forgotten tenant's rows (appends, a replaced run, a merge), beside another
   * tenant's: built once, and copied byte for byte, file times included, under {@code root}.
   */
  private static DeltaTableStore withHistory(SparkSession spark, Path root) throws java.io.IOException {
    if (history == null) {
      buildHistory(spark, built.resolve("wh"));
      history = built.resolve("wh");
    }
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(history)) {
      for (Path from : walk.toList()) {
        Path to = root.resolve(history.relativize(from).toString());
        if (java.nio.file.Files.isDirectory(from)) {
          java.nio.file.Files.createDirectories(to);
        } else {
          java.nio.file.Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return new DeltaTableStore(spark, root.toString());
  }

  private static void buildHistory(SparkSession spark, Path root) {
    DeltaTableStore store = new DeltaTableStore(spark, root.toString());
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "keep", "k1", notes(spark, "keep", "k1", "sales", "kept-note-1", "kept-note-2"));
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "zqxgone", "g1", notes(spark, "zqxgone", "g1", "zqxsecretset", "MARKER-7f3a-old"));
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "zqxgone", "g1", notes(spark, "zqxgone", "g1", "zqxsecretset", "MARKER-7f3a-new"));
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "zqxgone", "g2", notes(spark, "zqxgone", "g2", "public", "other-dataset-note"));
    store.upsert(Table.RECOMMENDATIONS, TEXT, "zqxgone", List.of("run_id", "note"),
        notes(spark, "zqxgone", "g3", "zqxsecretset", "MARKER-7f3a-merged"), false);
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "keep", "k2", notes(spark, "keep", "k2", "sales", "kept-note-3"));
  }

  @Test
  void purgeHistoryLeavesNoFileOrVersionHoldingTheForgottenTenant() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path root = dir.resolve("wh");
    DeltaTableStore store = withHistory(spark, root);
    Path table = root.resolve("recommendations");
    // the markers really are in the table's files and log before the purge, so the checks below can fail
    assertThat(filesHolding(table, "zqxgone")).isNotEmpty();
    assertThat(filesHolding(table.resolve("_delta_log"), "MARKER-7f3a")).isNotEmpty();

    assertThat(store.deleteWhere(Table.RECOMMENDATIONS, functions.col("tenant").equalTo("zqxgone"))).isEqualTo(3);
    HistoryPurge purge = store.purgeHistory(Table.RECOMMENDATIONS, "zqxgone");

    assertThat(filesHolding(table, "zqxgone")).isEmpty();
    assertThat(filesHolding(table, "MARKER-7f3a")).isEmpty();
    assertThat(filesHolding(table, "zqxsecretset")).isEmpty();
    assertThat(table.resolve("tenant=zqxgone")).doesNotExist();
    assertThat(purge.dataFilesDeleted()).isGreaterThanOrEqualTo(4);
    assertThat(purge.logFilesDeleted()).isPositive();
    // no earlier version can be read back
    assertThatThrownBy(() -> spark.read().format("delta").option("versionAsOf", 0).load(table.toString()).count())
        .hasMessageContaining("version");
    assertThat(spark.read().format("delta").option("versionAsOf", purge.oldestReadableVersion()).load(table.toString())
        .where("tenant = 'zqxgone'").count()).isZero();
    // the other tenant untouched, the table writable, its retention and protocol as before (delta-rs reads it)
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "keep").count()).isEqualTo(3);
    store.commitRun(Table.RECOMMENDATIONS, TEXT, "keep", "k3", notes(spark, "keep", "k3", "sales", "after"));
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "keep").count()).isEqualTo(4);
    Row detail = io.delta.tables.DeltaTable.forPath(spark, table.toString()).detail()
        .select("minReaderVersion", "minWriterVersion", "properties").first();
    assertThat(detail.getInt(0)).isEqualTo(1);
    assertThat(detail.getInt(1)).isEqualTo(2);
    assertThat(detail.<scala.collection.Map<String, String>>getAs(2).contains(DeltaTableStore.TOMBSTONE_RETENTION)).isFalse();
    // idempotent: a second purge finds nothing more of the tenant
    assertThat(store.purgeHistory(Table.RECOMMENDATIONS, "zqxgone").dataFilesDeleted()).isZero();
  }

  @Test
  void purgeHistoryOfOneDatasetKeepsTheTenantsOtherRows() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path root = dir.resolve("wh");
    DeltaTableStore store = withHistory(spark, root);
    Path table = root.resolve("recommendations");

    assertThat(store.deleteWhere(Table.RECOMMENDATIONS,
        functions.col("tenant").equalTo("zqxgone").and(functions.col("dataset").equalTo("zqxsecretset")))).isEqualTo(2);
    store.purgeHistory(Table.RECOMMENDATIONS, "zqxgone");

    assertThat(filesHolding(table, "zqxsecretset")).isEmpty();
    assertThat(filesHolding(table, "MARKER-7f3a")).isEmpty();
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "zqxgone").collectAsList()).extracting(r -> r.getString(3))
        .containsExactly("other-dataset-note");
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "keep").count()).isEqualTo(3);
  }

  /** What Spark throws when a task reads a log file a purge deleted (DeltaTableStoreTest's race, as seen). */
  private static RuntimeException truncatedLog(Path table) {
    return sneaky(new org.apache.spark.SparkException("Job aborted due to stage failure: Task 0 in stage 170.0 failed 1 times",
        new java.io.FileNotFoundException("File file:" + table + "/_delta_log/00000000000000000010.checkpoint.parquet does not exist")));
  }

  /** Throws a checked exception unchecked, as Scala code (Spark's jobs) does. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * A commit that read a snapshot whose log files a purge deleted is retried on the new checkpoint; a
   * blind append whose failure came after its commit is not repeated; a missing data file is not a
   * reason to retry.
   */
  @Test
  void aCommitWhoseLogWasTruncatedUnderItIsRetriedWithoutDuplicating() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh").toString());
    Path table = dir.resolve("wh").resolve(Table.RECOMMENDATIONS.tableName());
    store.commitNewRun(Table.RECOMMENDATIONS, TEXT, "busy", "b0", notes(spark, "busy", "b0", "d", "first"));
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    // failed after its commit (a post-commit read of the log): landed, not repeated
    store.retrying(Table.RECOMMENDATIONS, () -> {
      calls.incrementAndGet();
      store.commitRun(Table.RECOMMENDATIONS, TEXT, "busy", "b1", notes(spark, "busy", "b1", "d", "once"));
      throw truncatedLog(table);
    }, () -> store.holdsRun(Table.RECOMMENDATIONS, "busy", "b1"));
    assertThat(calls).hasValue(1);

    // failed before its commit: retried, lands once
    calls.set(0);
    store.retrying(Table.RECOMMENDATIONS, () -> {
      if (calls.incrementAndGet() == 1) {
        throw truncatedLog(table);
      }
      store.commitNewRun(Table.RECOMMENDATIONS, TEXT, "busy", "b2", notes(spark, "busy", "b2", "d", "twice-tried"));
      return null;
    }, () -> store.holdsRun(Table.RECOMMENDATIONS, "busy", "b2"));
    assertThat(calls).hasValue(2);
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "busy").collectAsList()).extracting(r -> r.getString(3))
        .containsExactlyInAnyOrder("first", "once", "twice-tried");

    // the check whether it landed meets a truncated log too: checked again, not repeated blindly
    calls.set(0);
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    store.retrying(Table.RECOMMENDATIONS, () -> {
      calls.incrementAndGet();
      store.commitNewRun(Table.RECOMMENDATIONS, TEXT, "busy", "b3", notes(spark, "busy", "b3", "d", "checked-twice"));
      throw truncatedLog(table);
    }, () -> {
      if (checks.incrementAndGet() == 1) {
        throw truncatedLog(table);
      }
      return store.holdsRun(Table.RECOMMENDATIONS, "busy", "b3");
    });
    assertThat(calls).hasValue(1);
    assertThat(checks).hasValue(2);
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "busy").collectAsList()).extracting(r -> r.getString(3))
        .containsExactlyInAnyOrder("first", "once", "twice-tried", "checked-twice");

    // a data file that is gone is not a race with a purge: the failure is the caller's
    calls.set(0);
    Exception dataFileGone = new org.apache.spark.SparkException("Job aborted",
        new java.io.FileNotFoundException("File file:" + table + "/tenant=busy/part-00000.snappy.parquet does not exist"));
    assertThatThrownBy(() -> store.retrying(Table.RECOMMENDATIONS, () -> {
      calls.incrementAndGet();
      throw sneaky(dataFileGone);
    }, () -> false)).isSameAs(dataFileGone);
    assertThat(calls).hasValue(1);
    // the failure as Spark reports it from a task, the cause flattened into the message, is recognised
    assertThat(DeltaTableStore.logTruncatedUnder(new RuntimeException("Lost task 0.0: org.apache.spark.SparkFileNotFoundException: File "
        + "file:/w/recommendations/_delta_log/00000000000000000010.checkpoint.parquet does not exist"))).isTrue();
  }

  /**
   * Another tenant's job commits while a tenant's history is purged: the purge's metadata change makes
   * some of those commits retry, and every one of them lands with all its files.
   */
  @Test
  void purgeHistoryBesideAnotherTenantsWriterLosesNothingOfIt() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path root = dir.resolve("wh");
    DeltaTableStore store = withHistory(spark, root);
    Path table = root.resolve("recommendations");
    store.deleteWhere(Table.RECOMMENDATIONS, functions.col("tenant").equalTo("zqxgone"));
    java.util.concurrent.atomic.AtomicBoolean purging = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<String> committed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; purging.get() || i < 2; i++) {
          store.commitNewRun(Table.RECOMMENDATIONS, TEXT, "busy", "b" + i, notes(spark, "busy", "b" + i, "d", "busy-" + i));
          committed.add("busy-" + i);
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    }, "another-tenant");
    writer.start();
    Thread.sleep(200);
    store.purgeHistory(Table.RECOMMENDATIONS, "zqxgone");
    int duringPurge = committed.size();
    purging.set(false);
    writer.join();

    assertThat(failures).isEmpty();
    assertThat(duringPurge).as("the writer committed while the purge ran").isPositive();
    assertThat(store.read(Table.RECOMMENDATIONS, TEXT, "busy").collectAsList()).extracting(r -> r.getString(3))
        .containsExactlyInAnyOrderElementsOf(committed);
    // every file the current version references exists: a full scan reads them all
    assertThat(spark.read().format("delta").load(table.toString()).count()).isEqualTo(3 + committed.size());
    assertThat(filesHolding(table, "zqxgone")).isEmpty();
  }

  /**
   * A purge interrupted after it lowered the tombstone retention (or one running elsewhere) must not
   * make VACUUM unsafe: it keeps at least 7 days; the repair puts the default back.
   */
  @Test
  void vacuumKeepsTheSafeWindowWhateverTheRetentionAndTheRepairRestoresIt() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.RUNS, TEXT, "a", "r1", notes(spark, "a", "r1", "d", "x"));
    store.commitRun(Table.RUNS, TEXT, "a", "r1", notes(spark, "a", "r1", "d", "y")); // a replaced file, younger than a week
    spark.sql("ALTER TABLE delta.`" + store.location(Table.RUNS) + "` SET TBLPROPERTIES ('"
        + DeltaTableStore.TOMBSTONE_RETENTION + "' = '" + DeltaTableStore.PURGE_RETENTION + "')");

    assertThat(store.vacuum(Table.RUNS)).isZero();
    assertThat(spark.read().format("delta").option("versionAsOf", 0).load(store.location(Table.RUNS)).count()).isEqualTo(1);
    assertThat(store.restoreRetentionLeftByPurge(Table.RUNS)).isTrue();
    assertThat(io.delta.tables.DeltaTable.forPath(spark, store.location(Table.RUNS)).detail().select("properties").first()
        .<scala.collection.Map<String, String>>getAs(0).contains(DeltaTableStore.TOMBSTONE_RETENTION)).isFalse();
    assertThat(store.restoreRetentionLeftByPurge(Table.RUNS)).isFalse();
  }

  @Test
  void deleteMatchingUpdateAndOptimizeReportWhatTheyDid() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    for (int i = 0; i < 4; i++) {
      store.commitNewRun(Table.FEEDBACK, TEXT, "a", "r" + i, notes(spark, "a", "r" + i, "d", "n" + i));
    }
    store.commitNewRun(Table.FEEDBACK, TEXT, "b", "r1", notes(spark, "b", "r1", "d", "b1"));

    Dataset<Row> keys = spark.createDataFrame(List.of(RowFactory.create("a", "r1"), RowFactory.create("a", "r1"),
        RowFactory.create("a", "r9")), new StructType().add("tenant", DataTypes.StringType).add("run_id", DataTypes.StringType));
    assertThat(store.deleteMatching(Table.FEEDBACK, List.of("tenant", "run_id"), keys)).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, TEXT, "a").count()).isEqualTo(3);
    assertThat(store.read(Table.FEEDBACK, TEXT, "b").count()).isEqualTo(1);

    assertThat(store.update(Table.FEEDBACK, functions.col("run_id").equalTo("r2"), java.util.Map.of("note", functions.lit("changed"))))
        .isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, TEXT, "a").where("run_id = 'r2'").first().getString(3)).isEqualTo("changed");

    Compaction compaction = store.optimize(Table.FEEDBACK);
    assertThat(compaction.filesAdded()).isEqualTo(1); // tenant a's three small files become one; b has one already
    assertThat(compaction.filesRemoved()).isEqualTo(3);
    assertThat(store.optimize(Table.FEEDBACK)).isEqualTo(Compaction.NONE);
    assertThat(store.read(Table.FEEDBACK, TEXT, "a").count()).isEqualTo(3);
    assertThat(store.optimize(Table.RULES)).isEqualTo(Compaction.NONE);
    assertThat(store.deleteWhere(Table.RULES, functions.lit(true))).isZero();
  }
}
