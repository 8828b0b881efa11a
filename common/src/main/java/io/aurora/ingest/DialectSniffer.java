package io.aurora.ingest;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Detects the dialect of delimited text from a bounded sample: for every candidate delimiter,
 * quote and escape the sample is parsed with univocity and scored by how consistent the row
 * lengths are and how many cells look like clean values (the data-consistency measure of van den
 * Burg et al., "Wrangling messy CSV files by detecting row and type patterns", 2019 — CleverCSV),
 * then title lines, comment lines and the header row are decided on the winner's parse.
 */
public final class DialectSniffer {
  /** Candidates in order of preference: a tie goes to the earlier one. */
  static final List<String> DELIMITERS = List.of(",", "\t", ";", "|", " ", ":", "^", "~");

  private static final int MAX_RECORDS = 2_000;
  private static final int MAX_TITLE_RECORDS = 5;

  private static final Pattern NUMBER = Pattern.compile(
      "[-+]?[$€£¥]?\\s?(\\d{1,3}([,.' ]\\d{3})+|\\d+)?([.,]\\d+)?([eE][-+]?\\d+)?\\s?%?");
  private static final Pattern DATE = Pattern.compile(
      "\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?)?|\\d{1,2}:\\d{2}(:\\d{2})?");
  private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}\\p{M} ._'()&/+#@!?*%$€£=\\[\\]{}<>-]*");
  private static final Pattern URL = Pattern.compile("(https?|ftp)://\\S+|[\\w.+-]+@[\\w-]+\\.[\\w.-]+");

  /** What the user fixed; null fields are detected. */
  public record Overrides(String delimiter, Character quote, Character escape, Boolean header) {
    public static Overrides none() {
      return new Overrides(null, null, null, null);
    }
  }

  /**
   * The decision and the header cells (raw) of the sampled file; {@code width} = fields of most data
   * rows; {@code dataRecords} = data records in the sample. {@code rowNames}: the header lacks the
   * first field that every row has (R's {@code write.table}); {@code padShortRows}: most rows are
   * shorter than the header and none longer (an exporter that drops trailing empty fields).
   */
  public record Sniffed(CsvDialect dialect, List<String> headerCells, int width, int headerLine,
      Integer swallowedFromLine, int dataRecords, boolean rowNames, boolean padShortRows) {}

  /**
   * Cells that mark a missing value rather than a value: pandas' default NA strings and the
   * spreadsheet and SPSS error markers. They are no evidence for or against a header.
   */
  static final Set<String> MISSING_MARKERS = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
      "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null", "#NULL!",
      "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", ".", "?");

  private DialectSniffer() {}

  /**
   * Sniffs a decoded sample. {@code truncated}: the sample stops before the end of the file, so
   * its last, possibly partial, line is ignored.
   */
  public static Sniffed sniff(String text, boolean truncated, Overrides overrides) {
    String lineSeparator = lineSeparator(text);
    if (truncated) {
      int cut = text.lastIndexOf(lineSeparator);
      if (cut > 0) {
        text = text.substring(0, cut + lineSeparator.length());
      }
    }
    List<String> delimiters = overrides.delimiter() != null
        ? List.of(overrides.delimiter())
        : candidatesPresent(text);
    List<Character> quotes = overrides.quote() != null
        ? List.of(overrides.quote())
        : quoteCandidates(text);
    CsvDialect best = null;
    List<String[]> bestRecords = null;
    double bestScore = -1;
    for (String delimiter : delimiters) {
      for (char quote : quotes) {
        for (char escape : escapeCandidates(text, quote, delimiter, overrides.escape())) {
          CsvDialect dialect = new CsvDialect(delimiter, quote, escape, lineSeparator, CsvDialect.NONE, 0, true);
          List<String[]> records = parse(text, dialect);
          double score = patternScore(records) * typeScore(records);
          if (score > bestScore + 1e-9) {
            bestScore = score;
            best = dialect;
            bestRecords = records;
          }
        }
      }
    }
    // comment lines: '#' lines whose shape differs from the data, and no data row starting with '#'
    int width = dominantWidth(bestRecords);
    char comment = commentChar(bestRecords);
    if (comment != CsvDialect.NONE) {
      best = new CsvDialect(best.delimiter(), best.quote(), best.escape(), lineSeparator, comment, 0, true);
      bestRecords = parse(text, best);
      width = dominantWidth(bestRecords);
    }
    int skip = titleRecords(bestRecords, width);
    List<String[]> rest = bestRecords.subList(Math.min(skip, bestRecords.size()), bestRecords.size());
    boolean header = overrides.header() != null ? overrides.header() : hasHeader(rest, width);
    CsvDialect dialect = new CsvDialect(best.delimiter(), best.quote(), best.escape(), lineSeparator, comment, skip, header);
    List<String> headerCells = new ArrayList<>();
    if (!rest.isEmpty()) {
      for (String cell : rest.get(0)) {
        headerCells.add(cell == null ? "" : cell);
      }
    }
    int headerLine = skip > 0 && skip <= bestRecords.size() ? startLines(text, dialect).get(skip) : 1;
    // width = the shape of the data rows, which may differ from the header's (a trailing delimiter)
    List<String[]> data = rest.subList(Math.min(rest.size(), header ? 1 : 0), rest.size());
    if (rest.size() > 1) {
      int dataWidth = dominantWidth(data);
      long share = data.stream().filter(r -> r.length == dataWidth).count();
      // only a clear majority of rows defines the width; otherwise the first row does
      width = share * 2 > data.size() ? dataWidth : rest.get(0).length;
    }
    boolean rowNames = header && width == headerCells.size() + 1 && rowNamesFirst(data, width);
    boolean pad = header && !rowNames && padShortRows(data, headerCells.size());
    return new Sniffed(dialect, headerCells, pad ? headerCells.size() : width, headerLine,
        swallowed(text, dialect, truncated), data.size(), rowNames, pad);
  }

  /**
   * Whether rows one field longer than the header start with row names, as R's {@code write.table}
   * writes them: the rows of that width have a first field, unique among them, and not all an empty
   * last field (that is a trailing delimiter, not a row name).
   */
  static boolean rowNamesFirst(List<String[]> data, int width) {
    Set<String> names = new HashSet<>();
    boolean lastFilled = false;
    int rows = 0;
    for (String[] r : data) {
      if (r.length != width) {
        continue;
      }
      rows++;
      if (r[0] == null || r[0].isBlank() || !names.add(r[0])) {
        return false;
      }
      lastFilled |= r[width - 1] != null && !r[width - 1].isEmpty();
    }
    return rows > 0 && lastFilled;
  }

  /** Whether most data rows are shorter than the header and none is longer. */
  static boolean padShortRows(List<String[]> data, int headerWidth) {
    long shorter = data.stream().filter(r -> r.length < headerWidth).count();
    boolean longer = data.stream().anyMatch(r -> r.length > headerWidth);
    return !longer && shorter * 2 > data.size();
  }

  /** Whether a cell holds no value for voting on the header: blank or a missing-value marker. */
  static boolean missing(String cell) {
    return cell == null || MISSING_MARKERS.contains(cell.strip());
  }

  /** The line separator used most: CRLF, LF or CR alone. */
  static String lineSeparator(String text) {
    int crlf = 0;
    int lf = 0;
    int cr = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          crlf++;
          i++;
        } else {
          cr++;
        }
      } else if (c == '\n') {
        lf++;
      }
    }
    if (crlf > 0 && crlf >= lf && crlf >= cr) {
      return "\r\n";
    }
    return cr > lf ? "\r" : "\n";
  }

  private static List<String> candidatesPresent(String text) {
    List<String> present = new ArrayList<>();
    for (String d : DELIMITERS) {
      if (text.contains(d)) {
        present.add(d);
      }
    }
    return present.isEmpty() ? List.of(",") : present;
  }

  // Single quotes only when the sample has no double quote at all but opens fields with '
  private static List<Character> quoteCandidates(String text) {
    if (text.indexOf('"') < 0 && text.indexOf('\'') >= 0) {
      return List.of('"', '\'');
    }
    return List.of('"');
  }

  private static List<Character> escapeCandidates(String text, char quote, String delimiter, Character override) {
    if (override != null) {
      return List.of(override);
    }
    if (text.contains("\\" + quote) || text.contains("\\" + delimiter)) {
      return List.of(quote, '\\');
    }
    return List.of(quote);
  }

  static List<String[]> parse(String text, CsvDialect dialect) {
    CsvParser parser = new CsvParser(dialect.parserSettings());
    Reader reader = new StringReader(text);
    boolean escapes = dialect.backslashEscape() && dialect.delimiter().length() == 1;
    if (escapes) {
      reader = new DelimiterEscapeReader(reader, dialect.delimiter().charAt(0));
    }
    List<String[]> records = new ArrayList<>();
    try {
      parser.beginParsing(reader);
      String[] record;
      while (records.size() < MAX_RECORDS && (record = parser.parseNext()) != null) {
        if (escapes) {
          DelimiterEscapeReader.restore(record, dialect.delimiter().charAt(0));
        }
        records.add(record);
      }
    } catch (TextParsingException e) {
      // an over-long field: the records so far are what this dialect makes of the sample
    } finally {
      parser.stopParsing();
    }
    return records;
  }

  /** Physical start line (1-based) of every record of the sample under {@code dialect}. */
  static List<Integer> startLines(String text, CsvDialect dialect) {
    CsvParser parser = new CsvParser(dialect.parserSettings());
    List<Integer> lines = new ArrayList<>();
    try {
      parser.beginParsing(new StringReader(text));
      String[] record;
      while (lines.size() < MAX_RECORDS && (record = parser.parseNext()) != null) {
        lines.add((int) (parser.getContext().currentLine() - newlines(record)));
      }
    } catch (TextParsingException e) {
      // keep what was parsed
    } finally {
      parser.stopParsing();
    }
    return lines;
  }

  static int newlines(String[] record) {
    int n = 0;
    for (String cell : record) {
      if (cell != null) {
        for (int i = 0; i < cell.length(); i++) {
          if (cell.charAt(i) == '\n') {
            n++;
          }
        }
      }
    }
    return n;
  }

  // CleverCSV's pattern score with row length as the pattern: (1/K) sum_k N_k (L_k - 1) / L_k
  static double patternScore(List<String[]> records) {
    if (records.isEmpty()) {
      return 0;
    }
    Map<Integer, Integer> byLength = new HashMap<>();
    for (String[] r : records) {
      byLength.merge(r.length, 1, Integer::sum);
    }
    double sum = 0;
    for (Map.Entry<Integer, Integer> e : byLength.entrySet()) {
      int length = e.getKey();
      sum += e.getValue() * Math.max(0.001, (length - 1.0) / length);
    }
    return sum / byLength.size();
  }

  // share of cells that look like a clean value; wrong splits leave quotes and delimiters in cells
  static double typeScore(List<String[]> records) {
    long cells = 0;
    long known = 0;
    for (String[] r : records) {
      for (String cell : r) {
        cells++;
        if (knownType(cell)) {
          known++;
        }
      }
    }
    return cells == 0 ? 0 : Math.max(1e-3, (double) known / cells);
  }

  static boolean knownType(String cell) {
    if (cell == null) {
      return true;
    }
    String v = cell.strip();
    return v.isEmpty() || NUMBER.matcher(v).matches() || DATE.matcher(v).matches()
        || URL.matcher(v).matches() || WORDS.matcher(v).matches();
  }

  static boolean numeric(String cell) {
    if (cell == null) {
      return false;
    }
    String v = cell.strip();
    return !v.isEmpty() && v.chars().anyMatch(Character::isDigit)
        && (NUMBER.matcher(v).matches() || DATE.matcher(v).matches());
  }

  static int dominantWidth(List<String[]> records) {
    Map<Integer, Integer> byLength = new HashMap<>();
    for (String[] r : records) {
      byLength.merge(r.length, 1, Integer::sum);
    }
    int width = 1;
    int most = -1;
    for (Map.Entry<Integer, Integer> e : byLength.entrySet()) {
      if (e.getValue() > most || (e.getValue() == most && e.getKey() > width)) {
        most = e.getValue();
        width = e.getKey();
      }
    }
    return width;
  }

  // '#' starts comments when the '#'-lines never have the shape the other rows have
  private static char commentChar(List<String[]> records) {
    List<String[]> hashed = new ArrayList<>();
    List<String[]> others = new ArrayList<>();
    for (String[] r : records) {
      boolean hash = r.length > 0 && r[0] != null && r[0].startsWith("#");
      (hash ? hashed : others).add(r);
    }
    if (hashed.isEmpty() || others.isEmpty()) {
      return CsvDialect.NONE;
    }
    int width = dominantWidth(others);
    if (width <= 1) {
      return CsvDialect.NONE;
    }
    for (String[] r : hashed) {
      if (r.length == width) {
        return CsvDialect.NONE;
      }
    }
    return '#';
  }

  private static int filledCells(String[] record) {
    int filled = 0;
    for (String cell : record) {
      if (cell != null && !cell.isBlank()) {
        filled++;
      }
    }
    return filled;
  }

  // Title lines: a few leading one-cell records before rows that (nearly) all have the dominant width
  static int titleRecords(List<String[]> records, int width) {
    if (width <= 1) {
      return 0;
    }
    int lead = 0;
    while (lead < records.size() && lead <= MAX_TITLE_RECORDS && records.get(lead).length < width
        && filledCells(records.get(lead)) <= 1) {
      lead++;
    }
    if (lead == 0 || lead > MAX_TITLE_RECORDS || lead >= records.size()) {
      return 0;
    }
    int fit = 0;
    for (int i = lead; i < records.size(); i++) {
      if (records.get(i).length == width) {
        fit++;
      }
    }
    return fit >= 0.8 * (records.size() - lead) && fit >= 2 ? lead : 0;
  }

  /**
   * Whether the first record is a header, voting per column as Python's csv.Sniffer does: a column
   * whose values are numeric (or all of one length) votes for a header when the first cell is not.
   * Without evidence either way a first row of distinct non-numeric cells counts as a header.
   */
  static boolean hasHeader(List<String[]> records, int width) {
    if (records.isEmpty()) {
      return false;
    }
    String[] first = records.get(0);
    List<String[]> data = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      if (records.get(i).length == first.length) {
        data.add(records.get(i));
      }
    }
    int votes = 0;
    for (int col = 0; col < first.length; col++) {
      List<String> values = new ArrayList<>();
      for (String[] r : data) {
        if (!missing(r[col])) {
          values.add(r[col]);
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      String head = first[col] == null ? "" : first[col];
      if (values.stream().allMatch(DialectSniffer::numeric)) {
        votes += numeric(head) ? -1 : 1;
      } else {
        Set<Integer> lengths = new HashSet<>();
        values.forEach(v -> lengths.add(v.length()));
        if (lengths.size() == 1 && values.size() > 1) {
          votes += lengths.contains(head.length()) ? -1 : 1;
        }
      }
    }
    if (votes != 0) {
      return votes > 0;
    }
    Set<String> distinct = new HashSet<>();
    for (String cell : first) {
      if (cell == null || cell.isBlank() || numeric(cell) || !distinct.add(cell.strip())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The line where an unterminated quote starts if it swallows most of the sample: a record that
   * begins in the first fifth of the sample and runs over more than half of its lines.
   */
  static Integer swallowed(String text, CsvDialect dialect, boolean truncated) {
    int totalLines = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' || (text.charAt(i) == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        totalLines++;
      }
    }
    if (totalLines < 10) {
      return null;
    }
    CsvParser parser = new CsvParser(dialect.parserSettings());
    try {
      parser.beginParsing(new StringReader(text));
      String[] record;
      int count = 0;
      while (count++ < MAX_RECORDS && (record = parser.parseNext()) != null) {
        int span = newlines(record);
        int start = (int) parser.getContext().currentLine() - span;
        if (start > totalLines / 5) {
          return null;
        }
        if (span > totalLines / 2) {
          return start;
        }
      }
    } catch (TextParsingException e) {
      return 1;
    } finally {
      parser.stopParsing();
    }
    return null;
  }
}
