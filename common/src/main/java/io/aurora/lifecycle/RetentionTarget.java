package io.aurora.lifecycle;

import java.time.Instant;

/**
 * A store outside the warehouse's tables whose rows age out with the retention period (the
 * PostgreSQL feedback inbox). Like a {@link ForgetTarget}, it answers {@link Erasure.Outcome#FAILED}
 * instead of throwing when the store is unreachable.
 */
public interface RetentionTarget {
  /** Short name in reports. */
  String name();

  /** Deletes what was stored before {@code cutoff}. */
  Erasure purgeOlderThan(Instant cutoff);
}
