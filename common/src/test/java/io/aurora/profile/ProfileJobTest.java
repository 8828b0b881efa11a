package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.ingest.InputDescription;
import io.aurora.ingest.MalformedRows;
import io.aurora.ingest.ReadResult;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.privacy.JdbcPrivacyLedger;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileJobTest {
  private static final String[] MARKERS = {"CANARY-Q7Z3-ALPHA", "canary.q7z3@secret.example", "Q7Z3-BETA-7781"};
  private static final double MARKER_NUMBER = 7777123.4567;
  private static final long MARKER_LONG = 918273645546372819L;

  private final SparkSession spark = SharedSpark.session();

  @TempDir
  Path dir;

  private Dataset<Row> canaryData() {
    StructType schema = new StructType().add("city", DataTypes.StringType).add("contact", DataTypes.StringType)
        .add("amount", DataTypes.DoubleType).add("account", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      boolean marked = i % 1000 == 7;
      rows.add(RowFactory.create(
          marked ? MARKERS[0] : (i % 2 == 0 ? "Lyon" : "Oslo"),
          marked ? MARKERS[1 + (i / 1000) % 2] : "user" + (i % 50) + "@example.org",
          marked ? MARKER_NUMBER : 10.0 + i % 90,
          marked ? MARKER_LONG : (long) i));
    }
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  private static ReadResult direct(Dataset<Row> rows) {
    return new ReadResult(rows, new InputDescription("parquet", List.of(), null, null, null, null, null, null, 0, List.of()), MalformedRows.none());
  }

  private ProfileJob job(TableStore store, PrivacyLedger ledger, long seed) {
    return new ProfileJob(spark, store, ledger, new SeededNoise(seed), Clock.systemUTC());
  }

  /** The embedded ledger of {@code warehouse}, with lifetime budget ε {@code budget} for datasets it sees first. */
  private static PrivacyLedger ledger(Path warehouse, double budget) {
    return PrivacyLedgers.open(AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString())
        .with(ConfigKeys.DATASET_BUDGET, Double.toString(budget)));
  }

  private static ProfileJob.Request request(String tenant, String dataset, String partition, String runId) {
    return new ProfileJob.Request(tenant, dataset, partition, 1.0, 1e-9, runId, false);
  }

  private static ReadResult parquet(SparkSession spark, Path file) {
    return new ReadResult(spark.read().parquet(file.toString()),
        new InputDescription("parquet", List.of(file.toString()), null, null, null, null, null, null, 0, List.of()), MalformedRows.none());
  }

  @Test
  void noMarkerValueReachesTablesOrLogs() throws IOException {
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    StringWriter logs = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("canary").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
    appender.start();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    config.getLoggerConfig("io.aurora").addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
    ProfileJob.Outcome outcome;
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      outcome = job(store, ledger, 1).run(request("t1", "people", null, null), direct(canaryData()));
    } finally {
      config.getRootLogger().removeAppender("canary");
      config.getLoggerConfig("io.aurora").removeAppender("canary");
      ctx.updateLoggers();
      appender.stop();
    }
    assertThat(outcome.fingerprints()).hasSize(4);
    assertThat(logs.toString()).contains(outcome.run().runId());

    List<byte[]> needles = new ArrayList<>();
    for (String m : MARKERS) {
      needles.add(m.getBytes(StandardCharsets.UTF_8));
    }
    for (String text : List.of("7777123.4567", "7777123", "918273645546372819", "91827364554637")) {
      needles.add(text.getBytes(StandardCharsets.UTF_8));
    }
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      needles.add(ByteBuffer.allocate(8).order(order).putDouble(MARKER_NUMBER).array());
      needles.add(ByteBuffer.allocate(8).order(order).putLong(MARKER_LONG).array());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(warehouse)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(p -> p.toString().contains("fingerprints") && p.toString().endsWith(".parquet"));
    assertThat(files).anyMatch(p -> p.toString().contains("runs") && p.toString().endsWith(".parquet"));
    assertThat(files).anyMatch(p -> p.toString().endsWith("ledger.mv.db"));
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      for (byte[] needle : needles) {
        assertThat(indexOf(content, needle)).as("marker in " + file).isEqualTo(-1);
      }
    }
    for (Table table : List.of(Table.FINGERPRINTS, Table.RUNS)) {
      String decoded = String.join("\n", spark.read().format("delta").load(store.location(table)).toJSON().collectAsList());
      assertThat(decoded).isNotEmpty();
      for (String m : MARKERS) {
        assertThat(decoded).doesNotContain(m);
      }
      assertThat(decoded).doesNotContain("7777123").doesNotContain("91827364554637");
    }
    String captured = logs.toString();
    for (String m : MARKERS) {
      assertThat(captured).doesNotContain(m);
    }
    assertThat(captured).doesNotContain("7777123").doesNotContain("91827364554637");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void unchangedInputReusesTheReleaseWithoutNoiseOrDebit() {
    Path input = dir.resolve("input.parquet");
    canaryData().write().parquet(input.toString());
    ReadResult read = parquet(spark, input);
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      ProfileJob.Request request = request("t1", "people", null, null);
      ProfileJob.Outcome first = job(store, ledger, 2).run(request, read);
      ProfileJob.Outcome second = job(store, ledger, 3).run(request, read);
      assertThat(first.reused()).isFalse();
      assertThat(first.rhoCharged()).isGreaterThan(0.0149).isLessThan(0.0150);
      assertThat(first.run().status()).isEqualTo(ProfileRun.COMPLETED);
      assertThat(first.run().inputSignature()).isNotNull();
      assertThat(second.reused()).isTrue();
      assertThat(second.epsilonCharged()).isZero();
      assertThat(second.run().runId()).isEqualTo(first.run().runId());
      assertThat(ledger.entries("t1")).singleElement().satisfies(e -> {
        assertThat(e.runId()).isEqualTo(first.run().runId());
        assertThat(e.status()).isEqualTo(JdbcPrivacyLedger.COMMITTED);
      });
      assertThat(store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, "t1").count()).isEqualTo(4);

      // a different ε is a different release: new noise, new debit
      ProfileJob.Outcome third = job(store, ledger, 4).run(new ProfileJob.Request("t1", "people", null, 0.5, 1e-9, null, false), read);
      assertThat(third.reused()).isFalse();
      assertThat(ledger.entries("t1")).hasSize(2);
      // the same files under another dataset key would give their rows a second budget: refused before anything is charged
      assertThatThrownBy(() -> job(store, ledger, 5).run(request("t1", "people_copy", null, null), read))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("--force-new-dataset");
      assertThat(ledger.entries("t1")).hasSize(2);
      ProfileJob.Outcome forced = job(store, ledger, 6).run(new ProfileJob.Request("t1", "people_copy", null, 1.0, 1e-9, null, true), read);
      assertThat(forced.reused()).isFalse();
      assertThat(ledger.entries("t1")).hasSize(3);
    }
  }

  @Test
  void aRetriedRunIdRepublishesWhatItsCommittedFingerprintsReleasedAndIsChargedOnceOtherwise() {
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      // 1. completed: re-published as it is, no scan, no noise, no charge
      ProfileJob.Request done = request("t2", "people", null, "run-done");
      ProfileJob.Outcome first = job(store, ledger, 5).run(done, direct(canaryData()));
      ProfileJob.Outcome again = job(store, ledger, 6).run(done, direct(canaryData()));
      assertThat(again.reused()).isTrue();
      assertThat(again.run().runId()).isEqualTo(first.run().runId());
      assertThat(again.run().status()).isEqualTo(ProfileRun.COMPLETED);
      assertThat(again.run().noiseStd()).isEqualTo(first.run().noiseStd());
      assertThat(again.run().expectedShareError()).isEqualTo(first.run().expectedShareError());
      assertThat(ledger.entries("t2")).hasSize(1);

      // 2. killed after its fingerprints, before its run was completed: the retry completes it with exactly those fingerprints
      ProfileJob.Request late = request("t2", "late", null, "run-late");
      assertThatThrownBy(() -> job(new FailingStore(store, 3), ledger, 7).run(late, direct(canaryData()))).hasMessageContaining("injected");
      List<Row> released = fingerprints(store, "run-late");
      assertThat(released).hasSize(4);
      assertThat(runStatus(store, "run-late")).isEqualTo(ProfileRun.COMMITTING);
      ProfileJob.Outcome completed = job(store, ledger, 8).run(late, direct(canaryData()));
      assertThat(completed.reused()).isTrue();
      assertThat(completed.run().status()).isEqualTo(ProfileRun.COMPLETED);
      assertThat(runStatus(store, "run-late")).isEqualTo(ProfileRun.COMPLETED);
      assertThat(fingerprints(store, "run-late")).containsExactlyInAnyOrderElementsOf(released);
      assertThat(ledger.entries("t2").stream().filter(e -> e.runId().equals("run-late"))).hasSize(1);

      // 3. killed after its run's row, before its fingerprints: the summary was published, the fingerprints were not —
      //    the retry is a new release, charged once more, and its run ends with exactly one set of fingerprints
      ProfileJob.Request early = request("t2", "early", null, "run-early");
      assertThatThrownBy(() -> job(new FailingStore(store, 2), ledger, 9).run(early, direct(canaryData()))).hasMessageContaining("injected");
      assertThat(runStatus(store, "run-early")).isEqualTo(ProfileRun.COMMITTING);
      assertThat(fingerprints(store, "run-early")).isEmpty();
      ProfileJob.Outcome retried = job(store, ledger, 10).run(early, direct(canaryData()));
      assertThat(retried.reused()).isFalse();
      assertThat(retried.rhoCharged()).isGreaterThan(0);
      assertThat(ledger.entries("t2").stream().filter(e -> e.runId().equals("run-early"))).hasSize(2);
      assertThat(fingerprints(store, "run-early")).hasSize(4);
      assertThat(store.read(Table.RUNS, ProfileRun.SCHEMA, "t2").where("run_id = 'run-early'").count()).isEqualTo(1);

      // 4. killed before anything was written: charged again too (its noise may have been drawn)
      ProfileJob.Request never = request("t2", "never", null, "run-never");
      assertThatThrownBy(() -> job(new FailingStore(store, 1), ledger, 11).run(never, direct(canaryData()))).hasMessageContaining("injected");
      job(store, ledger, 12).run(never, direct(canaryData()));
      assertThat(ledger.entries("t2").stream().filter(e -> e.runId().equals("run-never"))).hasSize(2);
      assertThat(fingerprints(store, "run-never")).hasSize(4);
    }
  }

  @Test
  void aScanThatFailsOnBadInputVoidsTheDebitAndWritesNothing() {
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    Dataset<Row> rows = canaryData();
    // the way the readers report bad input found while scanning: a task throws the bad-input error
    Dataset<Row> failing = rows.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> {
      if (r.getLong(3) == 3000L) {
        throw AuroraException.badInput("input.csv.gz: corrupt or truncated gzip stream");
      }
      return r;
    }, org.apache.spark.sql.Encoders.row(rows.schema()));
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      assertThatThrownBy(() -> job(store, ledger, 13).run(request("t4", "broken", null, null), direct(failing)))
          .satisfies(e -> {
            AuroraException known = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
              known = t instanceof AuroraException a ? a : known;
            }
            assertThat(known).isNotNull();
            assertThat(known.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
          });
      assertThat(ledger.entries("t4")).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(JdbcPrivacyLedger.VOIDED));
      assertThat(ledger.spent(new LedgerKey("t4", "broken", null)).rhoSpent()).isZero();
      assertThat(store.exists(Table.FINGERPRINTS)).isFalse();
      assertThat(store.exists(Table.RUNS)).isFalse();
    }
  }

  @Test
  void anExhaustedBudgetWritesNothing() {
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    try (PrivacyLedger ledger = ledger(warehouse, 1.5)) {
      job(store, ledger, 14).run(request("t5", "people", null, null), direct(canaryData()));
      DeltaTableStore fresh = new DeltaTableStore(spark, dir.resolve("other").toString());
      assertThatThrownBy(() -> job(fresh, ledger, 15).run(new ProfileJob.Request("t5", "people", null, 1.5, 1e-9, null, false),
          direct(canaryData())))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
      assertThat(fresh.exists(Table.FINGERPRINTS)).isFalse();
      assertThat(fresh.exists(Table.RUNS)).isFalse();
    }
  }

  @Test
  void aPartitionIsProfiledOnlyWhenTheRowsAreThatPartition() {
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    Path day = dir.resolve("events").resolve("date=2024-05-01").resolve("part.parquet");
    canaryData().write().parquet(day.toString());
    Path flat = dir.resolve("flat.parquet");
    canaryData().write().parquet(flat.toString());
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      // the path declares the partition
      assertThat(job(store, ledger, 16).run(request("t6", "events", "2024-05-01", null), parquet(spark, day)).run().partition())
          .isEqualTo("2024-05-01");
      // a file that is not in that partition's folder: refused before the ledger is touched
      assertThatThrownBy(() -> job(store, ledger, 17).run(request("t6", "flat", "2024-05-02", null), parquet(spark, flat)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("--partition 2024-05-02");
      assertThat(ledger.entries("t6")).hasSize(1);
      // a declared column selects the partition's rows: only those are profiled
      ProfileJob.Outcome lyon = job(store, ledger, 18).run(request("t6", "flat", "city=Lyon", null), parquet(spark, flat));
      assertThat(lyon.run().rowsRead()).isEqualTo(canaryData().where("city = 'Lyon'").count());
      assertThatThrownBy(() -> job(store, ledger, 19).run(request("t6", "flat", "country=NO", null), parquet(spark, flat)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("no column 'country'");
    }
  }

  /**
   * {@code --columns} / {@code --exclude-columns}: only the selected columns are released, at their
   * input positions, each with the noise of a run of that many columns; the selection is part of the
   * release's identity (the same selection again is re-used, all columns is another release); a name
   * the input lacks is refused before anything is charged. The byte path (CSV) and Spark's rows
   * (Parquet, with a partition column that is not profiled) alike.
   */
  @Test
  void onlyTheSelectedColumnsAreReleasedEachWithLessNoise() throws IOException {
    StringBuilder text = new StringBuilder("id,city,amount,code,note\n");
    for (int i = 0; i < 3000; i++) {
      text.append(i).append(',').append(i % 3 == 0 ? "Lyon" : "Oslo").append(',').append(i % 97 * 1.5)
          .append(",c").append(i % 40).append(",n").append(i).append('\n');
    }
    Path file = Files.writeString(dir.resolve("selected.csv"), text);
    ReadResult read = new io.aurora.ingest.DatasetReader(spark).read(io.aurora.ingest.ReadOptions.of(file.toString()));
    assertThat(read.csv()).isNotNull();
    Path warehouse = dir.resolve("warehouse");
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    try (PrivacyLedger ledger = ledger(warehouse, 10)) {
      ProfileJob.Outcome all = job(store, ledger, 30).run(request("t7", "selected", null, null), read);
      ProfileJob.Outcome some = job(store, ledger, 31).run(selecting("t7", "selected", null, List.of("amount", "CITY"), null), read);
      assertThat(some.reused()).isFalse();
      assertThat(some.fingerprints()).extracting(Fingerprint::columnName).containsExactly("city", "amount");
      assertThat(some.fingerprints()).extracting(Fingerprint::columnIndex).containsExactly(1, 2);
      assertThat(some.run().columns()).isEqualTo(2);
      assertThat(some.fingerprints().get(1).noiseScales().get("kinds"))
          .isLessThan(0.7 * all.fingerprints().get(2).noiseScales().get("kinds"));
      // the same columns by exclusion: the same release, re-used
      ProfileJob.Outcome again = job(store, ledger, 32).run(selecting("t7", "selected", null, null, List.of("id", "code", "note")), read);
      assertThat(again.reused()).isTrue();
      assertThat(again.run().runId()).isEqualTo(some.run().runId());
      assertThat(ledger.entries("t7")).hasSize(2);
      // a name the input lacks: exit 2 naming the file, nothing charged
      assertThatThrownBy(() -> job(store, ledger, 33).run(selecting("t7", "selected", null, List.of("amount", "price"), null), read))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("selected.csv").hasMessageContaining("'price'");
      assertThatThrownBy(() -> job(store, ledger, 34).run(selecting("t7", "selected", null, List.of("id"), List.of("id")), read))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("no column to profile");
      assertThat(ledger.entries("t7")).hasSize(2);

      // Spark's rows: a partition selected by a column that is not profiled
      Path flat = dir.resolve("flat.parquet");
      canaryData().write().parquet(flat.toString());
      ProfileJob.Outcome lyon = job(store, ledger, 35).run(selecting("t7", "flat", "city=Lyon", List.of("amount"), null), parquet(spark, flat));
      assertThat(lyon.fingerprints()).extracting(Fingerprint::columnName).containsExactly("amount");
      assertThat(lyon.fingerprints()).extracting(Fingerprint::columnIndex).containsExactly(2);
      assertThat(lyon.run().rowsRead()).isEqualTo(canaryData().where("city = 'Lyon'").count());
    }
  }

  private static ProfileJob.Request selecting(String tenant, String dataset, String partition, List<String> include, List<String> exclude) {
    return new ProfileJob.Request(tenant, dataset, partition, 1.0, 1e-9, null, false, ColumnSelection.of(include, exclude));
  }

  @Test
  void parametersOutOfRangeAreUsageErrors() {
    for (double[] bad : new double[][] {{1e-300, 1e-9}, {Double.NaN, 1e-9}, {0, 1e-9}, {1e6, 1e-9}, {1, 1}, {1, -1}, {1, 0.5}, {1, Double.NaN},
        {1, 1e-5}}) {
      assertThatThrownBy(() -> new ProfileJob.Request("t", "d", null, bad[0], bad[1], null, false))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageNotContaining("\n");
    }
    new ProfileJob.Request("t", "d", null, 1, 0, null, false); // pure ε
    new ProfileJob.Request("t", "d", null, 0.01, 1e-6, null, false);
  }

  private static List<Row> fingerprints(TableStore store, String runId) {
    return store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, "t2").where(functions.col("run_id").equalTo(runId)).collectAsList();
  }

  private static String runStatus(TableStore store, String runId) {
    return store.read(Table.RUNS, ProfileRun.SCHEMA, "t2").where(functions.col("run_id").equalTo(runId)).select("status")
        .collectAsList().get(0).getString(0);
  }

  /** The real store, failing (as a killed job would stop) at its {@code failAt}-th commit. */
  private static final class FailingStore implements TableStore {
    private final TableStore store;
    private final int failAt;
    private int commits;

    FailingStore(TableStore store, int failAt) {
      this.store = store;
      this.failAt = failAt;
    }

    private void count() {
      if (++commits == failAt) {
        throw new IllegalStateException("injected failure at commit " + failAt);
      }
    }

    @Override
    public String root() {
      return store.root();
    }

    @Override
    public String location(Table table) {
      return store.location(table);
    }

    @Override
    public boolean exists(Table table) {
      return store.exists(table);
    }

    @Override
    public Dataset<Row> read(Table table, StructType schema, String tenant) {
      return store.read(table, schema, tenant);
    }

    @Override
    public void commitRun(Table table, StructType schema, String tenant, String runId, Dataset<Row> rows) {
      count();
      store.commitRun(table, schema, tenant, runId, rows);
    }

    @Override
    public void upsert(Table table, StructType schema, String tenant, List<String> keyColumns, Dataset<Row> rows, boolean updateExisting) {
      store.upsert(table, schema, tenant, keyColumns, rows, updateExisting);
    }

    @Override
    public long delete(Table table, String tenant, String dataset) {
      return store.delete(table, tenant, dataset);
    }

    @Override
    public void append(Table table, StructType schema, Dataset<Row> rows) {
      store.append(table, schema, rows);
    }

    @Override
    public java.util.Optional<Dataset<Row>> readAll(Table table) {
      return store.readAll(table);
    }

    @Override
    public long deleteWhere(Table table, org.apache.spark.sql.Column condition) {
      return store.deleteWhere(table, condition);
    }

    @Override
    public long deleteMatching(Table table, List<String> keyColumns, Dataset<Row> keys) {
      return store.deleteMatching(table, keyColumns, keys);
    }

    @Override
    public long update(Table table, org.apache.spark.sql.Column condition, java.util.Map<String, org.apache.spark.sql.Column> assignments) {
      return store.update(table, condition, assignments);
    }

    @Override
    public io.aurora.store.Compaction optimize(Table table) {
      return store.optimize(table);
    }

    @Override
    public long vacuum(Table table) {
      return store.vacuum(table);
    }

    @Override
    public boolean restoreRetentionLeftByPurge(Table table) {
      return store.restoreRetentionLeftByPurge(table);
    }

    @Override
    public io.aurora.store.HistoryPurge purgeHistory(Table table, String tenant) {
      return store.purgeHistory(table, tenant);
    }
  }

  /** SPEC §4: the runs table is outside the trust boundary; the exact counts are the outcome's (stdout) only. */
  @Test
  void theRunsTableKeepsTheReleasedRowCountAndNoMalformedLocations() throws IOException {
    StringBuilder text = new StringBuilder("id,amount\n");
    // 7,919 records with a field too many (one after every two good ones): malformed, a distinctive count
    for (int i = 0; i < 16000; i++) {
      text.append(i).append(',').append(i * 3).append('\n');
      if (i % 2 == 1 && i / 2 < 7919) {
        text.append("701,2,extra\n");
      }
    }
    Path file = java.nio.file.Files.writeString(dir.resolve("counted.csv"), text);
    ReadResult read = new io.aurora.ingest.DatasetReader(spark).read(io.aurora.ingest.ReadOptions.of(file.toString()));
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("warehouse").toString());
    try (PrivacyLedger ledger = ledger(dir.resolve("warehouse"), 10)) {
      ProfileJob.Outcome outcome = job(store, ledger, 8).run(request("t5", "counted", null, null), read);
      assertThat(outcome.run().rowsRead()).isEqualTo(16000);
      assertThat(outcome.run().malformedLocations()).isNotEmpty();
      ProfileRun stored = ProfileRun.fromRow(store.read(Table.RUNS, ProfileRun.SCHEMA, "t5").collectAsList().get(0));
      assertThat(stored.malformedLocations()).isEmpty();
      assertThat(stored.rowsRead()).isEqualTo(Math.round(outcome.fingerprints().get(0).rowCount()));
      // the malformed count: exact in the outcome (stdout), released with noise in stage 1 for the table
      assertThat(outcome.run().rowsMalformed()).isEqualTo(7919);
      assertThat(stored.rowsMalformed()).isEqualTo(outcome.stored().rowsMalformed()).isNotEqualTo(7919)
          .isBetween(7919L - 400, 7919L + 400);
      assertThat(stored.mechanism()).contains("malformed");
    }
  }

  @Test
  void aQuotedLineBreakAcrossAByteRangeIsProfiledFromTheWholeFile() throws IOException {
    StringBuilder text = new StringBuilder("id,text\n");
    for (int i = 0; i < 400; i++) {
      text.append(i).append(i % 3 == 0 ? ",\"two\nlines\"\n" : ",plain\n");
    }
    Path file = java.nio.file.Files.writeString(dir.resolve("multiline.csv"), text);
    // byte ranges of 100 bytes: quoted line breaks cross their ends
    ReadResult read = new io.aurora.ingest.DatasetReader(spark, 100, 100).read(io.aurora.ingest.ReadOptions.of(file.toString()));
    assertThat(read.rows().rdd().getNumPartitions()).isGreaterThan(1);
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("warehouse").toString());
    try (PrivacyLedger ledger = ledger(dir.resolve("warehouse"), 10)) {
      ProfileJob.Outcome outcome = job(store, ledger, 8).run(request("t3", "lines", null, null), read);
      assertThat(outcome.run().rowsRead()).isEqualTo(400);
      assertThat(outcome.run().rowsMalformed()).isZero();
    }
  }
}
