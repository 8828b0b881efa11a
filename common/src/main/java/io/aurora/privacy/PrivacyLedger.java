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
  Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms);

  /** ε spent so far under {@code key}. */
  double spent(LedgerKey key);

  /** Every release recorded for {@code tenant}, oldest first (for privacy-report). */
  List<LedgerEntry> entries(String tenant);

  @Override
  void close();

  /** One recorded release. */
  record LedgerEntry(String tenant, String dataset, String partition, String releaseId, double epsilon, double delta, String mechanisms, java.time.Instant at) {}
}
