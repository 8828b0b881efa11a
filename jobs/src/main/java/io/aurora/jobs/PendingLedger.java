package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.privacy.BudgetChange;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.LifetimeBudget;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.Release;
import io.aurora.privacy.Spend;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A privacy ledger that opens (migrations, connection pool) on a thread of its own while the caller
 * goes on; every call waits for it, and a failure to open surfaces unchanged (exit 4) at the first
 * call that needs the ledger.
 */
final class PendingLedger implements PrivacyLedger {
  private final CompletableFuture<PrivacyLedger> opening;

  private PendingLedger(CompletableFuture<PrivacyLedger> opening) {
    this.opening = requireNonNull(opening, "opening is null");
  }

  /**
   * Starts {@code open} on a new thread that carries the caller's context class loader: under
   * spark-submit that loader is the one that sees the migrations in the job jar.
   */
  static PendingLedger start(Supplier<PrivacyLedger> open) {
    requireNonNull(open, "open is null");
    CompletableFuture<PrivacyLedger> opening = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        opening.complete(open.get());
      } catch (Throwable t) {
        opening.completeExceptionally(t);
      }
    }, "aurora-ledger-open");
    thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    thread.setDaemon(true);
    thread.start();
    return new PendingLedger(opening);
  }

  /** The opened ledger, waiting for it; rethrows what opening it threw. */
  PrivacyLedger opened() {
    try {
      return opening.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AuroraException(ExitCode.FAILURE, "the privacy ledger could not be opened", cause);
    }
  }

  @Override
  public Debit debit(Release release) {
    return opened().debit(release);
  }

  @Override
  public void voidRelease(LedgerKey key, String releaseId) {
    opened().voidRelease(key, releaseId);
  }

  @Override
  public void markCommitted(LedgerKey key, String releaseId) {
    opened().markCommitted(key, releaseId);
  }

  @Override
  public boolean mayHaveReleased(LedgerKey key, String inputSignature) {
    return opened().mayHaveReleased(key, inputSignature);
  }

  @Override
  public Spend spent(LedgerKey key) {
    return opened().spent(key);
  }

  @Override
  public Optional<LifetimeBudget> budget(String tenant, String dataset) {
    return opened().budget(tenant, dataset);
  }

  @Override
  public BudgetChange setBudget(String tenant, String dataset, LifetimeBudget budget) {
    return opened().setBudget(tenant, dataset, budget);
  }

  @Override
  public List<BudgetChange> budgetChanges(String tenant, String dataset) {
    return opened().budgetChanges(tenant, dataset);
  }

  @Override
  public List<LedgerEntry> entries(String tenant) {
    return opened().entries(tenant);
  }

  @Override
  public int forget(String tenant, String dataset) {
    return opened().forget(tenant, dataset);
  }

  @Override
  public void close() {
    // wait for the opening thread, so that no connection outlives the command; a failed opening holds nothing
    try {
      opening.join().close();
    } catch (CompletionException e) {
      // nothing was opened; the failure itself is reported by the call that needed the ledger
    }
  }
}
