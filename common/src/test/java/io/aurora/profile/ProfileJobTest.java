package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.ingest.InputDescription;
import io.aurora.ingest.MalformedRows;
import io.aurora.ingest.ReadResult;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
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

  private ProfileJob job(DeltaTableStore store, RecordingLedger ledger, long seed) {
    return new ProfileJob(spark, store, ledger, new SeededNoise(seed), Clock.systemUTC());
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
    try {
      outcome = job(store, new RecordingLedger(), 1).run(
          new ProfileJob.Request("t1", "people", null, 1.0, 1e-9, 10, null), direct(canaryData()));
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
    ReadResult read = new ReadResult(spark.read().parquet(input.toString()),
        new InputDescription("parquet", List.of(input.toString()), null, null, null, null, null, null, 0, List.of()),
        MalformedRows.none());
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("warehouse").toString());
    RecordingLedger ledger = new RecordingLedger();
    ProfileJob.Request request = new ProfileJob.Request("t1", "people", "2024-01-01", 1.0, 1e-9, 10, null);
    ProfileJob.Outcome first = job(store, ledger, 2).run(request, read);
    ProfileJob.Outcome second = job(store, ledger, 3).run(request, read);
    assertThat(first.reused()).isFalse();
    assertThat(first.run().inputSignature()).isNotNull();
    assertThat(second.reused()).isTrue();
    assertThat(second.epsilonCharged()).isZero();
    assertThat(second.run().runId()).isEqualTo(first.run().runId());
    assertThat(ledger.entries).hasSize(1);
    assertThat(ledger.signatures).containsEntry(first.run().runId(), first.run().inputSignature());
    assertThat(store.read(Table.FINGERPRINTS, io.aurora.fingerprint.Fingerprint.SCHEMA, "t1").count()).isEqualTo(4);

    // a different ε is a different release: new noise, new debit
    ProfileJob.Outcome third = job(store, ledger, 4).run(
        new ProfileJob.Request("t1", "people", "2024-01-01", 0.5, 1e-9, 10, null), read);
    assertThat(third.reused()).isFalse();
    assertThat(ledger.entries).hasSize(2);

    // the runs table is consulted only when the ledger holds a release of this input: a ledger that
    // has none (here a new one) rules an earlier run out, and the input is released afresh
    RecordingLedger other = new RecordingLedger();
    ProfileJob.Outcome fourth = job(store, other, 5).run(request, read);
    assertThat(fourth.reused()).isFalse();
    assertThat(other.entries).hasSize(1);
  }

  @Test
  void rerunningARunIdKeepsOneCopyAndExhaustedBudgetWritesNothing() {
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("warehouse").toString());
    RecordingLedger ledger = new RecordingLedger();
    ProfileJob.Request request = new ProfileJob.Request("t2", "people", null, 1.0, 1e-9, 1.5, "run-fixed-1");
    job(store, ledger, 5).run(request, direct(canaryData()));
    job(store, ledger, 6).run(request, direct(canaryData()));
    assertThat(store.read(Table.FINGERPRINTS, io.aurora.fingerprint.Fingerprint.SCHEMA, "t2").count()).isEqualTo(4);
    assertThat(store.read(Table.RUNS, ProfileRun.SCHEMA, "t2").count()).isEqualTo(1);
    assertThat(ledger.entries).hasSize(1);

    DeltaTableStore fresh = new DeltaTableStore(spark, dir.resolve("other").toString());
    RecordingLedger spent = new RecordingLedger();
    spent.debit(new io.aurora.privacy.LedgerKey("t2", "people", null), "earlier", 1.0, 0, 1.5, "test");
    assertThatThrownBy(() -> job(fresh, spent, 7).run(
        new ProfileJob.Request("t2", "people", null, 1.0, 1e-9, 1.5, null), direct(canaryData())))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
    assertThat(fresh.exists(Table.FINGERPRINTS)).isFalse();
    assertThat(fresh.exists(Table.RUNS)).isFalse();
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
    ProfileJob.Outcome outcome = job(store, new RecordingLedger(), 8).run(
        new ProfileJob.Request("t3", "lines", null, 1.0, 1e-9, 10, null), read);
    assertThat(outcome.run().rowsRead()).isEqualTo(400);
    assertThat(outcome.run().rowsMalformed()).isZero();
  }
}
