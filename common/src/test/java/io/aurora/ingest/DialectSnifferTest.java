package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dialects of real files. Expected values were read off the files by hand (and, for univocity's
 * european.csv, from its documented auto-detection output in examples/expectedOutputs).
 */
class DialectSnifferTest {
  static final Path CSV = TestData.csv();

  private static DialectSniffer.Sniffed sniff(String file) throws IOException {
    byte[] bytes = Files.readAllBytes(CSV.resolve(file));
    EncodingSniffer.Encoding encoding = EncodingSniffer.detect(bytes, false);
    return DialectSniffer.sniff(EncodingSniffer.decode(bytes, encoding), false, DialectSniffer.Overrides.none());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      // file | delimiter | escape | line separator | header | title records | width
      "univocity-parsers/src/test/resources/csv/essential.csv | , | \" | \\n | true | 1 | 5",
      "univocity-parsers/src/test/resources/csv/essential-dos.csv | , | \" | \\r\\n | true | 1 | 5",
      "univocity-parsers/src/test/resources/csv/essential-mac.csv | , | \" | \\r | true | 1 | 5",
      "univocity-parsers/src/test/resources/tsv/essential.tsv | \\t | \" | \\n | true | 1 | 5",
      "univocity-parsers/src/test/resources/tsv/essential-dos.tsv | \\t | \" | \\r\\n | true | 1 | 5",
      "univocity-parsers/src/test/resources/tsv/essential-mac.tsv | \\t | \" | \\r | true | 1 | 5",
      "univocity-parsers/src/test/resources/examples/european.csv | ; | \\ | \\n | true | 0 | 5",
      "univocity-parsers/src/test/resources/examples/example.csv | , | \" | \\n | true | 0 | 5",
      "clevercsv-examples/imdb.csv | , | \\ | \\n | true | 0 | 44",
      "clevercsv-examples/airedale.csv | , | \" | \\r\\n | true | 0 | 8",
      "clevercsv-examples/milk.csv | \\t | \" | \\r\\n | true | 0 | 23",
      "csvkit-examples/examples/mac_newlines.csv | , | \" | \\r | true | 0 | 3",
      "csvkit-examples/examples/dummy.tsv | \\t | \" | \\n | true | 0 | 3",
      "csvkit-examples/examples/no_header_row.csv | , | \" | \\n | false | 0 | 3",
      "csvkit-examples/examples/test_utf16_little.csv | , | \" | \\n | true | 0 | 3",
      "apache-commons-csv/src/test/resources/org/apache/commons/csv/CSV-290/psql.tsv | \\t | \" | \\n | false | 0 | 5",
  })
  void detectsDialect(String file, String delimiter, String escape, String lineSeparator, boolean header,
      int titleRecords, int width) throws IOException {
    DialectSniffer.Sniffed sniffed = sniff(file);
    CsvDialect d = sniffed.dialect();
    assertThat(CsvDialect.printable(d.delimiter())).isEqualTo(delimiter);
    assertThat(String.valueOf(d.escape())).isEqualTo(escape);
    assertThat(CsvDialect.printable(d.lineSeparator())).isEqualTo(lineSeparator);
    assertThat(d.header()).isEqualTo(header);
    assertThat(d.skipRecords()).isEqualTo(titleRecords);
    assertThat(sniffed.width()).isEqualTo(width);
    assertThat(sniffed.swallowedFromLine()).isNull();
  }

  @Test
  void commentLinesAfterTheTitleAreDetected() throws IOException {
    assertThat(sniff("univocity-parsers/src/test/resources/csv/essential.csv").dialect().comment()).isEqualTo('#');
    assertThat(sniff("univocity-parsers/src/test/resources/csv/essential.csv").headerLine()).isEqualTo(4);
    assertThat(sniff("clevercsv-examples/airedale.csv").dialect().comment()).isEqualTo(CsvDialect.NONE);
  }

  @Test
  void overridesWin() {
    String text = "name,city\nann,rome\nbob,oslo\n";
    DialectSniffer.Sniffed detected = DialectSniffer.sniff(text, false, DialectSniffer.Overrides.none());
    DialectSniffer.Sniffed forced = DialectSniffer.sniff(text, false, new DialectSniffer.Overrides(";", null, null, false));
    assertThat(detected.dialect().delimiter()).isEqualTo(",");
    assertThat(detected.dialect().header()).isTrue();
    assertThat(forced.dialect().delimiter()).isEqualTo(";");
    assertThat(forced.dialect().header()).isFalse();
  }

  @Test
  void unterminatedQuoteNearTheTopIsFound() {
    StringBuilder text = new StringBuilder("id,comment\n1,\"fine\"\n2,\"never closed\n");
    for (int i = 3; i < 60; i++) {
      text.append(i).append(",plain\n");
    }
    assertThat(DialectSniffer.sniff(text.toString(), false, DialectSniffer.Overrides.none()).swallowedFromLine())
        .isEqualTo(3);
  }

  @Test
  void truncatedSampleIgnoresItsPartialLastLine() {
    DialectSniffer.Sniffed sniffed = DialectSniffer.sniff("a|b|c\n1|2|3\n4|5|6\n7|8", true, DialectSniffer.Overrides.none());
    assertThat(sniffed.dialect().delimiter()).isEqualTo("|");
    assertThat(sniffed.width()).isEqualTo(3);
  }
}
