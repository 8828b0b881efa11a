package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For each top-level key of a JSON-lines input, the number of well-formed rows in which it appears:
 * the input of a differentially private key selection. The counts are exact and live in driver
 * memory only; {@link #toString()} shows none of them, and nothing here is logged.
 *
 * <p>Contribution bound: a row counts its first {@link #MAX_KEYS_PER_ROW} distinct keys in the order
 * they are written in the line (a key repeated in one object counts once), and each of them once. So
 * adding or removing one row changes at most {@code MAX_KEYS_PER_ROW} counts, each by at most 1. Keys
 * longer than {@link #MAX_KEY_CHARS} characters are not counted (they take no place among the first
 * keys either): no column is named like that.
 */
public final class JsonKeyCounts {
  /** Keys one row contributes at most. */
  public static final int MAX_KEYS_PER_ROW = 100;

  /** Longest key counted, in characters. */
  public static final int MAX_KEY_CHARS = 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, Long> rowCounts;
  private final MalformedRows malformed;

  JsonKeyCounts(Map<String, Long> rowCounts, MalformedRows malformed) {
    this.rowCounts = Map.copyOf(requireNonNull(rowCounts, "rowCounts is null"));
    this.malformed = requireNonNull(malformed, "malformed is null");
  }

  /** Key → rows in which it appears, for keys in at least the requested number of rows. Exact: never to a sink. */
  public Map<String, Long> rowCounts() {
    return rowCounts;
  }

  /** The malformed lines of the counting scan (not counted for any key). */
  public MalformedRows malformed() {
    return malformed;
  }

  /** The keys a line contributes: its first {@code max} distinct top-level keys in written order; none if it is not one JSON object. */
  static List<String> keys(String line, int max) {
    Set<String> keys = new LinkedHashSet<>();
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of();
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.getCurrentName();
        if (keys.size() < max && key.length() <= MAX_KEY_CHARS) {
          keys.add(key);
        }
        parser.nextToken();
        parser.skipChildren();
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return List.of();
      }
    } catch (IOException e) {
      return List.of();
    }
    return new ArrayList<>(keys);
  }

  @Override
  public String toString() {
    return "JsonKeyCounts[" + rowCounts.size() + " keys]";
  }
}
