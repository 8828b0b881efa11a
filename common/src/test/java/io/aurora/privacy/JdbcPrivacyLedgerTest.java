package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.testing.ReadOnlyFiles;
import io.aurora.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ledger on both of its databases: the embedded H2 file and the real PostgreSQL. */
class JdbcPrivacyLedgerTest {
  // one schema per test run, dropped at the end, so parallel runs never see each other's rows
  static final String SCHEMA = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final double DELTA = 1e-9;
  private static boolean postgresUsed;

  @TempDir
  Path warehouse;

  static AuroraConfig config(String database, Path warehouse) {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString()).with(ConfigKeys.POSTGRES_POOL_SIZE, "8");
    if (database.equals("postgres")) {
      postgresUsed = true;
      config = config.with(ConfigKeys.POSTGRES_URL, TestServices.postgresUrl()).with(ConfigKeys.POSTGRES_USER, TestServices.postgresUser())
          .with(ConfigKeys.POSTGRES_PASSWORD, TestServices.postgresPassword()).with(ConfigKeys.LEDGER_SCHEMA, SCHEMA);
    }
    return config;
  }

  private PrivacyLedger open(String database) {
    return PrivacyLedgers.open(config(database, warehouse));
  }

  private PrivacyLedger open(String database, double lifetimeEpsilon) {
    return PrivacyLedgers.open(config(database, warehouse).with(ConfigKeys.DATASET_BUDGET, Double.toString(lifetimeEpsilon)));
  }

  static LedgerKey key(String partition) {
    return new LedgerKey("t" + UUID.randomUUID().toString().substring(0, 8), "sales", partition);
  }

  /** A Gaussian release of ε at δ = 1e-9 (ρ as the calibration chooses it). */
  static Release gaussian(LedgerKey key, String id, double epsilon) {
    return new Release(key, id, id, epsilon, DELTA, Release.rhoOf(epsilon, DELTA), "gaussian", null, null, false);
  }

  static Release laplace(LedgerKey key, String id, double epsilon) {
    return new Release(key, id, id, epsilon, 0, Release.rhoOf(epsilon, 0), "laplace", null, null, false);
  }

  private static Release withIdentity(Release r, String identity, boolean force) {
    return new Release(r.key(), r.releaseId(), r.runId(), r.epsilon(), r.delta(), r.rho(), r.mechanisms(), r.inputSignature(), identity, force);
  }

  @Test
  void aLifetimeOfTenAtOneInABillionAdmitsAboutSeventyRunsOfEpsilonOne() {
    double runs = new LifetimeBudget(10, 1e-9).rho() / Release.rhoOf(1, 1e-9);
    assertThat((int) Math.floor(runs)).isEqualTo(72);
    // a pure-ε run of ε counts ε²/2
    assertThat(Release.rhoOf(1, 0)).isEqualTo(0.5);
    // spending the whole budget converts back to at most its ε
    assertThat(new LifetimeBudget(10, 1e-9).epsilonOf(new LifetimeBudget(10, 1e-9).rho())).isLessThanOrEqualTo(10.0).isGreaterThan(9.99);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void composesReleasesInRhoAndRefusesBeyondTheLifetimeBudget(String database) {
    try (PrivacyLedger ledger = open(database, 2.5)) {
      LedgerKey key = key(null);
      int fits = (int) Math.floor(new LifetimeBudget(2.5, DELTA).rho() / Release.rhoOf(1, DELTA));
      assertThat(fits).isEqualTo(5); // in ε, 2.5 would have allowed 2 runs of ε = 1
      Debit first = ledger.debit(gaussian(key, "run-0", 1));
      assertThat(first.reused()).isFalse();
      assertThat(first.epsilonCharged()).isEqualTo(1.0);
      assertThat(first.deltaCharged()).isEqualTo(1e-9);
      assertThat(first.rhoCharged()).isCloseTo(Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-15));
      for (int i = 1; i < fits; i++) {
        ledger.debit(gaussian(key, "run-" + i, 1));
      }
      assertThatThrownBy(() -> ledger.debit(gaussian(key, "run-x", 1)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("dataset 'sales'")
          .hasMessageContaining("spent rho 0.074865")
          .hasMessageContaining("needs rho 0.014973")
          .hasMessageContaining("privacy-budget");
      Spend spend = ledger.spent(key);
      assertThat(spend.rhoSpent()).isCloseTo(fits * Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(spend.rhoBudget()).isCloseTo(new LifetimeBudget(2.5, DELTA).rho(), org.assertj.core.data.Offset.offset(1e-15));
      assertThat(spend.epsilonSpent()).isLessThanOrEqualTo(2.5).isGreaterThan(2.2);
      assertThat(spend.epsilonRecorded()).isEqualTo(5.0);
      assertThat(spend.releases()).isEqualTo(5);
      // a pure-ε release of 0.1 costs 0.005 of ρ: it fits in what remains
      assertThat(ledger.debit(laplace(key, "small", 0.1)).rhoCharged()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-15));
      assertThat(ledger.entries(key.tenant())).hasSize(fits + 1)
          .allSatisfy(e -> assertThat(e.status()).isEqualTo(JdbcPrivacyLedger.DEBITED))
          .last().satisfies(e -> {
            assertThat(e.rho()).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(e.delta()).isZero();
          });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aRetriedCallWithTheSameReleaseIdIsChargedOnce(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key(null);
      ledger.debit(gaussian(key, "run-1", 1.0));
      Debit again = ledger.debit(gaussian(key, "run-1", 1.0));
      assertThat(again.reused()).isTrue();
      assertThat(again.rhoCharged()).isZero();
      assertThat(again.after().rhoSpent()).isCloseTo(Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-15));
      assertThat(ledger.entries(key.tenant())).hasSize(1);
      // the same release id under another key is another release
      LedgerKey other = new LedgerKey(key.tenant(), "other", null);
      assertThat(ledger.debit(gaussian(other, "run-1", 0.5)).reused()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentDebitsSpendExactlyTheBudget(String database) throws Exception {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key("2024-01-01");
      int runs = 24;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String releaseId = "run-" + i;
        Callable<Boolean> debit = () -> {
          start.await();
          try {
            ledger.debit(gaussian(key, releaseId, 0.3));
            return true;
          } catch (AuroraException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED);
            return false;
          }
        };
        results.add(pool.submit(debit));
      }
      start.countDown();
      int succeeded = 0;
      for (Future<Boolean> f : results) {
        succeeded += f.get() ? 1 : 0;
      }
      pool.shutdown();
      int fits = (int) Math.floor(new LifetimeBudget(1.0, DELTA).rho() / Release.rhoOf(0.3, DELTA));
      assertThat(fits).isBetween(2, runs - 2);
      assertThat(succeeded).isEqualTo(fits);
      assertThat(ledger.entries(key.tenant())).hasSize(fits);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void partitionsComposeInParallelButWholeDatasetReleasesTouchEveryPartition(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      double budget = new LifetimeBudget(1.0, DELTA).rho();
      LedgerKey day1 = key("2024-01-01");
      LedgerKey day2 = new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-02");
      LedgerKey whole = new LedgerKey(day1.tenant(), day1.dataset(), null);
      ledger.debit(rho(day1, "a", budget * 0.6));
      ledger.debit(rho(day2, "b", budget * 0.6)); // disjoint rows: its own budget
      assertThat(ledger.spent(day1).rhoSpent()).isCloseTo(budget * 0.6, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(ledger.spent(whole).rhoSpent()).isCloseTo(budget * 0.6, org.assertj.core.data.Offset.offset(1e-12)); // the most any row lost
      ledger.debit(rho(whole, "c", budget * 0.3));
      assertThat(ledger.spent(day1).rhoSpent()).isCloseTo(budget * 0.9, org.assertj.core.data.Offset.offset(1e-12));
      assertThatThrownBy(() -> ledger.debit(rho(whole, "d", budget * 0.2)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
      assertThatThrownBy(() -> ledger.debit(rho(day2, "e", budget * 0.2)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("partition '2024-01-02'");
      LedgerKey day3 = new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-03");
      ledger.debit(rho(day3, "f", budget * 0.69));
    }
  }

  /** A release of exactly {@code rho} (its ε is what that ρ amounts to). */
  private static Release rho(LedgerKey key, String id, double rho) {
    return new Release(key, id, id, PrivacyCost.epsilonOfRho(rho, DELTA), DELTA, rho, "gaussian", null, null, false);
  }

  /** A release of exactly {@code rho} whose key selection spent {@code selectionDelta} of its δ outright. */
  private static Release selecting(LedgerKey key, String id, double rho, double selectionDelta) {
    return new Release(key, id, id, PrivacyCost.epsilonOfRho(rho, DELTA), DELTA, rho, selectionDelta, "gaussian,key-selection", null, null,
        false);
  }

  private static org.assertj.core.data.Offset<Double> close(double tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }

  @Test
  void aLifetimeBudgetConvertsRhoAtTheDeltaKeySelectionsLeft() {
    LifetimeBudget lifetime = new LifetimeBudget(1, DELTA);
    assertThat(lifetime.rho(0)).isEqualTo(lifetime.rho());
    // a smaller δ converts the same ρ to a larger ε: the budget admits less ρ
    assertThat(lifetime.rho(4e-10)).isLessThan(lifetime.rho() * 0.99).isGreaterThan(lifetime.rho() * 0.95);
    assertThat(lifetime.epsilonOf(lifetime.rho(4e-10), 4e-10)).isLessThanOrEqualTo(1.0).isGreaterThan(0.999);
    assertThat(lifetime.epsilonOf(lifetime.rho(), 4e-10)).isGreaterThan(1.0);
    assertThat(lifetime.epsilonOf(0.01, 0)).isEqualTo(lifetime.epsilonOf(0.01));
    assertThat(lifetime.epsilonOf(0.01, DELTA)).as("no δ left: no guarantee").isInfinite();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aReleaseWithAKeySelectionRecordsItsSelectionDeltaAndTheSpendReportsIt(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key(null);
      Debit first = ledger.debit(selecting(key, "keys-1", 0.001, 1e-12));
      assertThat(first.selectionDeltaCharged()).isEqualTo(1e-12);
      assertThat(first.deltaCharged()).as("the run's δ, selection included").isEqualTo(DELTA);
      assertThat(first.after().selectionDeltaSpent()).isEqualTo(1e-12);
      ledger.debit(selecting(key, "keys-2", 0.001, 2.5e-12));
      Debit plain = ledger.debit(rho(key, "plain", 0.001));
      assertThat(plain.selectionDeltaCharged()).isZero();
      Spend spend = ledger.spent(key);
      assertThat(spend.selectionDeltaSpent()).isCloseTo(3.5e-12, close(1e-24));
      assertThat(spend.rhoSpent()).isCloseTo(0.003, close(1e-15));
      LifetimeBudget lifetime = new LifetimeBudget(1, DELTA);
      assertThat(spend.rhoBudget()).isCloseTo(lifetime.rho(3.5e-12), close(1e-15)).isLessThan(lifetime.rho() - 1e-7);
      assertThat(spend.epsilonSpent()).isEqualTo(lifetime.epsilonOf(spend.rhoSpent(), spend.selectionDeltaSpent()))
          .isGreaterThan(lifetime.epsilonOf(spend.rhoSpent()));
      // recorded exactly, not rounded to the scale of an ordinary δ
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::releaseId, PrivacyLedger.LedgerEntry::selectionDelta)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("keys-1", 1e-12), org.assertj.core.groups.Tuple.tuple("keys-2", 2.5e-12),
              org.assertj.core.groups.Tuple.tuple("plain", 0.0));
      // a retried call charges nothing, selection δ included
      Debit again = ledger.debit(selecting(key, "keys-1", 0.001, 1e-12));
      assertThat(again.reused()).isTrue();
      assertThat(again.selectionDeltaCharged()).isZero();
      assertThat(again.after().selectionDeltaSpent()).isCloseTo(3.5e-12, close(1e-24));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void selectionDeltaSpentShrinksTheRhoTheLifetimeBudgetAdmits(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LifetimeBudget lifetime = new LifetimeBudget(1, DELTA);
      double budget = lifetime.rho();
      double admitted = lifetime.rho(4e-10);
      assertThat(admitted).isBetween(budget * 0.5, budget * 0.985); // so the numbers below test the shrinking
      // without key selection, ρ summing to just under the budget fits
      LedgerKey plain = key(null);
      ledger.debit(rho(plain, "a", budget * 0.5));
      ledger.debit(rho(plain, "b", budget * 0.49));
      assertThat(ledger.spent(plain).rhoBudget()).isCloseTo(budget, close(1e-15));
      // the same ρ with 4e-10 of selection δ does not: ρ converts at δ = 6e-10
      LedgerKey keys = new LedgerKey(plain.tenant(), "events", null);
      ledger.debit(selecting(keys, "a", budget * 0.5, 2e-10));
      assertThatThrownBy(() -> ledger.debit(selecting(keys, "b", budget * 0.49, 2e-10)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("dataset 'events'")
          .hasMessageContaining("this run needs rho")
          .hasMessageContaining("key selections have spent delta 2.00e-10 and this run's 2.00e-10");
      // what the smaller budget admits still fits, and converts to at most the lifetime ε
      ledger.debit(selecting(keys, "c", (admitted - budget * 0.5) * 0.999, 2e-10));
      Spend spend = ledger.spent(keys);
      assertThat(spend.selectionDeltaSpent()).isCloseTo(4e-10, close(1e-22));
      assertThat(spend.rhoBudget()).isCloseTo(admitted, close(1e-15));
      assertThat(spend.epsilonSpent()).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
      assertThat(spend.releases()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void selectionDeltaReachingHalfTheLifetimeDeltaIsRefusedEvenWithTinyRho(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key(null);
      assertThatThrownBy(() -> ledger.debit(selecting(key, "all-at-once", 1e-6, 5e-10)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("at most half of the lifetime delta may go to key selection");
      ledger.debit(selecting(key, "s1", 1e-6, 3e-10));
      assertThatThrownBy(() -> ledger.debit(selecting(key, "s2", 1e-6, 2e-10)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("key selections have spent delta 3.00e-10")
          .hasMessageContaining("at most half of the lifetime delta may go to key selection");
      ledger.debit(selecting(key, "s3", 1e-6, 1.9e-10));
      Spend spend = ledger.spent(key);
      assertThat(spend.selectionDeltaSpent()).isCloseTo(4.9e-10, close(1e-22));
      assertThat(spend.releases()).isEqualTo(2);
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("s1", "s3");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aVoidGivesTheSelectionDeltaBack(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key("2024-02-03");
      ledger.debit(selecting(key, "scan-failed", 1e-6, 4e-10));
      ledger.voidRelease(key, "scan-failed");
      Spend spend = ledger.spent(key);
      assertThat(spend.selectionDeltaSpent()).isZero();
      assertThat(spend.rhoBudget()).isCloseTo(new LifetimeBudget(1, DELTA).rho(), close(1e-15));
      // 4e-10 more would have reached the cap had it stayed charged
      ledger.debit(selecting(key, "again", 1e-6, 4.9e-10));
      assertThat(ledger.spent(key).selectionDeltaSpent()).isCloseTo(4.9e-10, close(1e-22));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aWholeDatasetKeySelectionCountsForEveryPartition(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey day1 = key("2024-01-01");
      LedgerKey day2 = new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-02");
      LedgerKey whole = new LedgerKey(day1.tenant(), day1.dataset(), null);
      ledger.debit(selecting(whole, "w", 1e-6, 3e-10));
      assertThat(ledger.spent(day1).selectionDeltaSpent()).isCloseTo(3e-10, close(1e-22));
      assertThat(ledger.spent(day2).selectionDeltaSpent()).isCloseTo(3e-10, close(1e-22));
      assertThat(ledger.spent(day2).rhoBudget()).isCloseTo(new LifetimeBudget(1, DELTA).rho(3e-10), close(1e-15));
      ledger.debit(selecting(day1, "d1", 1e-6, 1.5e-10));
      assertThat(ledger.spent(day2).selectionDeltaSpent()).as("disjoint rows").isCloseTo(3e-10, close(1e-22));
      assertThatThrownBy(() -> ledger.debit(selecting(day2, "d2", 1e-6, 2e-10)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("partition '2024-01-02'");
      ledger.debit(selecting(day2, "d2", 1e-6, 1.9e-10));
      // the whole dataset: its own plus the most any partition spent
      assertThat(ledger.spent(whole).selectionDeltaSpent()).isCloseTo(4.9e-10, close(1e-22));
      assertThatThrownBy(() -> ledger.debit(selecting(whole, "w2", 1e-6, 1e-11)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("at most half of the lifetime delta");
      ledger.debit(selecting(new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-03"), "d3", 1e-6, 1.9e-10));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void forgettingKeepsTheSelectionDeltaSpent(String database) {
    LedgerKey day = key("2032-08-05");
    LedgerKey whole = new LedgerKey(day.tenant(), day.dataset(), null);
    try (PrivacyLedger ledger = open(database, 1.0)) {
      ledger.debit(selecting(whole, "w", 1e-6, 1e-10));
      ledger.debit(selecting(day, "d", 1e-6, 2e-10));
      ledger.forget(day.tenant(), null);
      assertThat(ledger.entries(day.tenant())).isEmpty();
      assertThat(ledger.spent(day).selectionDeltaSpent()).isCloseTo(3e-10, close(1e-22));
      // new spend under the same ids, forgotten again: merged into the keyed rows
      ledger.debit(selecting(day, "d-again", 1e-6, 1e-10));
      ledger.forget(day.tenant(), null);
      assertThat(ledger.spent(day).selectionDeltaSpent()).isCloseTo(4e-10, close(1e-22));
      assertThat(ledger.spent(whole).selectionDeltaSpent()).isCloseTo(4e-10, close(1e-22));
      assertThatThrownBy(() -> ledger.debit(selecting(day, "over", 1e-6, 1e-10)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aDatasetsLifetimeBudgetIsFixedWhenFirstSeenAndChangesOnlyByARecordedCommand(String database) {
    LedgerKey key = key(null);
    try (PrivacyLedger ledger = open(database, 1.0)) {
      ledger.debit(gaussian(key, "run-1", 1.0));
      assertThat(ledger.budget(key.tenant(), key.dataset())).contains(new LifetimeBudget(1.0, DELTA));
    }
    // the next invocation configures a bigger budget: it applies to new datasets only
    try (PrivacyLedger ledger = open(database, 1000)) {
      assertThatThrownBy(() -> ledger.debit(gaussian(key, "run-2", 0.5)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
      assertThat(ledger.spent(key).budget()).isEqualTo(new LifetimeBudget(1.0, DELTA));
      LedgerKey fresh = new LedgerKey(key.tenant(), "fresh", null);
      ledger.debit(gaussian(fresh, "run-3", 5));
      assertThat(ledger.budget(fresh.tenant(), fresh.dataset())).contains(new LifetimeBudget(1000, DELTA));

      BudgetChange change = ledger.setBudget(key.tenant(), key.dataset(), new LifetimeBudget(3, DELTA));
      assertThat(change.from()).isEqualTo(new LifetimeBudget(1.0, DELTA));
      assertThat(change.via()).isEqualTo(BudgetChange.COMMAND);
      assertThat(ledger.debit(gaussian(key, "run-2", 0.5)).reused()).isFalse();
      assertThat(ledger.budgetChanges(key.tenant(), key.dataset())).extracting(BudgetChange::via)
          .containsExactly(BudgetChange.FIRST_RELEASE, BudgetChange.COMMAND);
      assertThat(ledger.budgetChanges(key.tenant(), key.dataset()).get(0).from()).isNull();
      // a budget can be set before the first release
      ledger.setBudget(key.tenant(), "planned", new LifetimeBudget(0.5, 1e-10));
      assertThat(ledger.spent(new LedgerKey(key.tenant(), "planned", "2024-01-01")).budget()).isEqualTo(new LifetimeBudget(0.5, 1e-10));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aVoidGivesTheCostBackAndIsRecordedButACommittedReleaseCannotBeVoided(String database) {
    try (PrivacyLedger ledger = open(database, 1.0)) {
      LedgerKey key = key("2024-02-02");
      ledger.debit(gaussian(key, "scan-failed", 1.0));
      ledger.voidRelease(key, "scan-failed");
      ledger.voidRelease(key, "scan-failed"); // idempotent
      assertThat(ledger.spent(key).rhoSpent()).isZero();
      assertThat(ledger.spent(key).releases()).isZero();
      // the whole budget is there again
      ledger.debit(gaussian(key, "published", 1.0));
      ledger.markCommitted(key, "published");
      assertThatThrownBy(() -> ledger.voidRelease(key, "published")).isInstanceOf(IllegalStateException.class);
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::releaseId, PrivacyLedger.LedgerEntry::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("scan-failed", JdbcPrivacyLedger.VOIDED),
              org.assertj.core.groups.Tuple.tuple("published", JdbcPrivacyLedger.COMMITTED));
      assertThat(ledger.spent(key).rhoSpent()).isCloseTo(Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-15));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void theSameInputUnderAnotherDatasetOrPartitionKeyIsRefusedUnlessForcedAndTheForceIsRecorded(String database) throws Exception {
    try (PrivacyLedger ledger = open(database, 10)) {
      LedgerKey sales = key(null);
      String input = "digest-of-the-files";
      ledger.debit(withIdentity(gaussian(sales, "r1", 1), input, false));
      // the same rows again under the same key: fine (the budget accounts for it)
      ledger.debit(withIdentity(gaussian(sales, "r2", 1), input, false));
      // partitions: a partition after the whole dataset is accounted for; a second partition of the same rows is not
      LedgerKey day = new LedgerKey(sales.tenant(), "sales", "2024-03-01");
      ledger.debit(withIdentity(gaussian(day, "r6", 1), input, false));
      LedgerKey nextDay = new LedgerKey(sales.tenant(), "sales", "2024-03-02");
      assertThatThrownBy(() -> ledger.debit(withIdentity(gaussian(nextDay, "r7", 1), input, false)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("partition '2024-03-01' of this dataset");
      LedgerKey renamed = new LedgerKey(sales.tenant(), "sales_copy", null);
      assertThatThrownBy(() -> ledger.debit(withIdentity(gaussian(renamed, "r3", 1), input, false)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("dataset 'sales' of this tenant")
          .hasMessageContaining("--force-new-dataset");
      assertThat(ledger.spent(renamed).rhoSpent()).isZero();
      LedgerKey otherTenant = new LedgerKey("o" + UUID.randomUUID().toString().substring(0, 8), "sales", null);
      assertThatThrownBy(() -> ledger.debit(withIdentity(gaussian(otherTenant, "r4", 1), input, false)))
          .hasMessageContaining("another tenant").hasMessageNotContaining(sales.tenant());
      Debit forced = ledger.debit(withIdentity(gaussian(renamed, "r3", 1), input, true));
      assertThat(forced.forcedNewKey()).isTrue();
      assertThat(ledger.debit(withIdentity(gaussian(renamed, "r5", 1), "another-input", true)).forcedNewKey()).isFalse();
      // the ledger keeps only a keyed form of the identity
      assertThat(dump(database)).doesNotContain(input).contains("forced_new_key");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aTenantsQuotaOfRunsPerHourIsEnforcedWithARetryAfter(String database) {
    AuroraConfig quota = config(database, warehouse).with(ConfigKeys.QUOTA_PROFILE_RUNS_PER_HOUR, "2");
    try (PrivacyLedger ledger = PrivacyLedgers.open(quota)) {
      LedgerKey key = key(null);
      ledger.debit(gaussian(key, "q1", 0.5));
      ledger.debit(gaussian(new LedgerKey(key.tenant(), "other", null), "q2", 0.5));
      // a retried call of a recorded release is not a new run
      assertThat(ledger.debit(gaussian(key, "q1", 0.5)).reused()).isTrue();
      assertThatThrownBy(() -> ledger.debit(gaussian(key, "q3", 0.5)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.QUOTA_EXCEEDED))
          .hasMessageContaining("quota of 2 profile run(s) per hour")
          .hasMessageMatching(".*retry after (3[0-5][0-9][0-9]|3600|[1-9][0-9]{0,2}) s");
      assertThat(ledger.entries(key.tenant())).hasSize(2);
      // another tenant has its own quota
      ledger.debit(gaussian(key("2024-01-01"), "q4", 0.5));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void forgettingATenantKeepsItsSpendUnderKeyedIdentifiersOnly(String database) throws Exception {
    String tenant = "canary" + UUID.randomUUID().toString().substring(0, 6);
    LedgerKey day = new LedgerKey(tenant, "payroll", "2031-07-04");
    LedgerKey whole = new LedgerKey(tenant, "payroll", null);
    LedgerKey hr = new LedgerKey(tenant, "hrfiles", null);
    LedgerKey bystander = new LedgerKey("by" + tenant.substring(6), "bystander", null);
    try (PrivacyLedger ledger = open(database, 2.5)) {
      ledger.debit(withIdentity(gaussian(day, "run-canary-1", 1), "identity-1", false));
      ledger.debit(gaussian(whole, "run-canary-2", 1));
      ledger.debit(gaussian(hr, "run-canary-3", 1));
      ledger.setBudget(tenant, "hrfiles", new LifetimeBudget(2.0, DELTA));
      ledger.debit(gaussian(bystander, "run-by", 1));
      double daySpent = ledger.spent(day).rhoSpent();
      double hrSpent = ledger.spent(hr).rhoSpent();

      assertThat(ledger.forget(tenant, null)).isEqualTo(3);
      assertThat(ledger.forget(tenant, null)).isZero(); // idempotent
      String text = dump(database);
      for (String identifier : List.of(tenant, "payroll", "hrfiles", "2031-07-04", "run-canary")) {
        assertThat(text).as(identifier).doesNotContain(identifier);
      }
      assertThat(text).contains("run-by").contains("bystander");
      assertThat(ledger.entries(tenant)).isEmpty();
      assertThat(ledger.entries(bystander.tenant())).hasSize(1);
      // the same identifiers still map to the spend: no fresh budget for the same rows
      assertThat(ledger.spent(day).rhoSpent()).isEqualTo(daySpent);
      assertThat(ledger.spent(hr).rhoSpent()).isEqualTo(hrSpent);
      assertThat(ledger.spent(hr).budget()).isEqualTo(new LifetimeBudget(2.0, DELTA));
      assertThat(ledger.spent(whole).rhoSpent()).isEqualTo(daySpent);
      int more = (int) Math.floor((new LifetimeBudget(2.5, DELTA).rho() - daySpent) / Release.rhoOf(1, DELTA));
      for (int i = 0; i < more; i++) {
        ledger.debit(gaussian(day, "again-" + i, 1));
      }
      assertThatThrownBy(() -> ledger.debit(gaussian(day, "again-x", 1)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
      // and the same input under a new key is still refused
      assertThatThrownBy(() -> ledger.debit(withIdentity(gaussian(new LedgerKey(tenant, "renamed", null), "r", 1), "identity-1", false)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
      // forgetting again merges the new spend into the keyed rows
      ledger.forget(tenant, "payroll");
      assertThat(ledger.spent(day).rhoSpent()).isCloseTo(daySpent + more * Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(ledger.entries(tenant)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void forgettingOneDatasetLeavesTheTenantsOtherDatasets(String database) throws Exception {
    LedgerKey gone = key(null);
    LedgerKey kept = new LedgerKey(gone.tenant(), "keptdata", null);
    try (PrivacyLedger ledger = open(database, 10)) {
      ledger.debit(gaussian(gone, "g1", 1));
      ledger.debit(gaussian(kept, "k1", 1));
      assertThat(ledger.forget(gone.tenant(), "sales")).isEqualTo(1);
      assertThat(ledger.entries(gone.tenant())).extracting(PrivacyLedger.LedgerEntry::dataset).containsExactly("keptdata");
      assertThat(ledger.spent(gone).rhoSpent()).isCloseTo(Release.rhoOf(1, DELTA), org.assertj.core.data.Offset.offset(1e-15));
    }
  }

  /** Every value of every ledger table, as text. */
  private String dump(String database) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      for (String table : List.of("privacy_release", "privacy_budget", "privacy_dataset", "privacy_budget_change", "privacy_tenant",
          "privacy_input")) {
        String qualified = database.equals("postgres") ? SCHEMA + "." + table : table;
        try (ResultSet r = s.executeQuery("SELECT * FROM " + qualified)) {
          int columns = r.getMetaData().getColumnCount();
          for (int i = 1; i <= columns; i++) {
            sb.append(r.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT)).append(' ');
          }
          while (r.next()) {
            for (int i = 1; i <= columns; i++) {
              sb.append(r.getString(i)).append('|');
            }
            sb.append('\n');
          }
        }
      }
    }
    return sb.toString();
  }

  private Connection connect(String database) throws Exception {
    return database.equals("postgres")
        ? DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword())
        : DriverManager.getConnection("jdbc:h2:file:" + warehouse.resolve("_ledger/ledger").toAbsolutePath(), "aurora", "");
  }

  @Test
  void failsClosedWhenPostgresIsUnreachable() {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.POSTGRES_URL, "jdbc:postgresql://127.0.0.1:1/aurora")
        .with(ConfigKeys.POSTGRES_USER, "aurora").with(ConfigKeys.POSTGRES_PASSWORD, "s3cret");
    assertThatThrownBy(() -> PrivacyLedgers.open(config))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("privacy ledger unreachable at jdbc:postgresql://127.0.0.1:1/aurora")
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
          }
        });
  }

  @Test
  void onlyAPostgresqlUrlIsAcceptedAndNothingIsCreatedForAnother() throws Exception {
    Path script = warehouse.resolve("attack.sql");
    Path marker = warehouse.resolve("ran");
    Files.writeString(script, "CREATE TABLE pwned(x INT); CALL FILE_WRITE('x', '" + marker + "');");
    for (String url : List.of("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '" + script + "'", "jdbc:h2:file:" + warehouse.resolve("db"),
        "jdbc:derby:memory:x;create=true", "postgresql://127.0.0.1/aurora")) {
      AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString()).with(ConfigKeys.POSTGRES_URL, url);
      assertThatThrownBy(() -> PrivacyLedgers.open(config))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("jdbc:postgresql://")
          .hasMessageNotContaining("RUNSCRIPT");
    }
    assertThat(marker).doesNotExist();
    try (var files = Files.list(warehouse)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("attack.sql");
    }
  }

  @Test
  void aBudgetRowLockedByAnotherSessionFailsWithExitFourInBoundedTime() throws Exception {
    AuroraConfig config = config("postgres", warehouse).with(ConfigKeys.POSTGRES_LOCK_TIMEOUT, "1");
    LedgerKey key = key(null);
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(gaussian(key, "first", 0.5));
      try (Connection holder = connect("postgres"); Statement s = holder.createStatement()) {
        holder.setAutoCommit(false);
        // another session holds the dataset's budget row (as a debit that hangs would)
        s.executeQuery("SELECT * FROM " + SCHEMA + ".privacy_budget WHERE tenant = '" + key.tenant() + "' FOR UPDATE").close();
        long started = System.nanoTime();
        assertThatThrownBy(() -> ledger.debit(gaussian(key, "second", 0.5)))
            .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
            .hasMessageContaining("lock")
            .hasMessageContaining("nothing was released");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
        holder.rollback();
      }
      assertThat(ledger.entries(key.tenant())).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void migratesAVersionOneLedgerBackfillingRho(String database) throws Exception {
    boolean postgres = database.equals("postgres");
    String schema = postgres ? SCHEMA + "_v1" : null;
    Path folder = warehouse.resolve("_ledger");
    Files.createDirectories(folder);
    String url = postgres ? TestServices.postgresUrl() : "jdbc:h2:file:" + folder.resolve("ledger").toAbsolutePath();
    String user = postgres ? TestServices.postgresUser() : "aurora";
    String password = postgres ? TestServices.postgresPassword() : "";
    var v1 = org.flywaydb.core.Flyway.configure().dataSource(url, user, password).table(JdbcPrivacyLedger.HISTORY_TABLE)
        .locations("classpath:db/ledger").target("1");
    if (postgres) {
      v1 = v1.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    v1.load().migrate();
    LedgerKey key = key(null);
    String prefix = postgres ? schema + "." : "";
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + prefix + "privacy_release (tenant, dataset, partition_key, release_id, epsilon, delta, mechanisms, released_at) "
          + "VALUES ('" + key.tenant() + "', 'sales', '', 'old-laplace', 1, 0, 'laplace:1', CURRENT_TIMESTAMP), "
          + "('" + key.tenant() + "', 'sales', '', 'old-gaussian', 1, 0.000000001, 'gaussian:1', CURRENT_TIMESTAMP)");
      s.execute("INSERT INTO " + prefix + "privacy_budget (tenant, dataset, partition_key, epsilon_spent, delta_spent, releases) "
          + "VALUES ('" + key.tenant() + "', 'sales', '', 2, 0.000000001, 2)");
    }
    AuroraConfig config = config(database, warehouse);
    if (postgres) {
      config = config.with(ConfigKeys.LEDGER_SCHEMA, schema);
    }
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      assertThat(ledger.mayHaveReleased(key, "any-signature")).isTrue();
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::rho)
          .containsExactlyInAnyOrder(0.5, JdbcPrivacyLedger.rhoAmount(Release.rhoOf(1, 1e-9)).doubleValue());
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::runId).containsExactlyInAnyOrder("old-laplace", "old-gaussian");
      assertThat(ledger.spent(key).rhoSpent()).isCloseTo(0.5 + Release.rhoOf(1, 1e-9), org.assertj.core.data.Offset.offset(1e-12));
    } finally {
      if (postgres) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void migratesNextToAnotherComponentsTablesInTheSameSchema(String database) throws Exception {
    // the feedback inbox keeps its own tables and Flyway history in the same database
    boolean postgres = database.equals("postgres");
    String otherSchema = postgres ? SCHEMA + "_shared" : null;
    if (postgres) {
      try (Connection c = connect(database); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + otherSchema);
        s.execute("CREATE TABLE " + otherSchema + ".feedback_inbox (id INTEGER PRIMARY KEY)");
      }
    } else {
      Files.createDirectories(warehouse.resolve("_ledger"));
      try (Connection c = connect(database); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE feedback_inbox (id INTEGER PRIMARY KEY)");
      }
    }
    AuroraConfig config = postgres ? config(database, warehouse).with(ConfigKeys.LEDGER_SCHEMA, otherSchema) : config(database, warehouse);
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      assertThat(ledger.debit(gaussian(key(null), "run-1", 1.5)).reused()).isFalse();
    } finally {
      if (postgres) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + otherSchema + " CASCADE");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void eachReleaseRecordsTheSignatureOfItsInput(String database) {
    try (PrivacyLedger ledger = open(database)) {
      LedgerKey key = key(null);
      LedgerKey partition = new LedgerKey(key.tenant(), key.dataset(), "2026-11-26");
      assertThat(ledger.mayHaveReleased(key, "sig-a")).isFalse();
      ledger.debit(new Release(key, "run-1", "run-1", 0.5, 0, 0.125, "laplace:1", "sig-a", null, false));
      ledger.debit(new Release(key, "run-2", "run-2", 0.5, 0, 0.125, "laplace:1", null, null, false));
      ledger.debit(new Release(key, "run-3", "run-3", 0.5, 0, 0.125, "laplace:1", "sig-c", null, false));
      ledger.voidRelease(key, "run-3");
      assertThat(ledger.mayHaveReleased(key, "sig-a")).isTrue();
      assertThat(ledger.mayHaveReleased(key, "sig-b")).isFalse();
      assertThat(ledger.mayHaveReleased(key, "sig-c")).as("a voided release published nothing").isFalse();
      assertThat(ledger.mayHaveReleased(partition, "sig-a")).isFalse();
    }
  }

  @Test
  void rejectsBadArgumentsWithoutTouchingTheBudget() {
    try (PrivacyLedger ledger = open("h2")) {
      LedgerKey key = key(null);
      assertThatThrownBy(() -> ledger.debit(gaussian(key, "run 1; DROP TABLE privacy_budget", 0.1)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
      assertThatThrownBy(() -> new Release(key, "r", "r", -0.1, 0, 0, "m", null, null, false)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Release(key, "r", "r", Double.NaN, 0, 0, "m", null, null, false)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Release(key, "r", "r", 1, 0, 0.1, "m", null, null, false))
          .as("a pure-ε release under-charged in ρ").isInstanceOf(IllegalArgumentException.class);
      for (double[] bad : new double[][] {{0, 1e-9}, {-1, 1e-9}, {Double.NaN, 1e-9}, {Double.POSITIVE_INFINITY, 1e-9}, {10, 0}, {10, 1e-5}, {10, -1}}) {
        assertThatThrownBy(() -> new LifetimeBudget(bad[0], bad[1]))
            .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
      }
      assertThat(ledger.spent(key).rhoSpent()).isZero();
      assertThat(ledger.entries(key.tenant())).isEmpty();
    }
  }

  @Test
  void theEmbeddedLedgerIsAFileUnderTheWarehouseInAFolderOnlyItsOwnerCanOpenWithNoServer() throws Exception {
    try (PrivacyLedger ledger = open("h2")) {
      ledger.debit(gaussian(key(null), "run-1", 0.1));
    }
    Path folder = warehouse.resolve("_ledger");
    assertThat(folder.resolve("ledger.mv.db")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    // no AUTO_SERVER: no lock file advertising a server's address and key
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".lock.db"));
    }
    // an existing folder with wider permissions is tightened
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    open("h2").close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
  }

  @Test
  void aReadOnlyWarehouseIsReadButNeverWritten() throws Exception {
    LedgerKey key = key(null);
    try (PrivacyLedger ledger = open("h2")) {
      ledger.debit(gaussian(key, "run-1", 0.5));
    }
    Path folder = warehouse.resolve("_ledger");
    byte[] before = Files.readAllBytes(folder.resolve("ledger.mv.db"));
    try (ReadOnlyFiles readOnly = ReadOnlyFiles.of(warehouse)) {
      try (PrivacyLedger reader = PrivacyLedgers.openForReading(config("h2", warehouse))) {
        assertThat(reader.entries(key.tenant())).hasSize(1);
        assertThat(reader.spent(key).releases()).isEqualTo(1);
        assertThatThrownBy(() -> reader.debit(gaussian(key, "run-2", 0.5)))
            .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
            .hasMessageContaining("read-only");
      }
      assertThatThrownBy(() -> PrivacyLedgers.open(config("h2", warehouse)))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("is read-only");
    }
    assertThat(Files.readAllBytes(folder.resolve("ledger.mv.db"))).isEqualTo(before);
  }

  @Test
  void remoteWarehouseNeedsPostgres() {
    for (String remote : new String[] {"s3a://bucket/warehouse", "hdfs://namenode:8020/warehouse"}) {
      AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, remote);
      assertThatThrownBy(() -> PrivacyLedgers.open(config))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("aurora.postgres.url");
    }
    assertThat(PrivacyLedgers.embeddedFolder("file:/tmp/wh")).isEqualTo(Path.of("/tmp/wh/_ledger"));
    assertThat(PrivacyLedgers.embeddedFolder("file:///tmp/wh")).isEqualTo(Path.of("/tmp/wh/_ledger"));
    assertThat(PrivacyLedgers.embeddedFolder("./warehouse")).isEqualTo(Path.of("./warehouse/_ledger"));
  }

  @AfterAll
  static void dropSchema() throws Exception {
    if (!postgresUsed) {
      return;
    }
    try (Connection c = DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }
}
