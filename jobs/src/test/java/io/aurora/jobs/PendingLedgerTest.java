package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PendingLedgerTest {
  private static final LedgerKey KEY = new LedgerKey("t", "d", null);

  @Test
  @Timeout(10)
  void theCallerGoesOnWhileTheLedgerOpensAndTheDebitWaitsForIt() throws Exception {
    CountDownLatch callerWentOn = new CountDownLatch(1);
    RecordingLedger opened = new RecordingLedger();
    try (PendingLedger ledger = PendingLedger.start(() -> {
      await(callerWentOn); // opens only after start() has returned: start() does not wait for the opening
      return opened;
    })) {
      callerWentOn.countDown();
      Debit debit = ledger.debit(KEY, "r1", 1.0, 0, 10, "m");
      assertThat(debit.releaseId()).isEqualTo("r1");
      assertThat(ledger.spent(KEY)).isEqualTo(1.0);
    }
    assertThat(opened.closed).isTrue();
  }

  @Test
  void anUnreachableLedgerFailsTheFirstCallWithExitFourAndCloseDoesNotThrow() {
    AuroraException unreachable = AuroraException.serviceUnavailable("privacy ledger unreachable at jdbc:h2:mem:x", null);
    PendingLedger ledger = PendingLedger.start(() -> {
      throw unreachable;
    });
    assertThatThrownBy(() -> ledger.debit(KEY, "r1", 1.0, 0, 10, "m")).isSameAs(unreachable);
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
        return new RecordingLedger();
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

  /** A ledger held in memory: enough to see which calls reach it. */
  private static final class RecordingLedger implements PrivacyLedger {
    private double spent;
    private boolean closed;

    @Override
    public Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms,
        String inputSignature) {
      spent += epsilon;
      return new Debit(releaseId, false, epsilon, delta, spent, budget - spent);
    }

    @Override
    public boolean mayHaveReleased(LedgerKey key, String inputSignature) {
      return spent > 0;
    }

    @Override
    public double spent(LedgerKey key) {
      return spent;
    }

    @Override
    public List<LedgerEntry> entries(String tenant) {
      return List.of();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
