package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 24): records, fields and rows over their bounds are malformed rows at their
 * line and the scan goes on after them; a decompression bomb is read in bounded memory; inputs under
 * the warehouse are refused.
 */
class BoundedInputTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path tmp;

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
  void recordsFieldsAndRowsOverTheirBoundsAreMalformedAndTheScanGoesOn() throws IOException {
    // each over-bound line is under the others' bounds: a 2,000-char field, a 60-field row, and a
    // 5,000-char record of short fields
    StringBuilder sb = new StringBuilder("id,text\n1,a\n");
    sb.append("2,").append("f".repeat(2_000)).append('\n');               // line 3: field bound
    sb.append("3,b\n");
    sb.append(String.join(",", java.util.Collections.nCopies(60, "c"))).append('\n'); // line 5: column bound
    sb.append("4,c\n");
    sb.append("5,").append(("r".repeat(1_000) + ",").repeat(9)).append("r\n"); // line 7: record bound
    sb.append("6,d\n8,e\n");
    Path file = Files.writeString(tmp.resolve("bounds.csv"), sb);
    DatasetReader reader = new DatasetReader(spark).withLimits(new ReadLimits(4_096, 1_024, 50));
    ReadResult result = reader.read(ReadOptions.of(file.toString()));
    assertThat(values(result)).extracting(r -> r.get(0)).containsExactly("1", "3", "4", "6", "8");
    assertThat(result.malformed().count()).isEqualTo(3);
    assertThat(result.malformed().firstLocations()).containsExactly(
        "file:" + file + ":3", "file:" + file + ":5", "file:" + file + ":7");
    // the same file under the default bounds: the long field is a row, the wide rows have the wrong width
    ReadResult defaults = new DatasetReader(spark).read(ReadOptions.of(file.toString()));
    assertThat(values(defaults)).extracting(r -> r.get(0)).containsExactly("1", "2", "3", "4", "6", "8");
  }

  @Test
  void jsonLinesOverTheRecordBoundAreMalformed() throws IOException {
    Path file = Files.writeString(tmp.resolve("long.jsonl"),
        "{\"a\": 1}\n{\"a\": \"" + "x".repeat(5_000) + "\"}\n{\"a\": 3}\r\n");
    DatasetReader reader = new DatasetReader(spark).withLimits(new ReadLimits(4_096, 1_024, 50));
    ReadResult result = reader.read(ReadOptions.of(file.toString()));
    assertThat(values(result)).containsExactly(List.of("1"), List.of("3"));
    assertThat(result.malformed().firstLocations()).containsExactly("file:" + file + ":2");
  }

  @Test
  void aDecompressionBombIsReadInBoundedMemory() throws IOException {
    // 256 MiB of one line in a gzip of about 250 KB, between rows; unbounded, the line would be one
    // string (and with fields under the field bound, one row of 256 MiB)
    Path csv = tmp.resolve("bomb.csv.gz");
    Path json = tmp.resolve("bomb.jsonl.gz");
    byte[] chunk = ("y".repeat(1023) + ",").repeat(64).getBytes(StandardCharsets.US_ASCII);
    try (OutputStream c = new GZIPOutputStream(Files.newOutputStream(csv), 1 << 16);
        OutputStream j = new GZIPOutputStream(Files.newOutputStream(json), 1 << 16)) {
      c.write("id,v\n1,a\n2,".getBytes(StandardCharsets.US_ASCII));
      j.write("{\"id\": 1}\n{\"id\": \"".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4096; i++) {
        c.write(chunk);
        j.write(chunk);
      }
      c.write("\n3,c\n".getBytes(StandardCharsets.US_ASCII));
      j.write("\"}\n{\"id\": 3}\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(Files.size(csv)).isLessThan(2_000_000);
    DatasetReader reader = new DatasetReader(spark);
    ReadResult rows = reader.read(ReadOptions.of(csv.toString()));
    assertThat(values(rows)).containsExactly(List.of("1", "a"), List.of("3", "c"));
    assertThat(rows.malformed().firstLocations()).containsExactly("file:" + csv + ":3");
    ReadResult lines = reader.read(ReadOptions.of(json.toString()));
    assertThat(values(lines)).containsExactly(List.of("1"), List.of("3"));
    assertThat(lines.malformed().firstLocations()).containsExactly("file:" + json + ":2");
  }

  @Test
  void inputsUnderTheWarehouseAreRefused() throws IOException {
    Path warehouse = Files.createDirectories(tmp.resolve("warehouse"));
    Path table = warehouse.resolve("feedback");
    spark.range(3).write().format("delta").save(table.toString());
    Path csv = Files.writeString(Files.createDirectories(warehouse.resolve("_ledger")).resolve("x.csv"), "a,b\n1,2\n");
    Path link = Files.createSymbolicLink(tmp.resolve("innocent"), warehouse);
    Path outside = Files.writeString(tmp.resolve("data.csv"), "a,b\n1,2\n");
    DatasetReader reader = new DatasetReader(spark).refusingInputsUnder(warehouse.toString());
    for (String input : List.of(table.toString(), csv.toString(), link.resolve("feedback").toString(),
        "file://" + warehouse, warehouse + "/*")) {
      assertThatThrownBy(() -> reader.read(new ReadOptions(List.of(input), input.endsWith("feedback") ? "delta" : "auto",
          null, null, null, null, null, null)))
          .as(input)
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("lies under the warehouse");
    }
    assertThat(reader.read(ReadOptions.of(outside.toString())).rows().count()).isEqualTo(1);
    // a relative warehouse root protects the same folder
    DatasetReader relative = new DatasetReader(spark).refusingInputsUnder(
        Path.of("").toAbsolutePath().relativize(warehouse).toString());
    assertThatThrownBy(() -> relative.read(ReadOptions.of(csv.toString()))).hasMessageContaining("lies under the warehouse");
  }

  @Test
  void theRecordBoundReaderGivesBackWhatTheParserDidNotConsume() throws IOException {
    RecordBoundReader bounded = new RecordBoundReader(new java.io.StringReader("abc\ndef\nghi\n"), 1_024);
    char[] buffer = new char[8];
    assertThat(bounded.read(buffer, 0, 8)).isEqualTo(8);
    assertThat(bounded.rewind(2)).isTrue(); // the parser consumed "ab"
    assertThat(bounded.skipLine("\n")).isTrue();
    int n = bounded.read(buffer, 0, 8);
    assertThat(new String(buffer, 0, n)).isEqualTo("def\n");
    assertThat(bounded.position()).isEqualTo(8);
    n = bounded.read(buffer, 0, 8);
    assertThat(new String(buffer, 0, n)).isEqualTo("ghi\n");
    assertThat(bounded.rewind(5)).isFalse(); // before the last chunk: cannot be given back
    assertThat(bounded.rewind(10)).isTrue();
    assertThat(Arrays.asList(bounded.skipLine("\n"), bounded.skipLine("\n"))).containsExactly(true, false);
  }
}
