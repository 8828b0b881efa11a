package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Streams JSON-lines files inside Spark tasks, split by split, one physical line per record: lines
 * that are not a well-formed JSON object (or hold a byte invalid in the encoding) are skipped and
 * reported as "file:line"; the others are passed on as text for {@code from_json}. Lines end at LF
 * (a CR before it is dropped), the JSON-lines separator: a CR elsewhere is whitespace between JSON
 * tokens. Only a file whose head holds CRs and no LF (classic Mac OS text, {@link #crEndsLines})
 * ends lines at CR, LF or CRLF; such a file is never cut into byte ranges. So a file reads the same
 * whole or in ranges ({@link FileSplit}), where each line feed a range counts is one line of the
 * file. A JSON value holds no raw line break, so no record crosses a range's end.
 */
final class JsonLinesScan implements FlatMapFunction<Iterator<FileSplit>, Row> {
  private static final long serialVersionUID = 1L;

  /** Chars of a whole file read ahead to see how its lines end. */
  private static final int PEEK = 1 << 16;

  private final SerializableConfiguration conf;
  private final String charset;
  private final int maxLineChars;
  private final MalformedTally tally;

  JsonLinesScan(Configuration conf, String charset, ReadLimits limits, MalformedTally tally) {
    this.conf = new SerializableConfiguration(requireNonNull(conf, "conf is null"));
    this.charset = requireNonNull(charset, "charset is null");
    this.maxLineChars = requireNonNull(limits, "limits is null").maxRecordChars();
    this.tally = requireNonNull(tally, "tally is null");
  }

  @Override
  public Iterator<Row> call(Iterator<FileSplit> splits) {
    JsonFactory json = new JsonFactory();
    return new LookaheadIterator<>() {
      private FileSplit split;
      /** The open split's decoded text; null between splits. */
      private java.io.Reader source;
      private BoundedLines lines;
      private FileSplit.RangeEnd rangeEnd;
      private long line;
      private long rows;
      private long malformed;
      private List<Long> firstLines;

      @Override
      protected Row advance() {
        try {
          while (true) {
            if (source == null) {
              if (!splits.hasNext()) {
                return null;
              }
              open(splits.next());
              continue;
            }
            String text = lines.next();
            if (text == null || (rangeEnd != null && line >= rangeEnd.lines())) {
              close(); // the file's end, or the next line is the next range's
              continue;
            }
            line++;
            if (text != BoundedLines.TOO_LONG && text.isBlank()) {
              continue;
            }
            if (text != BoundedLines.TOO_LONG && wellFormedObject(json, text)) {
              rows++;
              return RowFactory.create(text);
            } else {
              malformed++;
              if (firstLines.size() < MalformedTally.LOCATIONS_PER_FILE) {
                firstLines.add(line);
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read input file " + split.file(), e);
        }
      }

      private void open(FileSplit next) throws IOException {
        split = next;
        line = 0;
        rows = 0;
        malformed = 0;
        firstLines = new ArrayList<>();
        rangeEnd = null;
        next.version().check(conf.value(), next.file());
        java.io.InputStream in;
        if (next.isWholeFile()) {
          in = InputFiles.open(conf.value(), next.file());
        } else {
          FileSplit.Opened opened = next.open(conf.value());
          if (opened == null) { // no line of its own
            tally.add(new MalformedTally.FileReport(next.file(), next.index(), next.last() ? -1 : 0, false, 0, 0, 0,
                List.of(), null));
            return;
          }
          in = opened.in();
          rangeEnd = opened.end();
        }
        java.io.Reader decoded = TextDecoding.reader(in, Charset.forName(charset), next.index() == 0);
        boolean crLines = false;
        if (next.isWholeFile()) {
          PushbackReader peek = new PushbackReader(decoded, PEEK);
          char[] head = new char[PEEK];
          int n = 0;
          int read;
          while (n < PEEK && (read = peek.read(head, n, PEEK - n)) >= 0) {
            n += read;
          }
          peek.unread(head, 0, n);
          crLines = crEndsLines(CharBuffer.wrap(head, 0, n));
          decoded = peek;
        }
        // lines at LF; a file of bare-CR lines at CR, LF or CRLF
        lines = new BoundedLines(decoded, crLines, maxLineChars);
        source = decoded;
      }

      private void close() throws IOException {
        source.close();
        source = null;
        // the file read to its end must still be the one planned, or the rows are a mix of two versions
        split.version().check(conf.value(), split.file());
        long lines = split.last() ? -1 : rangeEnd != null && rangeEnd.found() ? rangeEnd.lines() : -1;
        tally.add(new MalformedTally.FileReport(split.file(), split.index(), lines, false, rows, malformed, 0,
            firstLines, null));
      }
    };
  }

  /**
   * Whether JSON-lines text ends its lines at CR (classic Mac OS text): its head holds a CR and no
   * LF at all. A file with a line feed ends lines at LF, and a CR elsewhere is whitespace between
   * JSON tokens; the first line end would not do, since a CR inside the first object can come first.
   */
  static boolean crEndsLines(CharSequence head) {
    boolean cr = false;
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '\n') {
        return false;
      }
      cr |= c == '\r';
    }
    return cr;
  }

  /**
   * Lines of at most a bounded number of characters, read through a buffer of their own: ended by LF
   * (a CR before it dropped), or in a file of bare-CR lines by CR, LF or CRLF. A longer line is read
   * to its end without being kept and comes back as {@link #TOO_LONG}.
   */
  static final class BoundedLines {
    /** Stands for a line longer than the bound (compared by identity). */
    static final String TOO_LONG = new String("<line over the limit>");

    private final java.io.Reader in;
    private final boolean crLines;
    private final int maxChars;
    private final char[] buffer = new char[1 << 14];
    private int at;
    private int filled;
    /** In a file of CR lines, a CR ended the last line: a LF right after it belongs to that end. */
    private boolean afterCr;

    BoundedLines(java.io.Reader in, boolean crLines, int maxChars) {
      this.in = in;
      this.crLines = crLines;
      this.maxChars = maxChars;
    }

    /** The next line, {@link #TOO_LONG}, or null at the end. */
    String next() throws IOException {
      StringBuilder out = null;
      boolean tooLong = false;
      while (true) {
        if (at == filled) {
          filled = in.read(buffer, 0, buffer.length);
          at = 0;
          if (filled <= 0) {
            filled = 0;
            if (out == null && !tooLong) {
              return null;
            }
            return tooLong ? TOO_LONG : strip(out.toString());
          }
        }
        if (afterCr) {
          afterCr = false;
          if (buffer[at] == '\n') {
            at++;
            continue;
          }
        }
        int from = at;
        while (at < filled && buffer[at] != '\n' && !(crLines && buffer[at] == '\r')) {
          at++;
        }
        int length = at - from;
        if (!tooLong && (out == null ? 0 : out.length()) + length > maxChars) {
          tooLong = true;
          out = null;
        }
        if (at < filled) {
          afterCr = buffer[at] == '\r';
          at++; // the line end
          if (tooLong) {
            return TOO_LONG;
          }
          String part = new String(buffer, from, length);
          return strip(out == null ? part : out.append(part).toString());
        }
        if (!tooLong) {
          out = (out == null ? new StringBuilder() : out).append(buffer, from, length);
        }
      }
    }

    private String strip(String line) {
      return !crLines && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
  }

  static boolean wellFormedObject(JsonFactory json, String text) {
    if (text.indexOf(TextDecoding.INVALID) >= 0 || text.indexOf(TextDecoding.NUL) >= 0) {
      return false;
    }
    try (JsonParser parser = json.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
