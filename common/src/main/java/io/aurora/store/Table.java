package io.aurora.store;

import java.util.Locale;

/** The Delta tables under the warehouse root (SPEC §2.3); every row of the tenant tables carries {@code tenant}. */
public enum Table {
  RUNS,
  FINGERPRINTS,
  RECOMMENDATIONS,
  FEEDBACK,
  FEEDBACK_REJECTS,
  RULES,
  /** What forget and maintain did, and when (no data, no plain tenant id): read by privacy-report and retrain. */
  LIFECYCLE_EVENTS;

  /**
   * Whether the table holds rows of tenants (a {@code tenant} column, partitioned by it): the rows
   * that forget removes and privacy-report lists.
   */
  public boolean holdsTenantRows() {
    return this != LIFECYCLE_EVENTS;
  }

  /** Folder name under the warehouse root. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
