package io.aurora.recommend;

import java.util.Locale;

/** How missing values of a column are filled (SPEC §2.2); a missing-indicator column is a separate flag. */
public enum Imputation {
  NONE,
  MEDIAN,
  MEAN,
  MODE,
  CONSTANT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Imputation fromWire(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
