package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.aurora.AuroraException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Streams the rows of delimited text files inside Spark tasks, split by split, with physical line
 * numbers, so a malformed row (wrong number of fields, a byte invalid in the encoding, a field
 * swallowed by an unterminated quote) is skipped and reported as "file:line" in the same pass.
 * Nothing is buffered beyond one record.
 *
 * <p>A split is a whole file, or one byte range of an uncompressed file in an encoding whose line
 * feed is the single byte 0x0A and never part of another character (UTF-8, single-byte encodings),
 * so a large file is parsed by many tasks at once. A range owns the records that start on its lines:
 * from the first line that starts at or after its first byte (the file's start for the first range)
 * to the line that holds its last byte. Starting at a line is exact unless a quoted field holds a
 * line break across a range's end; the range before it then sees its last record run on past its
 * end and says so ({@link MalformedTally.FileReport#straddles()}), and the caller reads every file
 * whole again ({@link MalformedRows#needsWholeFiles()}).
 *
 * <p>No record can exhaust a task's memory: a record longer than {@link ReadLimits#maxRecordChars()},
 * a field longer than {@link ReadLimits#maxFieldChars()} or a row of more than {@link
 * ReadLimits#maxColumns()} fields is one malformed row at the line where it starts, and the scan goes
 * on after the line on which the bound was broken ({@link RecordBoundReader}). A damaged compressed
 * file and a file that changes while it is read fail the scan with exit 2 ({@link InputFiles#open},
 * {@link FileVersion}).
 */
final class CsvFileScan implements FlatMapFunction<Iterator<FileSplit>, Row> {
  private static final long serialVersionUID = 1L;
  /** A record spanning more physical lines than this is taken for an unterminated quote. */
  static final int MAX_LINES_PER_RECORD = 10_000;

  private final SerializableConfiguration conf;
  private final CsvDialect dialect;
  private final String charset;
  private final RowShape shape;
  private final List<String> columns;
  private final List<String> expectedHeader;
  private final ReadLimits limits;
  private final MalformedTally tally;

  /**
   * How the rows of the files are laid out: {@code width} fields each; {@code rowNames}: the first of
   * them is a row name (R's write.table), not passed on; {@code padShortRows}: a row with fewer fields
   * is padded with nulls (and counted) instead of being malformed.
   */
  record RowShape(int width, boolean rowNames, boolean padShortRows) implements Serializable {
    static RowShape of(int width) {
      return new RowShape(width, false, false);
    }
  }

  CsvFileScan(Configuration conf, CsvDialect dialect, String charset, RowShape shape, List<String> columns,
      List<String> expectedHeader, ReadLimits limits, MalformedTally tally) {
    this.conf = new SerializableConfiguration(requireNonNull(conf, "conf is null"));
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.charset = requireNonNull(charset, "charset is null");
    this.shape = requireNonNull(shape, "shape is null");
    this.columns = List.copyOf(columns);
    this.expectedHeader = List.copyOf(expectedHeader);
    this.limits = requireNonNull(limits, "limits is null");
    this.tally = requireNonNull(tally, "tally is null");
  }

  /** The same scan reporting to {@code other}. */
  CsvFileScan withTally(MalformedTally other) {
    return new CsvFileScan(conf.value(), dialect, charset, shape, columns, expectedHeader, limits, other);
  }

  MalformedTally tally() {
    return tally;
  }

  /** The column names of the rows passed on: the first file's cleaned header, positional names, or the declared schema's. */
  List<String> columns() {
    return columns;
  }

  /** A reader of this scan's splits straight from their bytes, or null when the dialect is not one it reproduces. */
  CsvByteSplit byteSplit() {
    return CsvByteSplit.of(conf.value(), dialect, charset, shape, expectedHeader, limits);
  }

  @Override
  public Iterator<Row> call(Iterator<FileSplit> splits) {
    return new Iterator<>() {
      private FileRows current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (!splits.hasNext()) {
            return false;
          }
          current = new FileRows(splits.next());
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** The well-formed rows of one split; reports to the tally when the split is exhausted. */
  private final class FileRows extends LookaheadIterator<Row> {
    private final FileSplit split;
    private final String file;
    private final boolean escapes;
    private final char delimiter;
    private final CsvParserSettings settings;
    private CsvParser parser;
    private RecordBoundReader bounded;
    /** Counts the lines of a range up to its end; null for the last range and whole files. */
    private final FileSplit.RangeEnd rangeEnd;
    private long rows;
    private long malformed;
    private long padded;
    private final List<Long> firstLines = new ArrayList<>();
    private Long swallowedFrom;
    private boolean straddles;
    private boolean done;
    /** Physical line (from the split's first line) on which the previous record ended: the next one starts after it. */
    private long lastEndLine;
    /** Lines and characters before the current parser's start (a new parser starts after a record broke a bound). */
    private long lineBase;
    private long charBase;

    FileRows(FileSplit split) {
      this.split = split;
      this.file = split.file();
      this.settings = dialect.parserSettings(limits);
      this.escapes = dialect.backslashEscape() && dialect.delimiter().length() == 1;
      this.delimiter = dialect.delimiter().charAt(0);
      split.version().check(conf.value(), file);
      InputStream in;
      try {
        if (split.isWholeFile()) {
          in = InputFiles.open(conf.value(), file);
          rangeEnd = null;
        } else {
          FileSplit.Opened opened = split.open(conf.value());
          if (opened == null) {
            // the range holds no line start of its own: the line through it belongs to the range before
            rangeEnd = null;
            finish();
            return;
          }
          rangeEnd = opened.end();
          in = opened.in();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open input file " + file, e);
      }
      Reader reader = TextDecoding.reader(in, Charset.forName(charset), split.index() == 0);
      if (escapes) {
        reader = new DelimiterEscapeReader(reader, delimiter);
      }
      bounded = new RecordBoundReader(reader, limits.maxRecordChars());
      startParser();
      if (split.index() == 0) {
        skipPreamble();
      }
    }

    private void startParser() {
      parser = new CsvParser(settings);
      charBase = bounded.position();
      try {
        parser.beginParsing(bounded);
      } catch (RuntimeException e) {
        throw failure(e); // the first read of a damaged archive
      }
    }

    private void skipPreamble() {
      int skip = dialect.skipRecords() + (dialect.header() ? 1 : 0);
      for (int i = 0; i < skip; i++) {
        String[] record = parseNext();
        if (record == null) {
          return;
        }
        if (i == skip - 1 && dialect.header()) {
          checkHeader(record);
        }
      }
    }

    private void checkHeader(String[] record) {
      List<String> names = new ArrayList<>();
      for (String cell : record) {
        names.add(cell == null ? "" : cell);
      }
      if (!ColumnNames.clean(names).equals(expectedHeader)) {
        // the driver compared headers before the scan: the file changed since, or was not compared
        throw AuroraException.badInput("file " + file + ": its header differs from the first file's"
            + " (the file changed after the read was planned)");
      }
    }

    private String[] parseNext() {
      while (!done) {
        try {
          String[] record = parser.parseNext();
          if (record == null) {
            finish();
            return null;
          }
          if (escapes) {
            DelimiterEscapeReader.restore(record, delimiter);
          }
          lastEndLine = lineBase + parser.getContext().currentLine();
          bounded.recordEnded(charBase + parser.getContext().currentChar());
          return record;
        } catch (TextParsingException e) {
          recover(e);
        }
      }
      return null;
    }

    /**
     * A record broke a bound (record, field or column count; a field over the field bound is also
     * how an unterminated quote shows): one malformed row where it started, and the parse goes on
     * after the line on which the bound was broken.
     */
    private void recover(TextParsingException e) {
      AuroraException known = known(e);
      if (known != null) {
        throw known;
      }
      long line = lastEndLine + 1;
      markMalformed(line);
      // in a range, the record may run on past its end or the next range may begin inside it: read whole
      straddles |= rangeEnd != null;
      long linesSoFar = lineBase + parser.getContext().currentLine();
      long consumed = charBase + parser.getContext().currentChar();
      boolean tooLong = bounded.tooLong();
      parser.stopParsing();
      try {
        if (!tooLong && !bounded.rewind(consumed)) {
          // the parser's position cannot be given back exactly: the rest of the file is lost
          swallowedFrom = line;
          finish();
          return;
        }
        if (!bounded.skipLine(dialect.lineSeparator())) {
          finish();
          return;
        }
      } catch (IOException io) {
        throw new UncheckedIOException("cannot read input file " + file, io);
      } catch (RuntimeException io) {
        throw failure(io);
      }
      lineBase = linesSoFar + 1;
      lastEndLine = lineBase;
      startParser();
    }

    @Override
    protected Row advance() {
      while (!done) {
        String[] record = parseNext();
        if (record == null) {
          return null;
        }
        int span = DialectSniffer.newlines(record);
        long line = lastEndLine - span;
        if (rangeEnd != null) {
          if (line > rangeEnd.lines()) {
            finish(); // the record starts on the next range's lines
            return null;
          }
          straddles |= lastEndLine > rangeEnd.lines();
        }
        if (span > MAX_LINES_PER_RECORD) {
          swallowedFrom = swallowedFrom == null ? line : swallowedFrom;
          markMalformed(line);
        } else if (record.length > shape.width() || (record.length < shape.width() && !shape.padShortRows())
            || replaced(record)) {
          markMalformed(line);
        } else {
          rows++;
          return row(record);
        }
      }
      return null;
    }

    private Row row(String[] record) {
      if (record.length < shape.width()) {
        padded++;
        String[] full = new String[shape.width()];
        System.arraycopy(record, 0, full, 0, record.length);
        record = full;
      }
      if (shape.rowNames()) {
        return RowFactory.create((Object[]) java.util.Arrays.copyOfRange(record, 1, record.length));
      }
      return RowFactory.create((Object[]) record);
    }

    private void markMalformed(long line) {
      malformed++;
      if (firstLines.size() < MalformedTally.LOCATIONS_PER_FILE) {
        firstLines.add(line);
      }
    }

    private void finish() {
      if (!done) {
        done = true;
        if (parser != null) {
          parser.stopParsing();
        }
        try {
          if (bounded != null) {
            bounded.closeFile();
          }
        } catch (IOException e) {
          // read to its end already; a failing close loses nothing
        }
        // the file read to its end must still be the one planned, or the rows are a mix of two versions
        split.version().check(conf.value(), file);
        long lines = split.last() ? -1 : rangeEnd == null ? 0 : rangeEnd.found() ? rangeEnd.lines() : -1;
        tally.add(new MalformedTally.FileReport(file, split.index(), lines, straddles, rows, malformed, padded,
            firstLines, swallowedFrom));
      }
    }

    private RuntimeException failure(RuntimeException e) {
      AuroraException known = known(e);
      return known != null ? known : e;
    }
  }

  /** The bad-input error (a damaged archive) under a parser's wrapping, if that is what failed. */
  static AuroraException known(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuroraException a) {
        return a;
      }
    }
    return null;
  }

  // a byte invalid in the file's encoding was decoded as the marker: the row's values are not trustworthy
  private static boolean replaced(String[] record) {
    for (int i = 0; i < record.length; i++) {
      String cell = record[i];
      if (cell != null) {
        if (cell.indexOf(TextDecoding.INVALID) >= 0) {
          return true;
        }
        if (cell.indexOf(TextDecoding.NUL) >= 0) {
          record[i] = cell.replace(TextDecoding.NUL, '\0');
        }
      }
    }
    return false;
  }
}
