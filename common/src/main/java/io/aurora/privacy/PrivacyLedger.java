package io.aurora.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one accountant of what AURORA releases: every release per (tenant, dataset, partition), its
 * (ε, δ) and ρ, composed over a dataset's lifetime in zCDP (ρ adds up) against a budget fixed when the
 * ledger first sees the dataset. A key selection also spends a δ outright ((ρ, δ_sel)-approximate
 * zCDP): those δ's add up too, and the lifetime (ε, δ) holds while ε(Σρ, δ − Σδ_sel) ≤ ε, so they
 * shrink the ρ a budget admits; at most half of the lifetime δ may go to key selection.
 * Debits are transactional: concurrent runs, on one machine or on two
 * clusters, cannot both spend the last of a budget or both pass the tenant's quota.
 * Production: PostgreSQL; embedded default: a file database under the warehouse root.
 */
public interface PrivacyLedger extends AutoCloseable {
  /**
   * Records {@code release} in one transaction, before anything is computed from the data. A release
   * id already recorded under its key costs nothing and is returned as reused (a retried call).
   * Refuses with exit 2 an input already profiled under another dataset or partition key unless the
   * release forces it, with exit 5 (saying when to retry) a tenant over its quota of profile runs per
   * hour, with exit 3 (spent, requested, remaining) a release beyond the lifetime budget — its ρ beyond
   * what the budget admits after the selection δ spent and its own, or that selection δ reaching half
   * the lifetime δ — and with exit 4 when the ledger is unreachable.
   */
  Debit debit(Release release);

  /**
   * Voids debited release {@code releaseId} of {@code key} whose scan failed before any noise was
   * drawn: nothing was released, so its cost (ρ and selection δ) is given back and the void is recorded. Never for a
   * release whose noise was drawn; a committed release cannot be voided (IllegalStateException).
   */
  void voidRelease(LedgerKey key, String releaseId);

  /** Records that release {@code releaseId} of {@code key} is published completely (its run committed). */
  void markCommitted(LedgerKey key, String releaseId);

  /**
   * Whether a release recorded under {@code key} may be of the input whose signature is
   * {@code inputSignature}: one was recorded with that signature, or one was recorded before the
   * ledger kept signatures. False means no completed profile run of that input exists, so a run need
   * not look for one to re-use.
   */
  boolean mayHaveReleased(LedgerKey key, String inputSignature);

  /** What the rows of {@code key} have spent against their lifetime budget. */
  Spend spent(LedgerKey key);

  /** The lifetime budget recorded for ({@code tenant}, {@code dataset}), empty when the ledger has not seen it. */
  Optional<LifetimeBudget> budget(String tenant, String dataset);

  /**
   * Sets the lifetime budget of ({@code tenant}, {@code dataset}) explicitly and records the change
   * (the only way a recorded budget changes). Returns the recorded change.
   */
  BudgetChange setBudget(String tenant, String dataset, LifetimeBudget budget);

  /** The recorded budget changes of ({@code tenant}, {@code dataset}), oldest first. */
  List<BudgetChange> budgetChanges(String tenant, String dataset);

  /** Every release recorded for {@code tenant}, oldest first (for privacy-report). */
  List<LedgerEntry> entries(String tenant);

  /**
   * Forgets {@code tenant} (only {@code dataset} when not null): every ledger row of it keeps its
   * amounts but its tenant, dataset, partition and run identifiers are replaced by a one-way keyed
   * form. The same identifiers still map to that form, so re-profiling the same rows under the same
   * ids still sees the spent budget and the same input under another key is still refused; nothing
   * in the ledger names the tenant any more. Returns the number of releases forgotten. Idempotent.
   */
  int forget(String tenant, String dataset);

  @Override
  void close();

  /**
   * One recorded release. {@code selectionDelta}: the part of its δ a key selection spent outright (0
   * for most). {@code status}: debited, committed or voided.
   */
  record LedgerEntry(String tenant, String dataset, String partition, String releaseId, String runId, double epsilon, double delta,
      double rho, double selectionDelta, String mechanisms, Instant at, String status) {}
}
