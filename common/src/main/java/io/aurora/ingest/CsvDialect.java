package io.aurora.ingest;

import com.univocity.parsers.csv.CsvParserSettings;
import java.io.Serializable;

/**
 * How a delimited text file is written: delimiter, quote ({@code '\0'} = none), quote escape
 * ({@code '"'} = doubled quote, {@code '\\'} = backslash), line separator, comment character
 * ({@code '\0'} = none), leading records to skip (title lines) and whether a header row follows.
 */
public record CsvDialect(
    String delimiter,
    char quote,
    char escape,
    String lineSeparator,
    char comment,
    int skipRecords,
    boolean header)
    implements Serializable {

  static final char NONE = '\0';


  public boolean backslashEscape() {
    return escape == '\\';
  }

  /** Univocity settings for this dialect under the default limits; values are kept verbatim (no trimming). */
  public CsvParserSettings parserSettings() {
    return parserSettings(ReadLimits.DEFAULT);
  }

  /** Univocity settings for this dialect with a field and column bound; values are kept verbatim. */
  public CsvParserSettings parserSettings(ReadLimits limits) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(delimiter);
    s.getFormat().setQuote(quote == NONE ? '\u0001' : quote);
    s.getFormat().setQuoteEscape(quote == NONE ? '\u0001' : escape);
    s.getFormat().setCharToEscapeQuoteEscaping(escape == '\\' ? '\\' : NONE);
    s.getFormat().setLineSeparator(lineSeparator);
    s.getFormat().setNormalizedNewline('\n');
    s.getFormat().setComment(comment);
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setIgnoreLeadingWhitespacesInQuotes(false);
    s.setIgnoreTrailingWhitespacesInQuotes(false);
    s.setSkipEmptyLines(true);
    s.setHeaderExtractionEnabled(false);
    s.setLineSeparatorDetectionEnabled(false);
    s.setNullValue(null);
    s.setEmptyValue("");
    s.setMaxCharsPerColumn(limits.maxFieldChars());
    s.setMaxColumns(limits.maxColumns());
    s.setReadInputOnSeparateThread(false);
    s.setErrorContentLength(0); // parse errors must never carry data values into messages
    s.setCommentCollectionEnabled(false);
    return s;
  }

  public CsvDialect withHeader(boolean value) {
    return new CsvDialect(delimiter, quote, escape, lineSeparator, comment, skipRecords, value);
  }

  /** Printable form of a separator for descriptions: {@code \t}, {@code \r\n}. */
  static String printable(String s) {
    return s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
  }
}
