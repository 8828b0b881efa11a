package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How many rows of one kind AURORA keeps for one tenant's dataset and partition (or for the tenant
 * as a whole), and how old they are: counts of AURORA's own rows, not of anyone's data.
 *
 * @param table the warehouse table
 * @param oldest time of the oldest row (null when the table has no time column)
 * @param purgeAfter when maintain purges the oldest row (null when the table is kept without retention)
 */
public record StoredRows(String table, long rows, Instant oldest, Instant newest, Instant purgeAfter) {
  public StoredRows {
    requireNonNull(table, "table is null");
  }
}
