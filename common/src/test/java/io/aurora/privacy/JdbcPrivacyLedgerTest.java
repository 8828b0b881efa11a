package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ledger on both of its databases: the embedded H2 file and the real PostgreSQL. */
class JdbcPrivacyLedgerTest {
  // one schema per test run, dropped at the end, so parallel runs never see each other's rows
  private static final String SCHEMA = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static boolean postgresUsed;

  @TempDir
  Path warehouse;

  private PrivacyLedger open(String database) {
    if (database.equals("postgres")) {
      postgresUsed = true;
      return JdbcPrivacyLedger.open(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword(), SCHEMA, 8);
    }
    return PrivacyLedgers.open(AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString()).with(ConfigKeys.POSTGRES_POOL_SIZE, "8"));
  }

  private static LedgerKey key(String partition) {
    return new LedgerKey("t" + UUID.randomUUID().toString().substring(0, 8), "sales", partition);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void refusesBeyondTheLifetimeBudgetSayingSpentRequestedRemaining(String database) {
    try (PrivacyLedger ledger = open(database)) {
      LedgerKey key = key(null);
      Debit first = ledger.debit(key, "run-1", 0.4, 0, 1.0, "laplace:3");
      assertThat(first.reused()).isFalse();
      assertThat(first.epsilonCharged()).isEqualTo(0.4);
      ledger.debit(key, "run-2", 0.4, 0, 1.0, "laplace:3");
      assertThatThrownBy(() -> ledger.debit(key, "run-3", 0.4, 0, 1.0, "laplace:3"))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("spent 0.8 of 1")
          .hasMessageContaining("requested 0.4")
          .hasMessageContaining("remaining 0.2")
          .hasMessageContaining("dataset 'sales'");
      assertThat(ledger.spent(key)).isEqualTo(0.8);
      // what remains can still be spent exactly
      Debit last = ledger.debit(key, "run-4", 0.2, 0, 1.0, "laplace:1");
      assertThat(last.epsilonSpent()).isEqualTo(1.0);
      assertThat(last.epsilonRemaining()).isZero();
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("run-1", "run-2", "run-4");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void reusingARecordedReleaseCostsNothingEvenWhenTheBudgetIsGone(String database) {
    try (PrivacyLedger ledger = open(database)) {
      LedgerKey key = key(null);
      ledger.debit(key, "run-1", 1.0, 1e-9, 1.0, "gaussian:1");
      Debit again = ledger.debit(key, "run-1", 1.0, 1e-9, 1.0, "gaussian:1");
      assertThat(again.reused()).isTrue();
      assertThat(again.epsilonCharged()).isZero();
      assertThat(again.epsilonSpent()).isEqualTo(1.0);
      assertThat(ledger.entries(key.tenant())).hasSize(1);
      assertThat(ledger.entries(key.tenant()).get(0).delta()).isEqualTo(1e-9);
      // the same release id under another key is another release
      LedgerKey other = new LedgerKey(key.tenant(), "other", null);
      assertThat(ledger.debit(other, "run-1", 0.5, 0, 1.0, "laplace:1").reused()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentDebitsSpendExactlyTheBudget(String database) throws Exception {
    try (PrivacyLedger ledger = open(database)) {
      LedgerKey key = key("2024-01-01");
      int runs = 48;
      double epsilon = 0.3;
      double budget = 10;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(12);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String releaseId = "run-" + i;
        Callable<Boolean> debit = () -> {
          start.await();
          try {
            ledger.debit(key, releaseId, epsilon, 0, budget, "laplace:1");
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
      assertThat(succeeded).isEqualTo((int) Math.floor(budget / epsilon)); // 33
      assertThat(ledger.spent(key)).isEqualTo(9.9);
      assertThat(ledger.entries(key.tenant())).hasSize(33);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void partitionsComposeInParallelButWholeDatasetReleasesTouchEveryPartition(String database) {
    try (PrivacyLedger ledger = open(database)) {
      LedgerKey day1 = key("2024-01-01");
      LedgerKey day2 = new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-02");
      LedgerKey whole = new LedgerKey(day1.tenant(), day1.dataset(), null);
      ledger.debit(day1, "a", 6, 0, 10, "laplace:1");
      ledger.debit(day2, "b", 6, 0, 10, "laplace:1"); // disjoint rows: its own budget
      assertThat(ledger.spent(day1)).isEqualTo(6.0);
      assertThat(ledger.spent(whole)).isEqualTo(6.0); // the most any row has lost
      ledger.debit(whole, "c", 3, 0, 10, "laplace:1");
      assertThat(ledger.spent(day1)).isEqualTo(9.0);
      assertThatThrownBy(() -> ledger.debit(whole, "d", 2, 0, 10, "laplace:1"))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
      assertThatThrownBy(() -> ledger.debit(day2, "e", 2, 0, 10, "laplace:1"))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED))
          .hasMessageContaining("partition '2024-01-02'");
      LedgerKey day3 = new LedgerKey(day1.tenant(), day1.dataset(), "2024-01-03");
      assertThat(ledger.debit(day3, "f", 7, 0, 10, "laplace:1").epsilonSpent()).isEqualTo(10.0);
    }
  }

  @Test
  void failsClosedWhenPostgresIsUnreachable() {
    assertThatThrownBy(() -> JdbcPrivacyLedger.open("jdbc:postgresql://127.0.0.1:1/aurora?password=hunter2", "aurora", "s3cret", null, 2))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("privacy ledger unreachable at jdbc:postgresql://127.0.0.1:1/aurora")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2").doesNotContain("s3cret");
          }
        });
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.POSTGRES_URL, "jdbc:postgresql://127.0.0.1:1/aurora");
    assertThatThrownBy(() -> PrivacyLedgers.open(config))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
  }

  @Test
  void failsClosedWhenTheLedgerGoesAwayAfterOpening() {
    PrivacyLedger ledger = open("h2");
    ledger.close();
    assertThatThrownBy(() -> ledger.debit(key(null), "run-1", 0.1, 0, 10, "laplace:1"))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("nothing was released");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void migrationsApplyOnceAndReopeningKeepsTheBudget(String database) throws Exception {
    LedgerKey key = key(null);
    try (PrivacyLedger ledger = open(database)) {
      ledger.debit(key, "run-1", 2.5, 0, 10, "laplace:1");
    }
    try (PrivacyLedger ledger = open(database)) {
      assertThat(ledger.spent(key)).isEqualTo(2.5);
    }
    Supplier<Connection> connect = () -> {
      try {
        return database.equals("postgres")
            ? DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword())
            : DriverManager.getConnection("jdbc:h2:file:" + warehouse.resolve("_ledger/ledger").toAbsolutePath() + ";AUTO_SERVER=TRUE", "aurora", "");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    String table = database.equals("postgres") ? SCHEMA + "." + JdbcPrivacyLedger.HISTORY_TABLE : "\"" + JdbcPrivacyLedger.HISTORY_TABLE + "\"";
    try (Connection c = connect.get(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE \"version\" = '1' AND \"success\"")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void migratesNextToAnotherComponentsTablesInTheSameSchema(String database) throws Exception {
    // the feedback inbox keeps its own tables and Flyway history in the same database
    // H2 folds unquoted names to upper case, PostgreSQL to lower case
    String otherSchema = database.equals("postgres") ? SCHEMA + "_shared" : "SHARED";
    String url = database.equals("postgres")
        ? TestServices.postgresUrl()
        : "jdbc:h2:file:" + warehouse.resolve("shared").toAbsolutePath();
    String user = database.equals("postgres") ? TestServices.postgresUser() : "aurora";
    String password = database.equals("postgres") ? TestServices.postgresPassword() : "";
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + otherSchema);
      s.execute("CREATE TABLE " + otherSchema + ".feedback_inbox (id INTEGER PRIMARY KEY)");
    }
    try (PrivacyLedger ledger = JdbcPrivacyLedger.open(url, user, password, otherSchema, 2)) {
      LedgerKey key = key(null);
      assertThat(ledger.debit(key, "run-1", 1.5, 0, 10, "laplace:1").epsilonSpent()).isEqualTo(1.5);
    } finally {
      try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + otherSchema + " CASCADE");
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
      ledger.debit(key, "run-1", 0.5, 0, 10, "laplace:1", "sig-a");
      ledger.debit(key, "run-2", 0.5, 0, 10, "laplace:1", null); // an input without a signature is never re-used
      assertThat(ledger.mayHaveReleased(key, "sig-a")).isTrue();
      assertThat(ledger.mayHaveReleased(key, "sig-b")).isFalse();
      assertThat(ledger.mayHaveReleased(partition, "sig-a")).isFalse();
      assertThat(ledger.mayHaveReleased(key("2026-11-26"), "sig-a")).isFalse();
      // re-debiting a recorded release costs nothing and records nothing, its signature included
      assertThat(ledger.debit(key, "run-1", 0.5, 0, 10, "laplace:1", "sig-b").reused()).isTrue();
      assertThat(ledger.mayHaveReleased(key, "sig-b")).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void releasesRecordedBeforeSignaturesMayBeOfAnyInput(String database) throws Exception {
    // a ledger at version 1 (no signatures) with one release, then opened by this version
    boolean postgres = database.equals("postgres");
    String schema = postgres ? SCHEMA + "_v1" : null;
    String url = postgres ? TestServices.postgresUrl() : "jdbc:h2:file:" + warehouse.resolve("v1").toAbsolutePath();
    String user = postgres ? TestServices.postgresUser() : "aurora";
    String password = postgres ? TestServices.postgresPassword() : "";
    var v1 = org.flywaydb.core.Flyway.configure().dataSource(url, user, password).table(JdbcPrivacyLedger.HISTORY_TABLE)
        .locations("classpath:db/ledger").target("1");
    if (postgres) {
      v1 = v1.schemas(schema).defaultSchema(schema).createSchemas(true);
    }
    v1.load().migrate();
    LedgerKey key = key(null);
    String table = postgres ? schema + ".privacy_release" : "privacy_release";
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + table + " (tenant, dataset, partition_key, release_id, epsilon, delta, mechanisms, released_at) "
          + "VALUES ('" + key.tenant() + "', 'sales', '', 'old-run', 1, 0, 'laplace:1', CURRENT_TIMESTAMP)");
    }
    try (PrivacyLedger ledger = JdbcPrivacyLedger.open(url, user, password, schema, 2)) {
      assertThat(ledger.mayHaveReleased(key, "any-signature")).isTrue();
      assertThat(ledger.mayHaveReleased(key(null), "any-signature")).isFalse();
      assertThat(ledger.entries(key.tenant())).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("old-run");
    } finally {
      if (postgres) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  @Test
  void rejectsBadArgumentsWithoutTouchingTheBudget() {
    try (PrivacyLedger ledger = open("h2")) {
      LedgerKey key = key(null);
      assertThatThrownBy(() -> ledger.debit(key, "run 1; DROP TABLE privacy_budget", 0.1, 0, 10, "laplace:1"))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
      assertThatThrownBy(() -> ledger.debit(key, "run-1", -0.1, 0, 10, "laplace:1")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ledger.debit(key, "run-1", Double.NaN, 0, 10, "laplace:1")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ledger.debit(key, "run-1", 0.1, 0, 0, "laplace:1"))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
      assertThat(ledger.spent(key)).isZero();
      assertThat(ledger.entries(key.tenant())).isEmpty();
    }
  }

  @Test
  void embeddedLedgerIsAFileUnderTheWarehouse() {
    try (PrivacyLedger ledger = open("h2")) {
      ledger.debit(key(null), "run-1", 0.1, 0, 10, "laplace:1");
    }
    assertThat(warehouse.resolve("_ledger").resolve("ledger.mv.db")).isRegularFile();
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
