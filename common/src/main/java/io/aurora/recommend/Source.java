package io.aurora.recommend;

import java.util.Locale;

/** Where a recommendation came from, strongest first (SPEC §5). */
public enum Source {
  RULE,
  MODEL,
  EXPERT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
