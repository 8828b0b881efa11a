package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ingest.CsvSource;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.MalformedTally;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folding delimited files from their bytes ({@link Profiler#scan(CsvSource)}) must give exactly the
 * statistics and the malformed-row reports of folding the reader's rows: every exact vector of
 * every column, and every split's report. Plain files must actually take the byte path.
 */
class CsvBytePathTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path tmp;

  /** What a scan gives: rows, every column's exact vectors, and the reports of its splits. */
  private record Scanned(long rows, List<String> vectors, Map<String, MalformedTally.FileReport> reports,
      boolean wholeFiles) {}

  private static Scanned scanned(RawProfile raw, ReadResult read) {
    List<String> vectors = new ArrayList<>();
    for (int c = 0; c < raw.columns().size(); c++) {
      ColumnState column = raw.column(c);
      for (Statistic s : new TreeSet<>(raw.columns().get(c).family().statistics())) {
        vectors.add(raw.columns().get(c).name() + " " + s + " " + Arrays.toString(column.exact(s)));
      }
    }
    MalformedTally.Tallied tallied = (MalformedTally.Tallied) read.malformed();
    return new Scanned(raw.rowsRead(), vectors, tallied.reports(), tallied.needsWholeFiles());
  }

  /**
   * Reads {@code file} twice and scans it by rows and from bytes; asserts they agree and returns the
   * splits the byte path left to the row path, or -1 when the reader does not take the file as
   * delimited text.
   */
  private long assertSame(DatasetReader reader, Path file) {
    ReadResult byRows;
    try {
      byRows = reader.read(ReadOptions.of(file.toString()));
    } catch (AuroraException e) {
      return -1; // not an input the reader accepts
    }
    ReadResult byBytes = reader.read(ReadOptions.of(file.toString()));
    if (byBytes.csv() == null) {
      return -1;
    }
    Scanned rows;
    try {
      rows = scanned(new Profiler(64).scan(byRows.rows()), byRows);
    } catch (RuntimeException e) {
      assertThatThrownBy(() -> new Profiler(64).scan(byBytes.csv())).as(file.toString()).hasMessageContaining(
          String.valueOf(root(e).getMessage()));
      return byBytes.csv().rowPathSplits();
    }
    Scanned bytes = scanned(new Profiler(64).scan(byBytes.csv()), byBytes);
    assertThat(bytes).as(file.toString()).isEqualTo(rows);
    if (rows.wholeFiles()) {
      ReadResult wholeRows = byRows.wholeFiles();
      ReadResult wholeBytes = byBytes.wholeFiles();
      Scanned r = scanned(new Profiler(64).scan(wholeRows.rows()), wholeRows);
      assertThat(scanned(new Profiler(64).scan(wholeBytes.csv()), wholeBytes)).as(file + " whole").isEqualTo(r);
    }
    return byBytes.csv().rowPathSplits();
  }

  /** The root cause, which a Spark job failure wraps. */
  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void everyDelimitedTestFileGivesTheSameProfile() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(TestData.csv(), TestData.root().resolve("labelled/files"))) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(csv|tsv|txt|tab|dat)(\\.gz)?$"))
            .sorted().forEach(files::add);
      }
    }
    files.add(TestData.featureTypes());
    Path examples = TestData.root().getParent().resolve("examples");
    files.add(examples.resolve("ks_1033_data.csv"));
    files.add(examples.resolve("flights.csv.gz"));
    DatasetReader reader = new DatasetReader(spark);
    int read = 0;
    int fast = 0;
    List<String> rowPath = new ArrayList<>();
    for (Path file : files) {
      long left = assertSame(reader, file);
      if (left >= 0) {
        read++;
        fast += left == 0 ? 1 : 0;
        if (left > 0) {
          rowPath.add(TestData.root().getParent().relativize(file).toString());
        }
      }
    }
    System.out.println("CsvBytePathTest: " + read + " delimited files, " + fast + " on the byte path; row path: " + rowPath);
    assertThat(read).isGreaterThan(100);
    // plain real files take the byte path; the suites' odd cases may not
    assertThat(rowPath).doesNotContain("examples/ks_1033_data.csv", "examples/flights.csv.gz",
        "testdata/feature-types/data_train.csv");
    assertThat(fast).isGreaterThan(read / 2);
  }

  private Path write(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Rows with quoted delimiters, doubled quotes, empty and quoted-empty fields, multi-byte characters. */
  private static String plain(String newline, int rows, boolean multiLine, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder("id,name,amount,note").append(newline);
    for (int i = 0; i < rows; i++) {
      int pick = r.nextInt(12);
      out.append(i).append(',')
          .append(pick % 3 == 0 ? "Zoë ørsted ☃ 𝄞" : pick == 1 ? "" : "name" + r.nextInt(1000)).append(',')
          .append(pick == 2 ? "\"\"" : String.valueOf(r.nextInt(100_000) / 100.0)).append(',')
          .append(switch (pick) {
            case 4 -> "\"quoted, with comma\"";
            case 5 -> "\"say \"\"hi\"\", twice\"\"\"";
            case 6 -> multiLine ? "\"two\nlines\"" : "\"\"";
            case 7 -> "";
            default -> "n" + i;
          }).append(newline);
      if (pick == 8) {
        out.append(newline); // an empty line, skipped
      }
    }
    return out.toString();
  }

  @Test
  void plainFilesTakeTheBytePathAndGiveTheSameProfile() throws IOException {
    DatasetReader reader = new DatasetReader(spark);
    assertThat(assertSame(reader, write("lf.csv", plain("\n", 2_000, true, 1)))).isZero();
    assertThat(assertSame(reader, write("crlf.csv", plain("\r\n", 2_000, false, 2)))).isZero();
    assertThat(assertSame(reader, write("tab.tsv", plain("\n", 500, false, 3).replace(',', '\t')))).isZero();
    assertThat(assertSame(reader, write("bom.csv", "\uFEFF" + plain("\n", 300, false, 4)))).isZero();
    assertThat(assertSame(reader, write("noend.csv", "a,b\n1,x\n2,\"y\""))).isZero();
    Path gz = tmp.resolve("packed.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(plain("\n", 1_000, true, 5).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(assertSame(reader, gz)).isZero();
    // padded short rows, and row names (the header one field short)
    StringBuilder shortRows = new StringBuilder("a,b,c,d\n");
    StringBuilder named = new StringBuilder("a,b,c\n");
    for (int i = 0; i < 200; i++) {
      shortRows.append(i).append(",x").append(i % 7).append(i % 5 == 0 ? ",y,z\n" : ",y\n");
      named.append("r").append(i).append(',').append(i).append(",v").append(i % 3).append(",w\n");
    }
    assertThat(assertSame(reader, write("short.csv", shortRows.toString()))).isZero();
    assertThat(assertSame(reader, write("named.csv", named.toString()))).isZero();
  }

  @Test
  void wideRowsGiveTheSameProfileWhileTheBufferGrows() throws IOException {
    // 320 columns, about 2.4 KB a row: fewer than half a batch fits the first buffer, so it grows,
    // with records (quoted commas, multi-byte characters) across every edge; quoted line breaks in
    // the compressed file (one split: a line break across a byte range's end takes the row path)
    DatasetReader reader = new DatasetReader(spark);
    assertThat(assertSame(reader, write("wide.csv", wide(false)))).isZero();
    Path gz = tmp.resolve("wide.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(wide(true).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(assertSame(reader, gz)).isZero();
  }

  /** 3,000 rows of 80 of {@link #plain}'s rows side by side. */
  private static String wide(boolean multiLine) {
    StringBuilder wide = new StringBuilder();
    for (int c = 0; c < 320; c++) {
      wide.append(c == 0 ? "" : ",").append("c").append(c);
    }
    wide.append('\n');
    String[] rows = plain("\n", 3_000, multiLine, 8).split("\n(?=\\d+,)");
    for (int i = 1; i < rows.length; i++) {
      for (int c = 0; c < 80; c++) {
        wide.append(c == 0 ? "" : ",").append(rows[(i + c) % (rows.length - 1) + 1].strip());
      }
      wide.append('\n');
    }
    return wide.toString();
  }

  @Test
  void byteRangesTakeTheBytePath() throws IOException {
    Path file = write("ranges.csv", plain("\n", 4_000, false, 6));
    DatasetReader reader = new DatasetReader(spark, 4_096, 4_096);
    ReadResult read = reader.read(ReadOptions.of(file.toString()));
    assertThat(read.csv().splits()).isGreaterThan(10);
    assertThat(assertSame(reader, file)).isZero();
    Path crlf = write("ranges-crlf.csv", plain("\r\n", 4_000, false, 7));
    assertThat(assertSame(reader, crlf)).isZero();
  }

  @Test
  void smallFilesSharingATaskGiveTheSameProfile() throws IOException {
    // more distinct ids than the distinct count's cap over 40 files that share a few tasks: a task's
    // later files start saturated and at its sample threshold, and the profile is the row path's
    Path dir = Files.createDirectories(tmp.resolve("many"));
    SplittableRandom r = new SplittableRandom(9);
    for (int f = 0; f < 40; f++) {
      StringBuilder csv = new StringBuilder("id,group,amount\n");
      for (int i = 0; i < 150; i++) {
        csv.append("f").append(f).append('-').append(i).append(',').append(r.nextInt(9)).append(',')
            .append(r.nextInt(1_000_000) / 100.0).append('\n');
      }
      Files.writeString(dir.resolve(String.format("part-%02d.csv", f)), csv);
    }
    DatasetReader reader = new DatasetReader(spark);
    ReadResult read = reader.read(ReadOptions.of(dir.toString()));
    assertThat(read.csv().splits()).isEqualTo(40);
    assertThat(assertSame(reader, dir)).isZero();
  }

  /**
   * A selection of fields ({@code --columns}) folds exactly those fields' statistics, from the bytes
   * and from rows alike (a malformed row sends a split to the row path), and its columns keep their
   * positions in the file.
   */
  @Test
  void aSelectionOfFieldsFoldsExactlyTheirStatistics() throws IOException {
    DatasetReader reader = new DatasetReader(spark);
    String good = plain("\n", 1_500, true, 10);
    for (Path file : List.of(write("picked.csv", good),
        write("picked-malformed.csv", good + "1,2,3,4,5\n" + good.substring(good.indexOf('\n') + 1)))) {
      ReadResult whole = reader.read(ReadOptions.of(file.toString()));
      Scanned all = scanned(new Profiler(64).scan(whole.csv()), whole);
      ReadResult some = reader.read(ReadOptions.of(file.toString()));
      RawProfile raw = new Profiler(64).scan(some.csv(), new int[] {1, 3});
      assertThat(raw.columns()).extracting(ProfileColumn::index).containsExactly(1, 3);
      assertThat(raw.columns()).extracting(ProfileColumn::name).containsExactly("name", "note");
      Scanned picked = scanned(raw, some);
      assertThat(some.csv().rowPathSplits()).isEqualTo(file.toString().contains("malformed") ? 1 : 0);
      assertThat(picked.rows()).isEqualTo(all.rows());
      assertThat(picked.reports()).isEqualTo(all.reports());
      assertThat(picked.vectors()).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("n"))
          .isEqualTo(all.vectors().stream().filter(v -> v.startsWith("name ") || v.startsWith("note ")).toList());
      // Spark's rows (the path of columnar inputs and row filters) select the same columns
      ReadResult rows = reader.read(ReadOptions.of(file.toString()));
      RawProfile fromRows = new Profiler(64).scan(rows.rows(), new int[] {1, 3});
      assertThat(fromRows.columns()).isEqualTo(raw.columns());
      assertThat(scanned(fromRows, rows).vectors()).isEqualTo(picked.vectors());
    }
  }

  @Test
  void whatTheBytePathDoesNotReproduceGoesThroughTheRowPath() throws IOException {
    DatasetReader reader = new DatasetReader(spark);
    String good = plain("\n", 500, true, 8);
    // malformed rows: too many and too few fields
    assertThat(assertSame(reader, write("malformed.csv", good + "1,2,3,4,5\n6,7\n" + good.substring(good.indexOf('\n') + 1))))
        .isPositive();
    // an invalid byte, a NUL, a lone CR, a quote inside an unquoted field
    byte[] head = good.getBytes(StandardCharsets.UTF_8);
    for (byte[] odd : List.of(new byte[] {'9', ',', (byte) 0xC3, ',', '1', ',', 'x', '\n'},
        new byte[] {'9', ',', 0, ',', '1', ',', 'x', '\n'}, "9,a\rb,1,x\n".getBytes(StandardCharsets.UTF_8),
        "9,a\"b,1,x\n".getBytes(StandardCharsets.UTF_8))) {
      byte[] all = Arrays.copyOf(head, head.length + odd.length);
      System.arraycopy(odd, 0, all, head.length, odd.length);
      assertThat(assertSame(reader, write("odd" + Arrays.hashCode(odd) + ".csv", all))).isPositive();
    }
    // a quoted line break across the end of a byte range: the row path says to read whole files
    StringBuilder straddle = new StringBuilder("id,note\n");
    for (int i = 0; i < 400; i++) {
      straddle.append(i).append(i % 37 == 0 ? ",\"a long\nquoted\nnote " + "z".repeat(40) + "\"\n" : ",n" + i + "\n");
    }
    assertSame(new DatasetReader(spark, 512, 512), write("straddle.csv", straddle.toString()));
  }
}
