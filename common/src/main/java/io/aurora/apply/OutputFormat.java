package io.aurora.apply;

import io.aurora.AuroraException;
import java.util.Locale;

/** How {@code apply} writes the prepared dataset. */
public enum OutputFormat {
  DELTA,
  PARQUET;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutputFormat parse(String s) {
    for (OutputFormat f : values()) {
      if (f.wireName().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw AuroraException.badInput("unknown --output-format '" + s + "': use delta or parquet");
  }
}
