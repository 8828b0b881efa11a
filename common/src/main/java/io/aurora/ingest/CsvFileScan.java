package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
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
 */
final class CsvFileScan implements FlatMapFunction<Iterator<FileSplit>, Row> {
  private static final long serialVersionUID = 1L;
  /** A record spanning more physical lines than this is taken for an unterminated quote. */
  static final int MAX_LINES_PER_RECORD = 10_000;

  private final SerializableConfiguration conf;
  private final CsvDialect dialect;
  private final String charset;
  private final int width;
  private final List<String> expectedHeader;
  private final MalformedTally tally;

  CsvFileScan(Configuration conf, CsvDialect dialect, String charset, int width, List<String> expectedHeader,
      MalformedTally tally) {
    this.conf = new SerializableConfiguration(requireNonNull(conf, "conf is null"));
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.charset = requireNonNull(charset, "charset is null");
    this.width = width;
    this.expectedHeader = List.copyOf(expectedHeader);
    this.tally = requireNonNull(tally, "tally is null");
  }

  /** The same scan reporting to {@code other}. */
  CsvFileScan withTally(MalformedTally other) {
    return new CsvFileScan(conf.value(), dialect, charset, width, expectedHeader, other);
  }

  MalformedTally tally() {
    return tally;
  }

  /** The cleaned column names, the first file's header (or positional names). */
  List<String> columns() {
    return expectedHeader;
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
    private final CsvParser parser;
    private final boolean escapes;
    private final char delimiter;
    /** Counts the lines of a range up to its end; null for the last range and whole files. */
    private final FileSplit.RangeEnd rangeEnd;
    private long rows;
    private long malformed;
    private final List<Long> firstLines = new ArrayList<>();
    private Long swallowedFrom;
    private boolean straddles;
    private boolean done;
    /** Physical line (from the split's first line) on which the previous record ended: the next one starts after it. */
    private long lastEndLine;

    FileRows(FileSplit split) {
      this.split = split;
      this.file = split.file();
      this.parser = new CsvParser(dialect.parserSettings());
      this.escapes = dialect.backslashEscape() && dialect.delimiter().length() == 1;
      this.delimiter = dialect.delimiter().charAt(0);
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
            parser.beginParsing(new java.io.StringReader(""));
            finish();
            return;
          }
          rangeEnd = opened.end();
          in = opened.in();
        }
        Reader reader = TextDecoding.reader(in, Charset.forName(charset), split.index() == 0);
        if (escapes) {
          reader = new DelimiterEscapeReader(reader, delimiter);
        }
        parser.beginParsing(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open input file " + file, e);
      }
      if (split.index() == 0) {
        skipPreamble();
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
        // the driver compared headers before the scan; the file changed since or was not compared
        throw new IllegalStateException("input file " + file + " has a different header than the first file");
      }
    }

    private String[] parseNext() {
      if (done) {
        return null;
      }
      try {
        String[] record = parser.parseNext();
        if (record == null) {
          finish();
          return null;
        }
        if (escapes) {
          DelimiterEscapeReader.restore(record, delimiter);
        }
        lastEndLine = parser.getContext().currentLine();
        return record;
      } catch (TextParsingException e) {
        // an over-long field: an unterminated quote ran on; the rest of the file is unusable
        long line = lastEndLine + 1;
        swallowedFrom = line;
        markMalformed(line);
        // read whole, the rest of the file is swallowed; the ranges after this one cannot know that
        straddles = rangeEnd != null;
        finish();
        return null;
      }
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
        } else if (record.length != width || replaced(record)) {
          markMalformed(line);
        } else {
          rows++;
          return RowFactory.create((Object[]) record);
        }
      }
      return null;
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
        parser.stopParsing();
        long lines = split.last() ? -1 : rangeEnd == null ? 0 : rangeEnd.found() ? rangeEnd.lines() : -1;
        tally.add(new MalformedTally.FileReport(file, split.index(), lines, straddles, rows, malformed, firstLines,
            swallowedFrom));
      }
    }
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
