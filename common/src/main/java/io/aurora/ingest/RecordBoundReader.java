package io.aurora.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Stands between the decoded text of a file and univocity's parser, so that one record can never
 * hold more than a bounded number of characters and the parse can go on after a record that broke a
 * bound. The parser asks for more text only once it has consumed everything it was given, so at that
 * moment the record in progress holds exactly the characters since the last record's end: beyond the
 * bound, the request fails with {@link RecordTooLong} instead of growing the record. After any failed
 * record the scan {@link #rewind rewinds} to what the parser had consumed (the rest of the parser's
 * buffer is given again), {@link #skipLine skips} to the end of the current line and starts a new
 * parser here. Closing is left to the scan: a parser that stops must not close the file under the next.
 */
final class RecordBoundReader extends Reader {
  /** Characters handed to the parser at most per request, which is also what a rewind can give back. */
  static final int CHUNK = 1 << 16;

  /** The record in progress grew past the bound. */
  static final class RecordTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLong() {
      super("a record is longer than the record limit");
    }
  }

  private final Reader in;
  private final int maxRecordChars;
  private final char[] last = new char[CHUNK];
  private int lastLength;
  /** Characters of {@code last} to give again before reading on. */
  private int replayFrom = -1;
  /** Characters handed out since the file's start, minus what a rewind took back. */
  private long delivered;
  /** Position at which the current record began: the end of the previous one. */
  private long recordStart;
  private boolean tooLong;

  RecordBoundReader(Reader in, int maxRecordChars) {
    this.in = in;
    this.maxRecordChars = maxRecordChars;
  }

  /** Characters handed out and not taken back: where a parser started now begins. */
  long position() {
    return delivered;
  }

  /** A record ended at {@code position}: the next one starts there. */
  void recordEnded(long position) {
    recordStart = position;
  }

  /** Whether the last failure was this reader's bound rather than the parser's own. */
  boolean tooLong() {
    return tooLong;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (delivered - recordStart > maxRecordChars) {
      tooLong = true;
      throw new RecordTooLong();
    }
    int n;
    if (replayFrom >= 0) {
      n = Math.min(len, lastLength - replayFrom);
      System.arraycopy(last, replayFrom, buf, off, n);
      replayFrom += n;
      if (replayFrom == lastLength) {
        replayFrom = -1;
      }
      // what is replayed stays the tail of last: a second rewind inside it still works
    } else {
      n = in.read(buf, off, Math.min(len, CHUNK));
      if (n <= 0) {
        return n;
      }
      System.arraycopy(buf, off, last, 0, n);
      lastLength = n;
    }
    delivered += n;
    return n;
  }

  /**
   * Takes back what the failed parser had been given but not consumed: {@code consumed} is the
   * position up to which it parsed. False when that lies outside the last chunk (then the rest of
   * the file cannot be resumed exactly).
   */
  boolean rewind(long consumed) {
    tooLong = false;
    long back = delivered - consumed;
    if (back == 0) {
      return true;
    }
    int from = replayFrom >= 0 ? replayFrom : lastLength;
    if (back < 0 || back > from) {
      return false;
    }
    replayFrom = (int) (from - back);
    delivered = consumed;
    return true;
  }

  /**
   * Skips to just after the next line end ({@code separator} is the file's: LF, CRLF or CR), in
   * chunks, never holding more than one; false at the end of the file.
   */
  boolean skipLine(String separator) throws IOException {
    char end = separator.equals("\r") ? '\r' : '\n';
    while (true) {
      if (replayFrom < 0) {
        int n = in.read(last, 0, CHUNK);
        if (n <= 0) {
          lastLength = 0;
          return false;
        }
        lastLength = n;
        replayFrom = 0;
      }
      for (int i = replayFrom; i < lastLength; i++) {
        if (last[i] == end) {
          delivered += i + 1 - replayFrom;
          replayFrom = i + 1 == lastLength ? -1 : i + 1;
          recordStart = delivered;
          return true;
        }
      }
      delivered += lastLength - replayFrom;
      replayFrom = -1;
    }
  }

  /** Left to the scan (see the class comment); {@link #closeFile} closes. */
  @Override
  public void close() {}

  void closeFile() throws IOException {
    in.close();
  }
}
