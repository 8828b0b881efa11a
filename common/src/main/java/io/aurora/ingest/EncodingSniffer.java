package io.aurora.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * Decides the text encoding of a file from its first bytes: byte-order mark first, then strict
 * UTF-8, then juniversalchardet's guess if the sample decodes under it, then Windows-1252 and
 * finally ISO-8859-1 (which decodes any byte, so text never fails here: bytes that are wrong on a
 * given line are caught per line by the scan, decoded to a marker and counted as malformed).
 */
public final class EncodingSniffer {
  private EncodingSniffer() {}

  /** The decision: charset and how many byte-order-mark bytes start the file (0 = none). */
  public record Encoding(Charset charset, int bomLength) {
    public String name() {
      return charset.name() + (bomLength > 0 && charset.equals(StandardCharsets.UTF_8) ? " (BOM)" : "");
    }
  }

  /** The byte-order mark at the start of {@code bytes}, if any. */
  public static Optional<Encoding> bom(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return Optional.of(new Encoding(StandardCharsets.UTF_8, 3));
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return Optional.of(new Encoding(StandardCharsets.UTF_16BE, 2));
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return Optional.of(new Encoding(StandardCharsets.UTF_16LE, 2));
    }
    return Optional.empty();
  }

  /**
   * Detects the encoding of a sample; {@code truncated} says the sample stops before the end of the
   * file, so a multi-byte sequence cut at the end is not held against a candidate.
   */
  public static Encoding detect(byte[] sample, boolean truncated) {
    Optional<Encoding> bom = bom(sample);
    if (bom.isPresent()) {
      return bom.get();
    }
    if (utf16WithoutBom(sample)) {
      // every other byte NUL: UTF-16 without a BOM; which half is NUL gives the byte order
      return new Encoding(sample[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE, 0);
    }
    if (decodes(sample, StandardCharsets.UTF_8, truncated)) {
      return new Encoding(StandardCharsets.UTF_8, 0);
    }
    UniversalDetector detector = new UniversalDetector();
    detector.handleData(sample, 0, sample.length);
    detector.dataEnd();
    String guess = detector.getDetectedCharset();
    if (guess != null && Charset.isSupported(guess)) {
      Charset charset = Charset.forName(guess);
      // chardet calls most single-byte Western text ISO-8859-1; Windows-1252 is its superset in practice
      if (charset.equals(StandardCharsets.ISO_8859_1)) {
        charset = Charset.forName("windows-1252");
      }
      if (decodes(sample, charset, truncated)) {
        return new Encoding(charset, 0);
      }
    }
    Charset cp1252 = Charset.forName("windows-1252");
    if (decodes(sample, cp1252, truncated)) {
      return new Encoding(cp1252, 0);
    }
    return new Encoding(StandardCharsets.ISO_8859_1, 0);
  }

  /** Decodes a sample (skipping its BOM) with replacement, for sniffing the dialect. */
  public static String decode(byte[] sample, Encoding encoding) {
    return TextDecoding.decode(sample, encoding.bomLength(), encoding.charset());
  }

  static boolean decodes(byte[] sample, Charset charset, boolean truncated) {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(sample);
    CharBuffer out = CharBuffer.allocate(sample.length + 16);
    CoderResult result = decoder.decode(in, out, !truncated);
    if (result.isError()) {
      return false;
    }
    if (!truncated) {
      try {
        decoder.flush(out);
      } catch (IllegalStateException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean utf16WithoutBom(byte[] b) {
    int n = Math.min(b.length, 4096) & ~1;
    if (n < 8) {
      return false;
    }
    int evenZero = 0;
    int oddZero = 0;
    for (int i = 0; i < n; i += 2) {
      if (b[i] == 0) {
        evenZero++;
      }
      if (b[i + 1] == 0) {
        oddZero++;
      }
    }
    int pairs = n / 2;
    return (evenZero > pairs * 0.7 && oddZero < pairs * 0.1) || (oddZero > pairs * 0.7 && evenZero < pairs * 0.1);
  }

  /**
   * Whether decoded text looks like binary data rather than text: control characters other than
   * tab, CR, LF and form feed make up more than 1 % of it and number more than 8 (a stray NUL or
   * vertical tab in a text file is fine).
   */
  public static boolean looksBinary(String text) {
    if (text.isEmpty()) {
      return false;
    }
    int control = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (((c < 0x20 || c == TextDecoding.NUL) && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == TextDecoding.INVALID) {
        control++;
      }
    }
    // a few control characters occur in real text (csvkit's test_header_newline.csv has \v in a header)
    return control > Math.max(8, text.length() / 100);
  }
}
