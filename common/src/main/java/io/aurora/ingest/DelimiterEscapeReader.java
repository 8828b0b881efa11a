package io.aurora.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text in which a backslash escapes the delimiter ({@code Dr. Seltsam\, oder ...}), which
 * univocity does not support outside quotes: {@code \<delimiter>} becomes a private-use placeholder
 * that {@link #restore} turns back into the delimiter once the record is split.
 */
final class DelimiterEscapeReader extends Reader {
  static final char PLACEHOLDER = '\uE000';

  private final Reader in;
  private final char delimiter;
  private int pending = -1;

  DelimiterEscapeReader(Reader in, char delimiter) {
    this.in = in instanceof java.io.BufferedReader ? in : new java.io.BufferedReader(in, 1 << 16);
    this.delimiter = delimiter;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      int c;
      if (pending >= 0) {
        c = pending;
        pending = -1;
      } else {
        if (n > 0 && !in.ready()) {
          break;
        }
        c = in.read();
      }
      if (c < 0) {
        break;
      }
      if (c == '\\') {
        int next = in.read();
        if (next == delimiter) {
          buf[off + n++] = PLACEHOLDER;
          continue;
        }
        pending = next;
      }
      buf[off + n++] = (char) c;
    }
    return n == 0 ? -1 : n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  static void restore(String[] fields, char delimiter) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] != null && fields[i].indexOf(PLACEHOLDER) >= 0) {
        fields[i] = fields[i].replace(PLACEHOLDER, delimiter);
      }
    }
  }
}
