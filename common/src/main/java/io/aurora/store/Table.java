package io.aurora.store;

import java.util.Locale;

/** The Delta tables under the warehouse root (SPEC §2.3); every row carries {@code tenant}. */
public enum Table {
  RUNS,
  FINGERPRINTS,
  RECOMMENDATIONS,
  FEEDBACK,
  FEEDBACK_REJECTS,
  RULES;

  /** Folder name under the warehouse root. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
