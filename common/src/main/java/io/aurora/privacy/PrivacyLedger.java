package io.aurora.privacy;

import java.util.List;

/**
 * Records every release per (tenant, dataset, partition) and refuses one that would exceed the
 * lifetime budget. Debits are transactional: concurrent runs cannot both spend the last of a budget.
 * Production: PostgreSQL; embedded default: a file database under the warehouse root.
 */
public interface PrivacyLedger extends AutoCloseable {
  /**
   * Debits {@code epsilon} (and {@code delta}) for release {@code releaseId} under {@code key}, in
   * one transaction. A release id already recorded for the key costs nothing and is returned as
   * reused. Throws an exit-3 {@code AuroraException} with spent / requested / remaining when the
   * lifetime budget {@code budget} would be exceeded, and an exit-4 one when the ledger is unreachable.
   */
  default Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms) {
    return debit(key, releaseId, epsilon, delta, budget, mechanisms, null);
  }

  /**
   * As {@link #debit(LedgerKey, String, double, double, double, String)}, recording with a new
   * release the signature of its input ({@code inputSignature}, nullable: an input without one is
   * never re-used), which {@link #mayHaveReleased} looks up.
   */
  Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms, String inputSignature);

  /**
   * Whether a release recorded under {@code key} may be of the input whose signature is
   * {@code inputSignature}: one was recorded with that signature, or one was recorded before the
   * ledger kept signatures. False means no completed profile run of that input exists, so a run need
   * not look for one to re-use.
   */
  boolean mayHaveReleased(LedgerKey key, String inputSignature);

  /** ε spent so far under {@code key}. */
  double spent(LedgerKey key);

  /** Every release recorded for {@code tenant}, oldest first (for privacy-report). */
  List<LedgerEntry> entries(String tenant);

  @Override
  void close();

  /** One recorded release. */
  record LedgerEntry(String tenant, String dataset, String partition, String releaseId, double epsilon, double delta, String mechanisms, java.time.Instant at) {}
}
