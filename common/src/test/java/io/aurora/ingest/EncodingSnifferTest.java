package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EncodingSnifferTest {
  static final Path CSV = TestData.csv();
  static final Path CSVKIT = CSV.resolve("csvkit-examples/examples");

  private static EncodingSniffer.Encoding detect(Path file) throws IOException {
    return EncodingSniffer.detect(Files.readAllBytes(file), false);
  }

  @Test
  void byteOrderMarks() throws IOException {
    assertThat(detect(CSVKIT.resolve("test_utf16_big.csv"))).isEqualTo(new EncodingSniffer.Encoding(StandardCharsets.UTF_16BE, 2));
    assertThat(detect(CSVKIT.resolve("test_utf16_little.csv"))).isEqualTo(new EncodingSniffer.Encoding(StandardCharsets.UTF_16LE, 2));
    assertThat(detect(CSVKIT.resolve("test_utf8_bom.csv"))).isEqualTo(new EncodingSniffer.Encoding(StandardCharsets.UTF_8, 3));
    assertThat(detect(CSV.resolve("apache-commons-csv/src/test/resources/org/apache/commons/csv/CSVFileParser/bom.csv")))
        .isEqualTo(new EncodingSniffer.Encoding(StandardCharsets.UTF_8, 3));
  }

  @Test
  void utf8WithoutBomAndLatin1() throws IOException {
    assertThat(detect(CSVKIT.resolve("test_utf8.csv")).charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(detect(CSV.resolve("apache-commons-csv/src/test/resources/org/apache/commons/csv/CSV-196/japanese.csv")).charset())
        .isEqualTo(StandardCharsets.UTF_8);
    // "a,b,c\n1,2,3\n4,5,\xA9": not UTF-8; © in Latin-1 and Windows-1252
    EncodingSniffer.Encoding latin1 = detect(CSVKIT.resolve("test_latin1.csv"));
    assertThat(latin1.charset().name()).isEqualTo("windows-1252");
    assertThat(EncodingSniffer.decode(Files.readAllBytes(CSVKIT.resolve("test_latin1.csv")), latin1)).endsWith("4,5,©");
  }

  @Test
  void westernEuropeanTextDetectedByChardet() {
    byte[] text = "name;ville\nJosé;Orléans\nFrançoise;Besançon\nZoë;Málaga\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
    assertThat(EncodingSniffer.detect(text, false).charset().name()).isEqualTo("windows-1252");
  }

  @Test
  void utf16WithoutBomByNulPattern() {
    byte[] le = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] be = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_16BE);
    assertThat(EncodingSniffer.detect(le, false).charset()).isEqualTo(StandardCharsets.UTF_16LE);
    assertThat(EncodingSniffer.detect(be, false).charset()).isEqualTo(StandardCharsets.UTF_16BE);
  }

  @Test
  void truncatedMultibyteSequenceAtSampleEndStaysUtf8() {
    byte[] full = "a,b\n1,ü\n".getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 2); // cuts ü in half
    assertThat(EncodingSniffer.detect(cut, true).charset()).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void binaryVersusTextWithOneNul() throws IOException {
    String nul = new String(Files.readAllBytes(CSVKIT.resolve("null_byte.csv")), StandardCharsets.UTF_8);
    assertThat(EncodingSniffer.looksBinary(nul)).isFalse();
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    assertThat(EncodingSniffer.looksBinary(new String(noise, StandardCharsets.ISO_8859_1))).isTrue();
  }
}
