package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Large delimited files are parsed in byte ranges by many tasks: the rows, their order, the malformed
 * rows and their physical line numbers must be exactly those of reading each file whole. Small split
 * sizes cut the test files into many ranges.
 */
class ByteRangeReadTest {
  private final SparkSession spark = SharedSpark.session();
  private final DatasetReader whole = new DatasetReader(spark);

  @TempDir Path tmp;

  /** What a read gives: rows in order, malformed count and locations, swallowed files. */
  private record Seen(List<List<String>> rows, long malformed, List<String> locations, Object swallowed) {}

  private static Seen seen(ReadResult result) {
    List<List<String>> rows = new ArrayList<>();
    for (Row row : result.rows().collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      rows.add(cells);
    }
    MalformedTally.Tallied malformed = (MalformedTally.Tallied) result.malformed();
    return new Seen(rows, malformed.count(), malformed.firstLocations(), malformed.swallowed());
  }

  private static ReadResult read(DatasetReader reader, Path file) {
    return reader.read(ReadOptions.of(file.toString()));
  }

  /** A file of rows with multi-byte characters, quoted delimiters, blank lines and malformed rows. */
  private static String generated(String newline, int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder out = new StringBuilder("id,name,amount,note").append(newline);
    for (int i = 0; i < rows; i++) {
      int pick = r.nextInt(40);
      if (pick == 0) {
        out.append(i).append(",too,few").append(newline); // malformed: 3 fields
      } else if (pick == 1) {
        out.append(newline); // blank line
      } else if (pick == 2) {
        out.append(i).append(",a,b,c,d").append(newline); // malformed: 5 fields
      } else {
        out.append(i).append(',').append(pick % 3 == 0 ? "Zoë ørsted ☃" : "name" + r.nextInt(1000)).append(',')
            .append(r.nextInt(100_000) / 100.0).append(',')
            .append(pick % 5 == 0 ? "\"quoted, with comma\"" : pick % 7 == 0 ? "" : "n" + i).append(newline);
      }
    }
    return out.toString();
  }

  @Test
  void rangesGiveTheRowsOrderAndMalformedLinesOfTheWholeFile() throws IOException {
    for (String newline : List.of("\n", "\r\n")) {
      Path file = tmp.resolve(newline.length() + ".csv");
      Files.writeString(file, generated(newline, 3_000, 7), StandardCharsets.UTF_8);
      Seen expected = seen(read(whole, file));
      assertThat(expected.malformed()).isGreaterThan(50);
      for (long size : new long[] {97, 1_000, 10_007}) {
        ReadResult ranged = read(new DatasetReader(spark, size, size), file);
        assertThat(ranged.rows().rdd().getNumPartitions()).as("split %d bytes", size).isGreaterThan(1);
        Seen actual = seen(ranged);
        assertThat(ranged.malformed().needsWholeFiles()).isFalse();
        assertThat(actual).as("split %d bytes, newline %s", size, newline.length()).isEqualTo(expected);
        assertThat(((MalformedTally.Tallied) ranged.malformed()).fileScans()).isEqualTo(1);
      }
    }
  }

  @Test
  void aQuotedLineBreakAcrossARangeEndIsReadAgainWhole() throws IOException {
    StringBuilder text = new StringBuilder("id,text\n");
    for (int i = 0; i < 400; i++) {
      text.append(i).append(i % 3 == 0 ? ",\"two\nlines, quoted\"\n" : ",plain\n");
    }
    Path file = Files.writeString(tmp.resolve("multiline.csv"), text);
    Seen expected = seen(read(whole, file));
    assertThat(expected.rows()).hasSize(400);
    ReadResult ranged = read(new DatasetReader(spark, 100, 100), file);
    ranged.rows().count();
    assertThat(ranged.malformed().needsWholeFiles()).isTrue();
    ReadResult again = ranged.wholeFiles();
    assertThat(again.rows().rdd().getNumPartitions()).isEqualTo(1);
    assertThat(seen(again)).isEqualTo(expected);
    assertThat(again.malformed().needsWholeFiles()).isFalse();
  }

  @Test
  void anUnterminatedQuoteInAnEarlyRangeIsReadAgainWhole() throws IOException {
    // past the sniffed head (64 KB), so the reader does not refuse the file before the scan
    StringBuilder text = new StringBuilder("id,text\n");
    for (int i = 0; i < 10_000; i++) {
      text.append(i).append(",before\n");
    }
    text.append("x,\"opened here\n");
    for (int i = 0; i < 20_000; i++) {
      text.append(i).append(",after\n");
    }
    Path file = Files.writeString(tmp.resolve("open.csv"), text);
    Seen expected = seen(read(whole, file));
    assertThat(expected.swallowed()).isEqualTo(java.util.Map.of("file:" + file, 10_002L));
    ReadResult ranged = read(new DatasetReader(spark, 16_384, 16_384), file);
    ranged.rows().count();
    assertThat(ranged.malformed().needsWholeFiles()).isTrue();
    assertThat(seen(ranged.wholeFiles())).isEqualTo(expected);
  }

  @Test
  void jsonLinesRangesGiveTheRowsAndMalformedLinesOfTheWholeFile() throws IOException {
    SplittableRandom r = new SplittableRandom(11);
    for (String newline : List.of("\n", "\r\n")) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 3_000; i++) {
        int pick = r.nextInt(30);
        text.append(pick == 0 ? "not json" : pick == 1 ? "" : pick == 2 ? "{\"id\": " + i
            : "{\"id\": " + i + ", \"name\": \"" + (pick % 3 == 0 ? "Zoë ☃" : "n" + r.nextInt(100)) + "\"}").append(newline);
      }
      Path file = Files.writeString(tmp.resolve(newline.length() + ".jsonl"), text);
      Seen expected = seen(read(whole, file));
      assertThat(expected.malformed()).isGreaterThan(100);
      for (long size : new long[] {101, 4_096}) {
        ReadResult ranged = read(new DatasetReader(spark, size, size), file);
        assertThat(ranged.rows().rdd().getNumPartitions()).isGreaterThan(1);
        assertThat(seen(ranged)).as("split %d bytes, newline %s", size, newline.length()).isEqualTo(expected);
        assertThat(ranged.malformed().needsWholeFiles()).isFalse();
      }
    }
  }

  @Test
  void jsonLinesWithBareCarriageReturnsAreReadWhole() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.append("{\"id\": ").append(i).append("}\r");
    }
    Path file = Files.writeString(tmp.resolve("cr.jsonl"), text);
    ReadResult ranged = read(new DatasetReader(spark, 512, 512), file);
    assertThat(ranged.rows().rdd().getNumPartitions()).isEqualTo(1);
    assertThat(seen(ranged)).isEqualTo(seen(read(whole, file)));
    assertThat(ranged.rows().count()).isEqualTo(2_000);
  }

  @Test
  void aCarriageReturnInsideAJsonLineIsWhitespaceWholeOrInRanges() throws IOException {
    // lines end at LF; a CR between JSON tokens is whitespace, in a small file read whole as in a
    // large one cut into ranges (a whole read used to end lines at it: three malformed halves)
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.append("{\"id\": ").append(i).append(i % 7 == 0 ? ",\r\"name\": \"n\"}" : "}").append(i % 2 == 0 ? "\n" : "\r\n");
    }
    Path file = Files.writeString(tmp.resolve("inner-cr.jsonl"), text);
    Seen wholeFile = seen(read(whole, file));
    assertThat(wholeFile.malformed()).isZero();
    assertThat(wholeFile.rows()).hasSize(2_000);
    ReadResult ranged = read(new DatasetReader(spark, 512, 512), file);
    assertThat(ranged.rows().rdd().getNumPartitions()).isGreaterThan(1);
    assertThat(seen(ranged)).isEqualTo(wholeFile);
    assertThat(ranged.rows().columns()).contains("id", "name");
  }

  @Test
  void jsonLinesEndAtCarriageReturnsOnlyInAFileWithoutLineFeeds() {
    assertThat(JsonLinesScan.crEndsLines("{}\r{}\r")).isTrue();
    assertThat(JsonLinesScan.crEndsLines("{}\r\n{}\r{}")).isFalse();
    assertThat(JsonLinesScan.crEndsLines("{\"a\": 1,\r\"b\": 2}\n{}")).isFalse();
    assertThat(JsonLinesScan.crEndsLines("{}")).isFalse();
  }

  @Test
  void theFirstRangeHoldsThePreambleAndAnUnknownPreambleKeepsTheFileWhole() {
    DatasetReader reader = new DatasetReader(spark, 100, 100);
    DatasetReader.Splits splits = reader.splits(List.of("/d/a.csv", "/d/b.csv", "/d/c.csv.gz"),
        java.util.Map.of("/d/a.csv", 1_000L, "/d/b.csv", 1_000L, "/d/c.csv.gz", 1_000L), file -> file.endsWith("a.csv") ? -1 : 250);
    assertThat(splits.splits()).filteredOn(s -> s.file().equals("/d/a.csv")).containsExactly(FileSplit.whole("/d/a.csv"));
    assertThat(splits.splits()).filteredOn(s -> s.file().equals("/d/c.csv.gz")).containsExactly(FileSplit.whole("/d/c.csv.gz"));
    List<FileSplit> b = splits.splits().stream().filter(s -> s.file().equals("/d/b.csv")).toList();
    assertThat(b).extracting(FileSplit::start).containsExactly(0L, 250L, 350L, 450L, 550L, 650L, 750L, 850L, 950L);
    assertThat(b).extracting(FileSplit::end).containsExactly(250L, 350L, 450L, 550L, 650L, 750L, 850L, 950L, 1_000L);
    assertThat(b).extracting(FileSplit::last).containsExactly(false, false, false, false, false, false, false, false, true);
    assertThat(splits.tasks()).isEqualTo(11);
  }

  static Stream<Path> corpusFiles() throws IOException {
    try (Stream<Path> files = Files.walk(DatasetReaderTest.CSV)) {
      return files.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".tsv")).sorted().toList().stream();
    }
  }

  /** Every shared test file, cut into about 16 ranges, reads as it does whole (after a whole re-read if asked). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusFiles")
  void everyCorpusFileReadsInRangesAsItDoesWhole(Path file) throws IOException {
    long size = Math.max(32, Files.size(file) / 16);
    DatasetReader inRanges = new DatasetReader(spark, size, size);
    Seen expected;
    try {
      expected = seen(read(whole, file));
    } catch (AuroraException e) {
      // a file the reader rejects whole is rejected in ranges too, for the same reason
      assertThatThrownBy(() -> seen(read(inRanges, file))).isInstanceOf(AuroraException.class)
          .hasMessage(e.getMessage());
      return;
    }
    ReadResult ranged = read(inRanges, file);
    Seen actual = seen(ranged);
    if (ranged.malformed().needsWholeFiles()) {
      actual = seen(ranged.wholeFiles());
    }
    assertThat(actual).isEqualTo(expected);
  }
}
