package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the shared test files end to end. Expected figures come from the files' documentation or
 * were counted by hand once (see the comments); they are not produced by the code under test.
 */
class DatasetReaderTest {
  static final Path CSV = TestData.csv();
  static final Path SPECTRUM = CSV.resolve("csv-spectrum");

  private final SparkSession spark = SharedSpark.session();
  private final DatasetReader reader = new DatasetReader(spark);

  @TempDir Path tmp;

  private ReadResult read(String... inputs) {
    return reader.read(ReadOptions.of(inputs));
  }

  private static List<List<String>> values(Dataset<Row> rows) {
    List<List<String>> out = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      out.add(cells);
    }
    return out;
  }

  static Stream<String> spectrumCases() throws IOException {
    try (Stream<Path> files = Files.list(SPECTRUM.resolve("csvs"))) {
      return files.map(p -> p.getFileName().toString().replace(".csv", "")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "csv-spectrum {0}")
  @MethodSource("spectrumCases")
  void csvSpectrumParsesToItsExpectedJson(String name) throws IOException {
    ReadResult result = read(SPECTRUM.resolve("csvs/" + name + ".csv").toString());
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode tree = json.readTree(SPECTRUM.resolve("json/" + name + ".json").toFile());
    if (tree.isObject()) {
      tree = json.createArrayNode().add(tree); // location_coordinates.json holds a bare object
    }
    List<Map<String, String>> expected = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode row : tree) {
      Map<String, String> cells = new java.util.LinkedHashMap<>();
      row.fields().forEachRemaining(e -> cells.put(e.getKey(), e.getValue().asText()));
      expected.add(cells);
    }
    if (name.equals("location_coordinates")) {
      // upstream inconsistency: the JSON says 1234567890, its CSV (checked by hand) says 2095257564
      expected.get(0).put("Contact Phone Number", "2095257564");
    }
    List<String> columns = Arrays.asList(result.rows().columns());
    List<List<String>> actual = values(result.rows());
    assertThat(actual).hasSize(expected.size());
    for (int r = 0; r < expected.size(); r++) {
      assertThat(columns).containsExactlyElementsOf(expected.get(r).keySet());
      for (int c = 0; c < columns.size(); c++) {
        String cell = actual.get(r).get(c);
        // the spectrum writes an empty field as ""; AURORA reads an unquoted empty field as null, like Spark
        assertThat(cell == null ? "" : cell).as("%s row %d column %s", name, r, columns.get(c))
            .isEqualTo(expected.get(r).get(columns.get(c)).replace("\r\n", "\n"));
      }
    }
    assertThat(result.malformed().count()).isZero();
    assertThat(result.description().header()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      // file | encoding | delimiter | line ending | columns | rows | malformed | first malformed lines
      // counted by hand: title line, '#' comment skipped; line 10 "-->skipping..." and line 16 (blanks) have 1 field
      "univocity-parsers/src/test/resources/csv/essential.csv | UTF-8 | , | LF | 5 | 15 | 2 | 10;16",
      "univocity-parsers/src/test/resources/csv/essential-dos.csv | UTF-8 | , | CRLF | 5 | 15 | 2 | 10;16",
      "univocity-parsers/src/test/resources/csv/essential-mac.csv | UTF-8 | , | CR | 5 | 15 | 2 | 10;16",
      "univocity-parsers/src/test/resources/tsv/essential.tsv | UTF-8 | \\t | LF | 5 | 15 | 2 | 9;15",
      "univocity-parsers/src/test/resources/tsv/essential-dos.tsv | UTF-8 | \\t | CRLF | 5 | 15 | 2 | 9;15",
      "univocity-parsers/src/test/resources/tsv/essential-mac.tsv | UTF-8 | \\t | CR | 5 | 15 | 2 | 9;15",
      // examples/expectedOutputs/CsvParserExamples/example012FormatAutodetection: 6 rows incl. header, ';' and '\'
      "univocity-parsers/src/test/resources/examples/european.csv | UTF-8 | ; | LF | 5 | 5 | 0 | ''",
      "apache-commons-csv/src/test/resources/org/apache/commons/csv/CSVFileParser/bom.csv | UTF-8 (BOM) | , | LF | 6 | 251 | 0 | ''",
      "apache-commons-csv/src/test/resources/org/apache/commons/csv/CSV-196/japanese.csv | UTF-8 | , | LF | 17 | 3 | 0 | ''",
      "csvkit-examples/examples/test_latin1.csv | windows-1252 | , | LF | 3 | 2 | 0 | ''",
      "csvkit-examples/examples/test_utf16_big.csv | UTF-16BE | , | LF | 3 | 2 | 0 | ''",
      "csvkit-examples/examples/test_utf16_little.csv | UTF-16LE | , | LF | 3 | 2 | 0 | ''",
      "csvkit-examples/examples/test_utf8_bom.csv | UTF-8 (BOM) | , | LF | 3 | 2 | 0 | ''",
      "csvkit-examples/examples/mac_newlines.csv | UTF-8 | , | CR | 3 | 2 | 0 | ''",
      "csvkit-examples/examples/null_byte.csv | UTF-8 | , | LF | 3 | 1 | 0 | ''",
      // a quoted header cell holding tab, vertical tab, form feed and CR: text, not binary
      "csvkit-examples/examples/test_header_newline.csv | UTF-8 | , | LF | 3 | 1 | 0 | ''",
      // commons-csv CSVFileParser/test_default_comment.txt: '#' comments, 4 columns, 5 records after the header
      "apache-commons-csv/src/test/resources/org/apache/commons/csv/CSVFileParser/test.csv | UTF-8 | , | LF | 4 | 5 | 0 | ''",
      // bad.csv: line 2 has 4 fields, line 3 has 2, header and line 4 have 3
      "csvkit-examples/examples/bad.csv | UTF-8 | , | LF | 3 | 1 | 2 | 2;3",
      // imdb: 100 movies x 44 columns; line 66 escapes its commas with backslashes
      "clevercsv-examples/imdb.csv | UTF-8 | , | LF | 44 | 100 | 0 | ''",
      "clevercsv-examples/airedale.csv | UTF-8 | , | CRLF | 8 | 54 | 0 | ''",
      // milk: 381 lines of 23 tab-separated fields, the title sits in the header's first cell
      "clevercsv-examples/milk.csv | UTF-8 | \\t | CRLF | 23 | 380 | 0 | ''",
  })
  void readsSharedFiles(String file, String encoding, String delimiter, String lineEnding, int columns, long rows,
      long malformed, String lines) {
    String path = CSV.resolve(file).toString();
    ReadResult result = read(path);
    assertThat(result.description().encoding()).isEqualTo(encoding);
    assertThat(result.description().delimiter()).isEqualTo(delimiter);
    assertThat(result.description().lineEnding()).isEqualTo(lineEnding);
    assertThat(result.rows().columns()).hasSize(columns);
    assertThat(result.rows().count()).isEqualTo(rows);
    assertThat(result.malformed().count()).isEqualTo(malformed);
    List<String> expectedLocations = lines.isEmpty() ? List.of()
        : Arrays.stream(lines.split(";")).map(l -> "file:" + path + ":" + l).toList();
    assertThat(result.malformed().firstLocations()).containsExactlyElementsOf(expectedLocations);
  }

  @Test
  void valuesSurviveEncodingsEscapesAndTitleRows() {
    assertThat(values(read(CSV.resolve("csvkit-examples/examples/test_latin1.csv").toString()).rows()).get(1))
        .containsExactly("4", "5", "©");
    assertThat(values(read(CSV.resolve("csvkit-examples/examples/test_utf16_big.csv").toString()).rows()).get(1))
        .containsExactly("4", "5", "ʤ");
    ReadResult imdb = read(CSV.resolve("clevercsv-examples/imdb.csv").toString());
    assertThat(imdb.description().escape()).isEqualTo("\\");
    assertThat(imdb.rows().filter(functions.col("tid").equalTo("tt0057012")).select("title").first().getString(0))
        .isEqualTo("Dr. Seltsam, oder wie ich lernte, die Bombe zu lieben (1964)");
    ReadResult airedale = read(CSV.resolve("clevercsv-examples/airedale.csv").toString());
    assertThat(airedale.rows().select("Amount").first().getString(0)).isEqualTo("43,774.58");
    ReadResult milk = read(CSV.resolve("clevercsv-examples/milk.csv").toString());
    assertThat(milk.rows().columns()[1]).isEqualTo("c1");
    ReadResult essential = read(CSV.resolve("univocity-parsers/src/test/resources/csv/essential.csv").toString());
    assertThat(essential.description().skippedLeadingLines()).isEqualTo(3);
    assertThat(essential.rows().columns()).containsExactly("Year", "Make", "Model", "Description", "Price");
    assertThat(read(CSV.resolve("apache-commons-csv/src/test/resources/org/apache/commons/csv/CSVFileParser/bom.csv")
        .toString()).rows().columns()).containsExactly("Date", "Open", "High", "Low", "Close", "Volume");
  }

  @Test
  void malformedRowsAreCompleteAfterOneScanOfTheInput() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("parts"));
    Files.copy(CSV.resolve("csvkit-examples/examples/bad.csv"), dir.resolve("part-0.csv"));
    Files.writeString(dir.resolve("part-1.csv"), "column_a,column_b,column_c\n1,2,3\n4,5\n6,7,8\n");
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      ReadResult result = read(dir.toString());
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertThat(jobs.get()).as("read() plans, it does not scan").isZero();
      MalformedTally.Tallied malformed = (MalformedTally.Tallied) result.malformed();
      assertThat(malformed.fileScans()).isZero();
      // what the profiler does: one aggregation over all columns
      Row stats = result.rows().agg(functions.count(functions.lit(1)),
          functions.countDistinct(functions.col("column_a")), functions.max(functions.col("column_c"))).first();
      assertThat(stats.getLong(0)).isEqualTo(3);
      assertThat(malformed.fileScans()).as("each file read exactly once").isEqualTo(2);
      assertThat(malformed.count()).isEqualTo(3);
      assertThat(malformed.firstLocations()).containsExactly(
          "file:" + dir.resolve("part-0.csv") + ":2", "file:" + dir.resolve("part-0.csv") + ":3",
          "file:" + dir.resolve("part-1.csv") + ":3");
      // a second action re-reads, but the per-file reports replace each other: the count stays exact
      result.rows().count();
      assertThat(malformed.count()).isEqualTo(3);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  @Test
  void awkwardColumnNamesWorkDownstream() throws IOException {
    Path file = tmp.resolve("names.csv");
    Files.writeString(file, " a.b ,a.b,,\"q\"\"uote\",`back`tick`,größe,sp ace\n1,2,3,4,5,6,7\n8,9,10,11,12,13,14\n");
    ReadResult result = read(file.toString());
    List<String> columns = Arrays.asList(result.rows().columns());
    assertThat(columns).containsExactly("a.b", "a.b_2", "c2", "q\"uote", "`back`tick`", "größe", "sp ace");
    List<org.apache.spark.sql.Column> sums = new ArrayList<>();
    for (String column : columns) {
      sums.add(functions.sum(result.rows().col(ColumnNames.quoted(column)).cast("long")));
    }
    Row row = result.rows().agg(sums.get(0), sums.subList(1, sums.size()).toArray(org.apache.spark.sql.Column[]::new)).first();
    for (int i = 0; i < columns.size(); i++) {
      assertThat(row.getLong(i)).isEqualTo(9 + 2L * i);
    }
  }

  @Test
  void overridesReplaceDetection() {
    String file = CSV.resolve("csvkit-examples/examples/dummy.csv").toString();
    ReadResult forced = reader.read(new ReadOptions(List.of(file), "csv", ";", "ISO-8859-1", false, "'", null, null));
    assertThat(forced.description().delimiter()).isEqualTo(";");
    assertThat(forced.description().encoding()).isEqualTo("ISO-8859-1");
    assertThat(forced.description().header()).isFalse();
    assertThat(forced.description().quote()).isEqualTo("'");
    assertThat(forced.rows().columns()).containsExactly("c0");
  }

  @Test
  void compressedFilesFoldersGlobsAndSeveralInputs() throws IOException {
    byte[] simple = Files.readAllBytes(SPECTRUM.resolve("csvs/simple.csv"));
    Path gz = tmp.resolve("simple.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(simple);
    }
    Path bz2 = tmp.resolve("simple.csv.bz2");
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = codec.createOutputStream(Files.newOutputStream(bz2))) {
      out.write(simple);
    }
    assertThat(values(read(gz.toString()).rows())).containsExactly(List.of("1", "2", "3"));
    assertThat(values(read(bz2.toString()).rows())).containsExactly(List.of("1", "2", "3"));
    assertThat(read("file://" + tmp + "/simple.csv.*").rows().count()).isEqualTo(2);
    assertThat(read(gz.toString(), bz2.toString()).rows().count()).isEqualTo(2);

    Path folder = tmp.resolve("spark-out");
    spark.range(0, 50).selectExpr("id", "id * 2 as twice").repartition(3)
        .write().option("header", "true").csv(folder.toString());
    ReadResult parts = read(folder.toString());
    assertThat(parts.description().files()).hasSize(3);
    assertThat(parts.rows().agg(functions.sum(functions.col("twice").cast("long"))).first().getLong(0)).isEqualTo(2450);
  }

  @Test
  void parquetDeltaAndJsonLines() throws IOException {
    Path parquet = tmp.resolve("pq");
    spark.range(0, 10).selectExpr("id", "cast(id as string) as ` label `").write().parquet(parquet.toString());
    ReadResult pq = read(parquet.toString());
    assertThat(pq.description().format()).isEqualTo("parquet");
    assertThat(pq.rows().columns()).containsExactly("id", "label");
    assertThat(pq.rows().count()).isEqualTo(10);

    Path delta = tmp.resolve("delta");
    spark.range(0, 5).write().format("delta").save(delta.toString());
    spark.range(5, 8).write().format("delta").mode(SaveMode.Append).save(delta.toString());
    assertThat(read(delta.toString()).rows().count()).isEqualTo(8);
    ReadResult v0 = reader.read(new ReadOptions(List.of(delta.toString()), "delta", null, null, null, null, null, 0L));
    assertThat(v0.description().format()).isEqualTo("delta");
    assertThat(v0.rows().count()).isEqualTo(5);

    Path json = tmp.resolve("events.jsonl");
    Files.writeString(json, "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\nnot json\n\n{\"a\": 3\n{\"a\": 4, \"b\": null}\n");
    ReadResult js = read(json.toString());
    assertThat(js.description().format()).isEqualTo("json");
    assertThat(js.rows().columns()).containsExactly("a", "b");
    assertThat(js.rows().agg(functions.sum("a")).first().getLong(0)).isEqualTo(7);
    assertThat(js.malformed().firstLocations()).containsExactly("file:" + json + ":3", "file:" + json + ":5");
  }

  @Test
  void badInputIsExitTwoWithOneLineNamingTheFile() throws IOException {
    Path missing = tmp.resolve("nope.csv");
    assertBadInput(() -> read(missing.toString()), "nope.csv", "no such file");
    assertBadInput(() -> read(tmp + "/*.nothing"), "*.nothing", "no such file");

    Path empty = Files.createFile(tmp.resolve("empty.csv"));
    assertBadInput(() -> read(empty.toString()), "empty.csv", "empty");
    Path blank = Files.writeString(tmp.resolve("blank.csv"), "\n\n  \n");
    assertBadInput(() -> read(blank.toString()), "blank.csv", "empty");

    byte[] png = new byte[2048];
    new java.util.Random(1).nextBytes(png);
    png[0] = (byte) 0x89;
    png[1] = 'P';
    png[2] = 'N';
    png[3] = 'G';
    Path image = Files.write(tmp.resolve("photo.csv"), png);
    assertBadInput(() -> read(image.toString()), "photo.csv", "binary");
    png[0] = 0;
    Path noise = Files.write(tmp.resolve("noise.txt"), png);
    assertBadInput(() -> read(noise.toString()), "noise.txt", "binary");
    assertBadInput(() -> reader.read(new ReadOptions(List.of(noise.toString()), "csv", null, null, null, null, null,
        null)), "noise.txt", "binary");

    Path zip = tmp.resolve("archive.csv");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.csv"));
      out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    assertBadInput(() -> read(zip.toString()), "archive.csv", "zip");

    Path pq = tmp.resolve("pq");
    spark.range(3).write().parquet(pq.toString());
    Path part;
    try (Stream<Path> files = Files.list(pq)) {
      part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path disguised = Files.copy(part, tmp.resolve("data.csv"));
    assertBadInput(() -> read(disguised.toString()), "data.csv", "Parquet");

    Path a = Files.writeString(tmp.resolve("a.csv"), "id,name\n1,x\n");
    Path b = Files.writeString(tmp.resolve("b.csv"), "id,label\n2,y\n");
    assertBadInput(() -> read(a.toString(), b.toString()), "b.csv", "header differs");

    Path pqA = tmp.resolve("pq-a");
    Path pqB = tmp.resolve("pq-b");
    spark.range(3).write().parquet(pqA.toString());
    spark.range(3).selectExpr("id", "id as other").write().parquet(pqB.toString());
    assertBadInput(() -> read(pqA.toString(), pqB.toString()), "pq-b", "Parquet schema differs");

    Path trailing = Files.writeString(tmp.resolve("trailing.csv"), "name,city\nann,rome,\nbob,oslo,\ncy,paris,\n");
    assertBadInput(() -> read(trailing.toString()), "trailing.csv", "header has 2 fields but most rows have 3");

    Path array = Files.writeString(tmp.resolve("doc.json"), "[{\"a\": 1},\n {\"a\": 2}]\n");
    assertBadInput(() -> read(array.toString()), "doc.json", "JSON array");

    assertBadInput(() -> reader.read(new ReadOptions(List.of(a.toString()), "xlsx", null, null, null, null, null, null)),
        "--format xlsx", "unknown format");
    assertBadInput(() -> reader.read(new ReadOptions(List.of(a.toString()), "csv", null, "klingon", null, null, null,
        null)), "--encoding klingon", "unknown encoding");

    StringBuilder swallowed = new StringBuilder("id,comment\n1,ok\n2,\"never closed\n");
    for (int i = 3; i < 200; i++) {
      swallowed.append(i).append(",text\n");
    }
    Path open = Files.writeString(tmp.resolve("open-quote.csv"), swallowed);
    assertBadInput(() -> read(open.toString()), "open-quote.csv", "unterminated quote at line 3");
  }

  @Test
  void unreadableFileIsBadInputWhenPermissionsApply() throws IOException {
    // tests usually run as root here, and root reads any file: then this cannot be tested
    assumeThat(System.getProperty("user.name")).isNotEqualTo("root");
    Path locked = Files.writeString(tmp.resolve("locked.csv"), "a,b\n1,2\n");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assertBadInput(() -> read(locked.toString()), "locked.csv", "permission denied");
  }

  @Test
  void invalidBytesOnALineAreCountedNotFatal() throws IOException {
    byte[] head = "name,city\nann,rome\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'b', 'o', (byte) 0xC3, '(', ',', 'o', 's', 'l', 'o', '\n'};
    byte[] tail = "cy,paris\n".getBytes(StandardCharsets.UTF_8);
    Path file = tmp.resolve("mixed.csv");
    Files.write(file, concat(head, bad, tail));
    ReadResult result = reader.read(new ReadOptions(List.of(file.toString()), "csv", null, "UTF-8", null, null, null,
        null));
    assertThat(result.rows().count()).isEqualTo(2);
    assertThat(result.malformed().firstLocations()).containsExactly("file:" + file + ":3");
  }

  @Test
  void unterminatedQuoteInALaterFileIsOneMalformedRowAndNamed() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.csv"), "id,text\n1,x\n2,y\n3,z\n");
    StringBuilder text = new StringBuilder("id,text\n1,ok\n2,\"opened here\n");
    for (int i = 0; i < 10_050; i++) {
      text.append(i).append(",swallowed\n");
    }
    Path b = Files.writeString(tmp.resolve("b.csv"), text);
    ReadResult result = read(a.toString(), b.toString());
    assertThat(result.rows().count()).isEqualTo(4);
    MalformedTally.Tallied malformed = (MalformedTally.Tallied) result.malformed();
    assertThat(malformed.count()).isEqualTo(1);
    assertThat(malformed.firstLocations()).containsExactly("file:" + b + ":3");
    assertThat(malformed.swallowed()).containsExactly(Map.entry("file:" + b, 3L));
  }

  @Test
  void readingWritesNothing() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ro"));
    Files.copy(CSV.resolve("csvkit-examples/examples/bad.csv"), dir.resolve("bad.csv"));
    ReadResult result = read(dir.toString());
    result.rows().count();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("bad.csv");
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static void assertBadInput(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String names,
      String problem) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(names)
        .hasMessageContaining(problem)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
