package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Streams JSON-lines files inside Spark tasks, one physical line per record: lines that are not a
 * well-formed JSON object (or hold a byte invalid in the encoding) are skipped and reported as
 * "file:line"; the others are passed on as text for {@code from_json}.
 */
final class JsonLinesScan implements FlatMapFunction<Iterator<String>, Row> {
  private static final long serialVersionUID = 1L;

  private final SerializableConfiguration conf;
  private final String charset;
  private final MalformedTally tally;

  JsonLinesScan(Configuration conf, String charset, MalformedTally tally) {
    this.conf = new SerializableConfiguration(requireNonNull(conf, "conf is null"));
    this.charset = requireNonNull(charset, "charset is null");
    this.tally = requireNonNull(tally, "tally is null");
  }

  @Override
  public Iterator<Row> call(Iterator<String> files) {
    JsonFactory json = new JsonFactory();
    return new LookaheadIterator<>() {
      private String file;
      private BufferedReader reader;
      private long line;
      private long rows;
      private long malformed;
      private List<Long> firstLines;

      @Override
      protected Row advance() {
        try {
          while (true) {
            if (reader == null) {
              if (!files.hasNext()) {
                return null;
              }
              open(files.next());
            }
            String text = reader.readLine();
            if (text == null) {
              reader.close();
              reader = null;
              tally.add(new MalformedTally.FileReport(file, rows, malformed, firstLines, null));
              continue;
            }
            line++;
            if (text.isBlank()) {
              continue;
            }
            if (wellFormedObject(json, text)) {
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
          throw new UncheckedIOException("cannot read input file " + file, e);
        }
      }

      private void open(String path) throws IOException {
        file = path;
        line = 0;
        rows = 0;
        malformed = 0;
        firstLines = new ArrayList<>();
        reader = new BufferedReader(TextDecoding.reader(InputFiles.open(conf.value(), path), Charset.forName(charset)),
            1 << 16);
      }
    };
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
