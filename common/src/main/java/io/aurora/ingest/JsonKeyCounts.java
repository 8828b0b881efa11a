package io.aurora.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys one JSON line contributes to a key selection ({@link JsonKeySource#rowCounts()}): its first
 * {@code max} distinct top-level keys in the order they are written (a key repeated in one object
 * counts once), so adding or removing one row changes at most {@code max} counts, each by at most 1.
 * Keys longer than {@link #MAX_KEY_CHARS} characters are not counted (they take no place among the
 * first keys either): no column is named like that.
 */
final class JsonKeyCounts {
  /** Longest key counted, in characters. */
  static final int MAX_KEY_CHARS = 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private JsonKeyCounts() {}

  /** The keys a line contributes; none if it is not one JSON object. */
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
}
