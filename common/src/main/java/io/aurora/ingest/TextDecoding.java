package io.aurora.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes input text so that bytes invalid in the encoding stay recognisable: they become the
 * Unicode noncharacter U+FDD0 rather than U+FFFD, which real files do contain (csv-spectrum's
 * location_coordinates.csv). NUL becomes U+FDD1 because univocity treats NUL as end of input, and
 * a leading byte-order mark is dropped.
 */
final class TextDecoding {
  static final char INVALID = '\uFDD0';
  static final char NUL = '\uFDD1';

  private TextDecoding() {}

  static CharsetDecoder decoder(Charset charset) {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(INVALID));
  }

  static String decode(byte[] bytes, int offset, Charset charset) {
    try {
      String text = decoder(charset).decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
      text = text.replace('\0', NUL);
      return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  static Reader reader(InputStream in, Charset charset) {
    return reader(in, charset, true);
  }

  /** A reader of {@code in}; a leading byte-order mark is dropped only at {@code fileStart}. */
  static Reader reader(InputStream in, Charset charset, boolean fileStart) {
    return new CleaningReader(new InputStreamReader(in, decoder(charset)), fileStart);
  }

  private static final class CleaningReader extends Reader {
    private final Reader in;
    private boolean first;

    CleaningReader(Reader in, boolean fileStart) {
      this.in = in;
      this.first = fileStart;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n <= 0) {
        return n;
      }
      if (first) {
        first = false;
        if (buf[off] == '\uFEFF') {
          System.arraycopy(buf, off + 1, buf, off, n - 1);
          n--;
          if (n == 0) {
            return read(buf, off, len);
          }
        }
      }
      for (int i = off; i < off + n; i++) {
        if (buf[i] == '\0') {
          buf[i] = NUL;
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

}
