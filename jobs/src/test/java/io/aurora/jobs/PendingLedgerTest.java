package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.privacy.BudgetChange;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.LifetimeBudget;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.Release;
import io.aurora.privacy.Spend;
import java.nio.file.Path;
import java.util.Optional;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PendingLedgerTest {
  private static final LedgerKey KEY = new LedgerKey("t", "d", null);

  @TempDir
  Path warehouse;

  private PrivacyLedger embedded() {
    return PrivacyLedgers.open(AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString()));
  }

  private static Release release(String id) {
    return new Release(KEY, id, id, 1.0, 1e-9, Release.rhoOf(1.0, 1e-9), "m", null, null, false);
  }

  @Test
  @Timeout(30)
  void theCallerGoesOnWhileTheLedgerOpensAndTheDebitWaitsForIt() throws Exception {
    CountDownLatch callerWentOn = new CountDownLatch(1);
    ClosingLedger opened = new ClosingLedger(embedded());
    try (PendingLedger ledger = PendingLedger.start(() -> {
      await(callerWentOn); // opens only after start() has returned: start() does not wait for the opening
      return opened;
    })) {
      callerWentOn.countDown();
      Debit debit = ledger.debit(release("r1"));
      assertThat(debit.releaseId()).isEqualTo("r1");
      assertThat(ledger.spent(KEY).rhoSpent()).isEqualTo(debit.rhoCharged());
      assertThat(ledger.entries("t")).hasSize(1);
    }
    assertThat(opened.closed).isTrue();
  }

  @Test
  void anUnreachableLedgerFailsTheFirstCallWithExitFourAndCloseDoesNotThrow() {
    AuroraException unreachable = AuroraException.serviceUnavailable("privacy ledger unreachable at jdbc:h2:mem:x", null);
    PendingLedger ledger = PendingLedger.start(() -> {
      throw unreachable;
    });
    assertThatThrownBy(() -> ledger.debit(release("r1"))).isSameAs(unreachable);
    assertThatThrownBy(ledger::opened)
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
    ledger.close();
  }

  @Test
  void theOpeningThreadSeesTheCallersClassLoader() throws Exception {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    try (URLClassLoader jobJar = new URLClassLoader(new URL[0], previous)) {
      Thread.currentThread().setContextClassLoader(jobJar);
      try (PendingLedger ledger = PendingLedger.start(() -> {
        seen.set(Thread.currentThread().getContextClassLoader());
        return embedded();
      })) {
        ledger.opened();
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
      assertThat(seen.get()).isSameAs(jobJar);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(5, TimeUnit.SECONDS)).as("start() returned before the ledger opened").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The real ledger, remembering whether it was closed. */
  private static final class ClosingLedger implements PrivacyLedger {
    private final PrivacyLedger ledger;
    private volatile boolean closed;

    ClosingLedger(PrivacyLedger ledger) {
      this.ledger = ledger;
    }

    @Override
    public Debit debit(Release release) {
      return ledger.debit(release);
    }

    @Override
    public void voidRelease(LedgerKey key, String releaseId) {
      ledger.voidRelease(key, releaseId);
    }

    @Override
    public void markCommitted(LedgerKey key, String releaseId) {
      ledger.markCommitted(key, releaseId);
    }

    @Override
    public boolean mayHaveReleased(LedgerKey key, String inputSignature) {
      return ledger.mayHaveReleased(key, inputSignature);
    }

    @Override
    public Spend spent(LedgerKey key) {
      return ledger.spent(key);
    }

    @Override
    public Optional<LifetimeBudget> budget(String tenant, String dataset) {
      return ledger.budget(tenant, dataset);
    }

    @Override
    public BudgetChange setBudget(String tenant, String dataset, LifetimeBudget budget) {
      return ledger.setBudget(tenant, dataset, budget);
    }

    @Override
    public List<BudgetChange> budgetChanges(String tenant, String dataset) {
      return ledger.budgetChanges(tenant, dataset);
    }

    @Override
    public List<LedgerEntry> entries(String tenant) {
      return ledger.entries(tenant);
    }

    @Override
    public int forget(String tenant, String dataset) {
      return ledger.forget(tenant, dataset);
    }

    @Override
    public void close() {
      closed = true;
      ledger.close();
    }
  }
}
