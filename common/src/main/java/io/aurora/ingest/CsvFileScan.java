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
 * Streams the rows of delimited text files inside Spark tasks: each file is decoded and parsed with
 * univocity on one executor, with physical line numbers, so a malformed row (wrong number of
 * fields, a byte invalid in the encoding, a field swallowed by an unterminated quote) is skipped
 * and reported as "file:line" in the same pass. Nothing is buffered beyond one record.
 */
final class CsvFileScan implements FlatMapFunction<Iterator<String>, Row> {
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

  @Override
  public Iterator<Row> call(Iterator<String> files) {
    return new Iterator<>() {
      private FileRows current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (!files.hasNext()) {
            return false;
          }
          current = new FileRows(files.next());
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

  /** The well-formed rows of one file; reports to the tally when the file is exhausted. */
  private final class FileRows extends LookaheadIterator<Row> {
    private final String file;
    private final CsvParser parser;
    private final boolean escapes;
    private final char delimiter;
    private long rows;
    private long malformed;
    private final List<Long> firstLines = new ArrayList<>();
    private Long swallowedFrom;
    private boolean done;
    /** Physical line on which the previous record ended: the next one starts after it. */
    private long lastEndLine;

    FileRows(String file) {
      this.file = file;
      this.parser = new CsvParser(dialect.parserSettings());
      this.escapes = dialect.backslashEscape() && dialect.delimiter().length() == 1;
      this.delimiter = dialect.delimiter().charAt(0);
      try {
        InputStream in = InputFiles.open(conf.value(), file);
        Reader reader = TextDecoding.reader(in, Charset.forName(charset));
        if (escapes) {
          reader = new DelimiterEscapeReader(reader, delimiter);
        }
        parser.beginParsing(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open input file " + file, e);
      }
      skipPreamble();
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
        tally.add(new MalformedTally.FileReport(file, rows, malformed, firstLines, swallowedFrom));
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
