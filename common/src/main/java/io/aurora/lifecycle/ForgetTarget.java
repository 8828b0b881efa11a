package io.aurora.lifecycle;

/**
 * A store outside the warehouse's tables that keeps a tenant's keys or rows — the Redis cache, the
 * PostgreSQL feedback inbox, the Pushgateway, the privacy ledger — and forgets them. A target never
 * throws for an unreachable store: it answers {@link Erasure.Outcome#FAILED}, the forget goes on with
 * the other stores and exits 4 at the end, and a retry finishes the job (every target is idempotent).
 */
public interface ForgetTarget {
  /** Short name in reports ("redis", "feedback inbox", …). */
  String name();

  /** Deletes what the store holds of {@code scope}. */
  Erasure forget(ForgetScope scope);
}
