package io.aurora.ingest;

import io.aurora.AuroraException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads one split of a delimited file straight from its bytes into {@link FieldBatch}es, for the
 * common case only: UTF-8 (or US-ASCII) text, a one-byte delimiter, doubled-quote escapes or no
 * quote, LF or CRLF lines. It gives exactly the rows and the {@link MalformedTally.FileReport} that
 * {@link CsvFileScan} gives, or gives up (null) the moment the split holds anything it does not
 * reproduce byte for byte — a malformed or over-long record, an invalid byte, a NUL, a comment, a
 * quote inside an unquoted field, a lone CR — and the caller reads that split through the row path.
 * Univocity's settings ({@link CsvDialect#parserSettings}) are the reference: values verbatim, an
 * empty unquoted field null, a quoted empty one "", empty lines skipped.
 */
final class CsvByteSplit {
  private static final int RECORD = 0;
  private static final int END = 1;
  private static final int NEED_MORE = 2;
  private static final int GIVE_UP = 3;
  /** Stands for "no quote", "no comment": equal to no byte. */
  private static final int NO_BYTE = 0x10000;

  private final Configuration conf;
  private final boolean ascii;
  private final byte delimiter;
  /** The quote byte, or {@link #NO_BYTE}. */
  private final int quote;
  /** The comment byte, or {@link #NO_BYTE}. */
  private final int comment;
  private final boolean crlf;
  private final int preamble;
  private final boolean header;
  private final CsvFileScan.RowShape shape;
  private final List<String> expectedHeader;
  private final ReadLimits limits;
  private final FieldBatch batch;

  /** Largest buffer grown for batches' sake (a record longer than it grows it further, up to the record limit). */
  private static final int MAX_BUFFER = 16 << 20;

  private byte[] buf = new byte[1 << 20];
  private int limit;
  private boolean eof;
  private InputStream in;
  private int[] starts;
  private int[] sizes;
  private boolean[] escaped;
  /** Of the record just tokenised: its fields, where it began and ended, and its line breaks. */
  private int fields;
  private int recordStart;
  private int recordEnd;
  private int blankLines;
  private int innerLines;
  private boolean terminated;

  private CsvByteSplit(Configuration conf, CsvDialect dialect, Charset charset, CsvFileScan.RowShape shape,
      List<String> expectedHeader, ReadLimits limits) {
    this.conf = conf;
    this.ascii = charset.equals(StandardCharsets.US_ASCII);
    this.delimiter = (byte) dialect.delimiter().charAt(0);
    this.quote = dialect.quote() == CsvDialect.NONE ? NO_BYTE : dialect.quote();
    this.comment = dialect.comment() == CsvDialect.NONE ? NO_BYTE : dialect.comment();
    this.crlf = dialect.lineSeparator().equals("\r\n");
    this.preamble = dialect.skipRecords() + (dialect.header() ? 1 : 0);
    this.header = dialect.header();
    this.shape = shape;
    this.expectedHeader = expectedHeader;
    this.limits = limits;
    this.batch = new FieldBatch(shape.rowNames() ? shape.width() - 1 : shape.width(), shape.rowNames());
    this.batch.bytes = buf;
    this.starts = new int[shape.width() + 1];
    this.sizes = new int[shape.width() + 1];
    this.escaped = new boolean[shape.width() + 1];
  }

  /** A reader of splits in {@code dialect} and {@code charset}, or null when this path cannot reproduce it. */
  static CsvByteSplit of(Configuration conf, CsvDialect dialect, String charset, CsvFileScan.RowShape shape,
      List<String> expectedHeader, ReadLimits limits) {
    Charset cs = Charset.forName(charset);
    boolean eligible = (cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.US_ASCII))
        && dialect.delimiter().length() == 1 && plain(dialect.delimiter().charAt(0))
        && (dialect.quote() == CsvDialect.NONE || (plain(dialect.quote()) && dialect.escape() == dialect.quote()
            && dialect.quote() != dialect.delimiter().charAt(0)))
        && (dialect.comment() == CsvDialect.NONE || plain(dialect.comment()))
        && (dialect.lineSeparator().equals("\n") || dialect.lineSeparator().equals("\r\n"));
    return eligible ? new CsvByteSplit(conf, dialect, cs, shape, expectedHeader, limits) : null;
  }

  // a printable ASCII character or tab: one byte in UTF-8, never part of another character
  private static boolean plain(char c) {
    return c == '\t' || (c >= ' ' && c < 0x7F);
  }

  /**
   * Reads {@code split}, handing each full batch of well-formed rows to {@code sink} (and the last
   * one), and returns what the split's scan reports; null when the row path must read it instead
   * (what {@code sink} was given is then to be discarded).
   */
  MalformedTally.FileReport read(FileSplit split, Consumer<FieldBatch> sink) {
    try {
      return scan(split, sink);
    } catch (IOException | UncheckedIOException | AuroraException e) {
      return null; // the row path reads it again and fails, or reports, as it does
    } finally {
      close();
    }
  }

  private MalformedTally.FileReport scan(FileSplit split, Consumer<FieldBatch> sink) throws IOException {
    String file = split.file();
    split.version().check(conf, file);
    FileSplit.RangeEnd rangeEnd = null;
    limit = 0;
    eof = false;
    batch.clear();
    if (split.isWholeFile()) {
      in = InputFiles.open(conf, file);
    } else {
      FileSplit.Opened opened = split.open(conf);
      if (opened == null) {
        split.version().check(conf, file);
        return report(split, split.last() ? -1 : 0, 0, 0);
      }
      rangeEnd = opened.end();
      in = opened.in();
    }
    int pos = 0;
    if (split.index() == 0 && !ascii) {
      while (limit < 3 && !eof) {
        fill();
      }
      if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        pos = 3; // the byte-order mark, dropped as the decoding reader drops it
      }
    }
    int skip = split.index() == 0 ? preamble : 0;
    long lines = 0; // line breaks before pos
    long previousEnd = 0; // where the previous record ended, from the stream's start
    long base = 0; // stream position of buf[0]
    long rows = 0;
    long padded = 0;
    while (true) {
      int status = next(pos, skip > 0 ? limits.maxColumns() : shape.width());
      if (status == NEED_MORE) {
        // a wide table's rows fill the buffer before the batch: a larger buffer gives each column's
        // state more values per visit (the fold's cost at a thousand columns is cache misses per visit)
        boolean grow = batch.rows() < batch.capacity() / 2 && buf.length < MAX_BUFFER && pos > buf.length / 2;
        flush(sink);
        if (pos > 0) {
          moveTo(grow ? new byte[buf.length * 2] : buf, pos);
          base += pos;
          limit -= pos;
          pos = 0;
        } else if (limit > limits.maxRecordChars()) {
          return null;
        }
        fill();
        continue;
      }
      if (status == GIVE_UP) {
        return null;
      }
      if (status == END) {
        break;
      }
      long startLine = lines + blankLines + 1;
      lines += blankLines + innerLines + (terminated ? 1 : 0);
      long end = base + recordEnd;
      if (end + 2 - previousEnd > limits.maxRecordChars() || innerLines >= CsvFileScan.MAX_LINES_PER_RECORD) {
        return null;
      }
      previousEnd = end;
      pos = recordEnd;
      if (!valid(recordStart, recordEnd)) {
        return null;
      }
      unescape();
      if (skip > 0) {
        skip--;
        if (skip == 0 && header && !headerMatches()) {
          return null; // the row path fails with the header's message
        }
        continue;
      }
      if (rangeEnd != null) {
        if (startLine > rangeEnd.lines()) {
          break; // the record starts on the next range's lines
        }
        if (startLine + innerLines > rangeEnd.lines()) {
          return null; // a quoted line break crosses the range's end: the row path says so
        }
      }
      if (fields < shape.width()) {
        if (!shape.padShortRows()) {
          return null;
        }
        padded++;
      }
      rows++;
      if (batch.add(starts, sizes, fields)) {
        flush(sink);
      }
    }
    flush(sink);
    close();
    split.version().check(conf, file);
    long owned = split.last() ? -1 : rangeEnd == null ? 0 : rangeEnd.found() ? rangeEnd.lines() : -1;
    return report(split, owned, rows, padded);
  }

  private static MalformedTally.FileReport report(FileSplit split, long lines, long rows, long padded) {
    return new MalformedTally.FileReport(split.file(), split.index(), lines, false, rows, 0, padded, List.of(), null);
  }

  private void flush(Consumer<FieldBatch> sink) {
    if (batch.rows() > 0) {
      sink.accept(batch);
      batch.clear();
    }
  }

  private void fill() throws IOException {
    if (limit == buf.length) {
      moveTo(new byte[buf.length * 2], 0);
    }
    // up to a full buffer: a stream handing out small pieces (a decompressor) would otherwise cut the batches short
    while (limit < buf.length) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        return;
      }
      limit += n;
    }
  }

  /** Moves the unread bytes from {@code from} to the start of {@code target} (the buffer itself, or a larger one). */
  private void moveTo(byte[] target, int from) {
    System.arraycopy(buf, from, target, 0, limit - from);
    buf = target;
    batch.bytes = buf;
  }

  private void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // read to its end already, or given up: a failing close loses nothing
      }
      in = null;
    }
  }

  /**
   * Tokenises the record after the empty lines at {@code p}: {@link #RECORD} (its fields in
   * {@link #starts}/{@link #sizes}), {@link #END} of the input, {@link #NEED_MORE} bytes, or
   * {@link #GIVE_UP} on anything the row path would read differently or call malformed; more than
   * {@code maxFields} fields is the latter.
   */
  private int next(int p, int maxFields) {
    byte[] b = buf;
    int i = p;
    blankLines = 0;
    while (true) {
      if (i >= limit) {
        return eof ? END : NEED_MORE;
      }
      if (b[i] == '\n') {
        if (crlf) {
          return GIVE_UP;
        }
        blankLines++;
        i++;
      } else if (b[i] == '\r') {
        if (!crlf) {
          return GIVE_UP;
        }
        if (i + 1 >= limit) {
          return eof ? GIVE_UP : NEED_MORE;
        }
        if (b[i + 1] != '\n') {
          return GIVE_UP;
        }
        blankLines++;
        i += 2;
      } else {
        break;
      }
    }
    if (b[i] == comment) {
      return GIVE_UP;
    }
    recordStart = i;
    fields = 0;
    innerLines = 0;
    int q = quote;
    byte d = delimiter;
    while (true) {
      if (fields >= maxFields) {
        return GIVE_UP;
      }
      if (fields == starts.length) {
        grow();
      }
      int start = i;
      if (i < limit && b[i] == q) {
        i++;
        boolean doubled = false;
        while (true) {
          if (i >= limit) {
            return eof ? GIVE_UP : NEED_MORE;
          }
          byte c = b[i];
          if (c == q) {
            if (i + 1 >= limit && !eof) {
              return NEED_MORE;
            }
            if (i + 1 < limit && b[i + 1] == q) {
              doubled = true;
              i += 2;
              continue;
            }
            break;
          }
          if (c == '\n') {
            if (crlf) {
              return GIVE_UP;
            }
            innerLines++;
          } else if (c == '\r') {
            return GIVE_UP;
          }
          i++;
        }
        starts[fields] = start + 1;
        sizes[fields] = i - start - 1;
        escaped[fields] = doubled;
        i++;
      } else {
        while (i < limit) {
          byte c = b[i];
          if (c == d || c == '\n' || c == '\r') {
            break;
          }
          if (c == q) {
            return GIVE_UP;
          }
          i++;
        }
        if (i >= limit && !eof) {
          return NEED_MORE;
        }
        starts[fields] = start;
        sizes[fields] = i == start ? -1 : i - start;
        escaped[fields] = false;
      }
      if (i - start >= limits.maxFieldChars()) {
        return GIVE_UP;
      }
      fields++;
      if (i >= limit) {
        recordEnd = i;
        terminated = false;
        return RECORD;
      }
      byte c = b[i];
      if (c == d) {
        i++;
        continue;
      }
      if (c == '\n') {
        if (crlf) {
          return GIVE_UP;
        }
        recordEnd = i + 1;
        terminated = true;
        return RECORD;
      }
      if (c == '\r' && crlf) {
        if (i + 1 >= limit) {
          return eof ? GIVE_UP : NEED_MORE;
        }
        if (b[i + 1] != '\n') {
          return GIVE_UP;
        }
        recordEnd = i + 2;
        terminated = true;
        return RECORD;
      }
      return GIVE_UP; // after a closing quote: neither a delimiter nor a line end
    }
  }

  private void grow() {
    int n = Math.min(limits.maxColumns() + 1, starts.length * 2);
    starts = java.util.Arrays.copyOf(starts, n);
    sizes = java.util.Arrays.copyOf(sizes, n);
    escaped = java.util.Arrays.copyOf(escaped, n);
  }

  /** Undoes the doubled quotes of the record's quoted fields, in place. */
  private void unescape() {
    for (int f = 0; f < fields; f++) {
      if (escaped[f]) {
        int from = starts[f];
        int end = from + sizes[f];
        int w = from;
        for (int r = from; r < end; r++) {
          buf[w++] = buf[r];
          if (buf[r] == quote) {
            r++;
          }
        }
        sizes[f] = w - from;
      }
    }
  }

  /**
   * Whether the bytes decode as the row path decodes them, unchanged: well-formed UTF-8 (ASCII for
   * US-ASCII), no NUL, no U+0001 when there is no quote (univocity's stand-in), and none of the
   * noncharacters that mark invalid bytes and NULs in decoded text (U+FDD0, U+FDD1).
   */
  private boolean valid(int from, int to) {
    byte[] b = buf;
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c > 1) {
        i++;
        continue;
      }
      if (c >= 0) {
        if (c == 0 || quote == NO_BYTE) {
          return false;
        }
        i++;
        continue;
      }
      if (ascii) {
        return false;
      }
      int n = sequence(b, i, to);
      if (n == 0) {
        return false;
      }
      i += n;
    }
    return true;
  }

  /** The length of the well-formed UTF-8 sequence at {@code i}, other than U+FDD0/U+FDD1; 0 if none. */
  private static int sequence(byte[] b, int i, int to) {
    int c = b[i] & 0xFF;
    if (c >= 0xC2 && c <= 0xDF) {
      return i + 1 < to && continuation(b[i + 1]) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= to) {
        return 0;
      }
      int c1 = b[i + 1] & 0xFF;
      int lo = c == 0xE0 ? 0xA0 : 0x80;
      int hi = c == 0xED ? 0x9F : 0xBF;
      if (c1 < lo || c1 > hi || !continuation(b[i + 2])) {
        return 0;
      }
      if (c == 0xEF && c1 == 0xB7 && ((b[i + 2] & 0xFF) == 0x90 || (b[i + 2] & 0xFF) == 0x91)) {
        return 0;
      }
      return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= to) {
        return 0;
      }
      int c1 = b[i + 1] & 0xFF;
      int lo = c == 0xF0 ? 0x90 : 0x80;
      int hi = c == 0xF4 ? 0x8F : 0xBF;
      return c1 >= lo && c1 <= hi && continuation(b[i + 2]) && continuation(b[i + 3]) ? 4 : 0;
    }
    return 0;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private boolean headerMatches() {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < fields; f++) {
      names.add(sizes[f] < 0 ? "" : new String(buf, starts[f], sizes[f], StandardCharsets.UTF_8));
    }
    return ColumnNames.clean(names).equals(expectedHeader);
  }
}
