package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which names are public (issue 15): a header line, a declared schema, or {@code c0..cN}; the
 * description says which line was the header; JSON keys are counted per row for a private key
 * selection; and no message echoes a cell of the data. Also the exporters' shapes of issue 17: R's
 * row names, dropped trailing fields, missing-value markers under a header.
 */
class PublicNamesTest {
  private final SparkSession spark = SharedSpark.session();
  private final DatasetReader reader = new DatasetReader(spark);

  @TempDir Path tmp;

  private ReadResult read(Path file) {
    return reader.read(ReadOptions.of(file.toString()));
  }

  private static List<List<String>> values(ReadResult result) {
    List<List<String>> out = new ArrayList<>();
    for (Row row : result.rows().collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      out.add(cells);
    }
    return out;
  }

  @Test
  void aHeaderlessFileIsNamedPositionallyAndSaysItHasNoHeaderLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain.csv"), "1,2.5,x\n2,3.5,y\n3,4.5,z\n");
    ReadResult result = read(file);
    assertThat(result.rows().columns()).containsExactly("c0", "c1", "c2");
    assertThat(result.description().header()).isFalse();
    assertThat(result.description().headerLine()).isNull();
    assertThat(result.description().warnings()).anyMatch(w -> w.contains("no header line"));

    Path named = Files.writeString(tmp.resolve("named.csv"), "id,score,group\n1,2.5,x\n2,3.5,y\n");
    assertThat(read(named).description().headerLine()).isEqualTo(1);
    // --header false overrides the sniffer: line 1 is data, nothing of it becomes a name
    ReadResult forced = reader.read(ReadOptions.of(named.toString()).withHeader(false));
    assertThat(forced.rows().columns()).containsExactly("c0", "c1", "c2");
    assertThat(forced.description().headerLine()).isNull();
    assertThat(forced.rows().count()).isEqualTo(3);
    // --header true on a file the sniffer calls headerless
    ReadResult header = reader.read(ReadOptions.of(file.toString()).withHeader(true));
    assertThat(header.description().headerLine()).isEqualTo(1);
    assertThat(header.rows().count()).isEqualTo(2);
  }

  @Test
  void theHeaderLineIsThePhysicalLineAfterTitleLines() throws IOException {
    Path file = Files.writeString(tmp.resolve("titled.csv"),
        "Quarterly report\nprinted today\nregion,sales,units\nnorth,10.5,3\nsouth,11.5,4\neast,9.5,2\nwest,8.5,1\n");
    ReadResult result = read(file);
    assertThat(result.rows().columns()).containsExactly("region", "sales", "units");
    assertThat(result.description().headerLine()).isEqualTo(3);
  }

  @Test
  void aLaterFileWithoutTheHeaderIsRefusedWithoutPrintingItsFirstRow() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.csv"), "id,name\n1,x\n");
    Path b = Files.writeString(tmp.resolve("b.csv"), "2,canary-7f3a\n3,y\n");
    assertThatThrownBy(() -> reader.read(ReadOptions.of(a.toString(), b.toString())))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("b.csv")
        .hasMessageContaining("header differs")
        .hasMessageContaining("column 1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary").doesNotContain("'2'"));
  }

  @Test
  void missingValueMarkersAreNoEvidenceAgainstAHeader() throws IOException {
    // SPSS writes #NULL! for system-missing values; the header above them is still a header
    StringBuilder sb = new StringBuilder("respondent,age,income,score\n");
    for (int i = 0; i < 20; i++) {
      sb.append(i + 1).append(',').append(i % 3 == 0 ? "#NULL!" : String.valueOf(20 + i)).append(',')
          .append(i % 2 == 0 ? "#NULL!" : String.valueOf(1000 + 17 * i)).append(",#NULL!\n");
    }
    Path file = Files.writeString(tmp.resolve("spss.csv"), sb);
    ReadResult result = read(file);
    assertThat(result.description().header()).isTrue();
    assertThat(result.rows().columns()).containsExactly("respondent", "age", "income", "score");
    assertThat(result.rows().count()).isEqualTo(20);
  }

  @Test
  void anRExportTakesItsFirstFieldAsRowNamesAndSaysSo() throws IOException {
    // write.table(df, sep=",") writes the header without the row-name field
    Path file = Files.writeString(tmp.resolve("r.csv"),
        "\"height\",\"weight\",\"group\"\n\"1\",1.72,68.5,\"a\"\n\"2\",1.80,80.1,\"b\"\n\"3\",1.65,55.0,\"a\"\n"
            + "\"4\",1.91,90.3,\"c\"\n");
    ReadResult result = read(file);
    assertThat(result.rows().columns()).containsExactly("height", "weight", "group");
    assertThat(values(result)).containsExactly(List.of("1.72", "68.5", "a"), List.of("1.80", "80.1", "b"),
        List.of("1.65", "55.0", "a"), List.of("1.91", "90.3", "c"));
    assertThat(result.malformed().count()).isZero();
    assertThat(result.description().warnings()).anyMatch(w -> w.contains("row name"));
  }

  @Test
  void aTrailingDelimiterIsNotTakenForRowNames() throws IOException {
    Path trailing = Files.writeString(tmp.resolve("trailing.csv"), "name,city\nann,rome,\nbob,oslo,\ncy,paris,\n");
    assertThatThrownBy(() -> read(trailing)).isInstanceOf(AuroraException.class)
        .hasMessageContaining("header has 2 fields but most rows have 3");
  }

  @Test
  void rowsShorterThanTheHeaderArePaddedAndCounted() throws IOException {
    // an exporter that drops trailing empty fields
    Path file = Files.writeString(tmp.resolve("short.csv"),
        "id;name;city;zip;note\n1;ann;rome;00100;vip\n2;bob;oslo\n3;cy\n4;dan;paris;75001\n5;eve;bonn\n");
    ReadResult result = read(file);
    assertThat(result.rows().columns()).containsExactly("id", "name", "city", "zip", "note");
    List<List<String>> rows = values(result);
    assertThat(rows).hasSize(5);
    assertThat(rows.get(1)).containsExactly("2", "bob", "oslo", null, null);
    assertThat(rows.get(2)).containsExactly("3", "cy", null, null, null);
    assertThat(result.malformed().count()).isZero();
    assertThat(result.malformed().padded()).isEqualTo(4);
    assertThat(result.description().warnings()).anyMatch(w -> w.contains("shorter than the header"));
  }

  @Test
  void aDeclaredSchemaNamesAndTypesTheColumns() throws IOException {
    Path headerless = Files.writeString(tmp.resolve("h.csv"), "1,2.5,x\n2,3.5,y\nnot-a-number,4.5,z\n");
    ReadResult result = reader.read(ReadOptions.of(headerless.toString()).withSchema("id INT, score DOUBLE, tag STRING"));
    assertThat(result.rows().columns()).containsExactly("id", "score", "tag");
    assertThat(result.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(result.rows().schema().apply("score").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(values(result)).containsExactly(Arrays.asList("1", "2.5", "x"), Arrays.asList("2", "3.5", "y"),
        Arrays.asList(null, "4.5", "z"));
    assertThat(result.description().declaredSchema()).contains("id").contains("INT");
    assertThat(result.description().warnings()).noneMatch(w -> w.contains("no header line"));

    // with a header line, the declared names replace it; the header is still skipped
    Path named = Files.writeString(tmp.resolve("n.csv"), "a,b\n1,x\n2,y\n");
    Path ddl = Files.writeString(tmp.resolve("schema.ddl"), "key BIGINT,\n value STRING\n");
    ReadResult fromFile = reader.read(ReadOptions.of(named.toString()).withSchema(ddl.toString()));
    assertThat(fromFile.rows().columns()).containsExactly("key", "value");
    assertThat(fromFile.rows().count()).isEqualTo(2);

    assertBadInput(() -> reader.read(ReadOptions.of(named.toString()).withSchema("key BIGINT")), "--schema declares 1");
    assertBadInput(() -> reader.read(ReadOptions.of(named.toString()).withSchema("key BIGINT,, what")), "--schema");
    assertBadInput(() -> reader.read(ReadOptions.of(named.toString()).withSchema("a INT, A INT")), "unique");
    assertBadInput(() -> reader.read(ReadOptions.of(named.toString()).withSchema("a INT, b ARRAY<INT>")), "atomic types");
    // under ANSI mode a failed cast would quote the value in its error: a value not of its type is null
    spark.conf().set("spark.sql.ansi.enabled", "true");
    try {
      assertThat(reader.read(ReadOptions.of(headerless.toString()).withSchema("id INT, score DOUBLE, tag STRING"))
          .rows().where("id IS NULL").count()).isEqualTo(1);
    } finally {
      spark.conf().unset("spark.sql.ansi.enabled");
    }
    Path parquet = tmp.resolve("pq");
    spark.range(3).write().parquet(parquet.toString());
    assertBadInput(() -> reader.read(ReadOptions.of(parquet.toString()).withSchema("id BIGINT")), "its own schema");
  }

  @Test
  void jsonLinesWithADeclaredSchemaInferNoKeyFromTheData() throws IOException {
    Path file = Files.writeString(tmp.resolve("e.jsonl"),
        "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"rare_canary_key\": 5}\n{\"a\": 3, \"b\": \"z\"}\n");
    ReadResult declared = reader.read(ReadOptions.of(file.toString()).withSchema("a BIGINT, b STRING"));
    assertThat(declared.rows().columns()).containsExactly("a", "b");
    assertThat(declared.description().warnings()).noneMatch(w -> w.contains("inferred"));
    assertThat(values(declared)).containsExactly(Arrays.asList("1", "x"), Arrays.asList("2", null),
        Arrays.asList("3", "z"));
    // without one, a read to release leaves the keys to the key selection and infers none
    ReadResult pending = reader.readToRelease(ReadOptions.of(file.toString()));
    assertThat(pending.pendingKeys()).isNotNull();
    assertThat(pending.rows().columns()).isEmpty();
    assertThat(pending.pendingKeys().read(List.of("a", "b")).rows().columns()).containsExactly("a", "b");
    // apply's read (its output stays with the operator) still infers them from the sample
    assertThat(read(file).rows().columns()).containsExactly("a", "b", "rare_canary_key");
  }

  @Test
  void jsonKeysAreCountedPerRowWithABoundedContribution() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      sb.append("{\"id\": ").append(i).append(", \"tags\": [1, {\"nested\": 2}]");
      if (i % 3 == 0) {
        sb.append(", \"sometimes\": {\"deep\": {\"id\": 1}}");
      }
      sb.append(", \"id\": 7}\n"); // a repeated key counts once per row
    }
    sb.append("not json\n{\"id\": 1\n");
    // one wide row of 150 keys
    StringBuilder wide = new StringBuilder("{");
    for (int k = 0; k < 150; k++) {
      wide.append(k == 0 ? "" : ", ").append("\"k").append(k).append("\": ").append(k);
    }
    sb.append(wide).append("}\n");
    sb.append("{\"").append("x".repeat(JsonKeyCounts.MAX_KEY_CHARS + 1)).append("\": 1, \"id\": 3}\n");
    Path file = Files.writeString(tmp.resolve("keys.jsonl"), sb);

    JsonKeySource source = new DatasetReader(spark).withLimits(new ReadLimits(1 << 20, 1 << 20, 100, 100))
        .readToRelease(ReadOptions.of(file.toString())).pendingKeys();
    assertThat(source.maxKeysPerRow()).isEqualTo(100);
    Map<String, Long> rows = new HashMap<>();
    source.rowCounts().forEachRemaining(e -> assertThat(rows.put(e.getKey(), e.getValue())).as("each key once").isNull());
    assertThat(rows).containsEntry("id", 31L).containsEntry("tags", 30L).containsEntry("sometimes", 10L)
        .doesNotContainKeys("nested", "deep");
    // the wide row: only its first 100 keys (the configured bound) in written order count
    assertThat(rows).containsEntry("k0", 1L).containsEntry("k99", 1L).doesNotContainKey("k100");
    assertThat(rows.keySet()).noneMatch(k -> k.startsWith("xxx"));
  }

  private static void assertBadInput(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String problem) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(problem);
  }
}
