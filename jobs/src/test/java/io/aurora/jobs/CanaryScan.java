package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches a sink's content for the canary's markers: every marker as a string, and every numeric
 * marker also as a number, so a value re-rendered by a sink ({@code 7.35198642e+04} in a metric, a
 * JSON double) is found too. {@code counts} are searched as whole numbers only (an exact count such as
 * a malformed-row count): not as substrings, and not inside a word, an identifier or a hex digest.
 */
record CanaryScan(List<String> markers, List<Long> counts) {
  private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
  /** A number standing on its own: no letter, digit, '_', '.' or '-' right before it, nor a letter, digit, '_' or '-' after. */
  private static final Pattern WHOLE_NUMBER = Pattern.compile("(?<![\\w.-])(?:\\d+\\.?\\d*)(?:[eE][-+]?\\d+)?(?![\\w-])");

  CanaryScan {
    markers = List.copyOf(markers);
    counts = List.copyOf(counts);
  }

  CanaryScan(List<String> markers) {
    this(markers, List.of());
  }

  /** The markers found in {@code text}: "marker" for a string hit, "marker as number" for a numeric one. */
  List<String> found(String text) {
    List<String> hits = new ArrayList<>();
    if (!counts.isEmpty()) {
      Matcher whole = WHOLE_NUMBER.matcher(text);
      while (whole.find()) {
        double value;
        try {
          value = Double.parseDouble(whole.group());
        } catch (NumberFormatException e) {
          continue;
        }
        for (long count : counts) {
          if (value == count && !hits.contains(count + " as count")) {
            hits.add(count + " as count");
          }
        }
      }
    }
    List<Double> numeric = new ArrayList<>();
    List<String> numericMarkers = new ArrayList<>();
    for (String marker : markers) {
      if (text.contains(marker)) {
        hits.add(marker);
      }
      try {
        numeric.add(Double.parseDouble(marker));
        numericMarkers.add(marker);
      } catch (NumberFormatException notANumber) {
        // a string marker: the substring search is the whole check
      }
    }
    if (!numeric.isEmpty()) {
      Matcher m = NUMBER.matcher(text);
      while (m.find()) {
        double value;
        try {
          value = Double.parseDouble(m.group());
        } catch (NumberFormatException e) {
          continue;
        }
        for (int i = 0; i < numeric.size(); i++) {
          double marker = numeric.get(i);
          if (Math.abs(value - marker) <= 1e-9 * Math.abs(marker) && !hits.contains(numericMarkers.get(i) + " as number")) {
            hits.add(numericMarkers.get(i) + " as number");
          }
        }
      }
    }
    return hits;
  }

  /** Fails naming {@code where} when {@code text} holds a marker. */
  void assertClean(String where, String text) {
    assertThat(found(text)).as("canary marker found in %s", where).isEmpty();
  }
}
