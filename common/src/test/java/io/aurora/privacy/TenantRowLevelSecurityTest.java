package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.config.PostgresSettings;
import io.aurora.learn.FeedbackInbox;
import io.aurora.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The row-level-security example of docs/security.md, run as written against the real PostgreSQL:
 * conf/postgres/tenant-isolation.sql over the ledger and inbox tables that AURORA's own migrations
 * create, then each tenant's role sees and changes only its tenant's rows, also through AURORA's own
 * ledger and inbox code connected as that role, and the owner keeps serving every tenant.
 */
class TenantRowLevelSecurityTest {
  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String ledgerSchema = "rls_ledger_" + suffix;
  private final String inboxSchema = "rls_inbox_" + suffix;
  private final String acme = "rls_acme_" + suffix;
  private final String globex = "rls_globex_" + suffix;
  private final String password = UUID.randomUUID().toString();
  private final List<String> roles = new ArrayList<>();

  private static Connection owner() throws SQLException {
    return DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword());
  }

  private Connection as(String role) throws SQLException {
    return DriverManager.getConnection(TestServices.postgresUrl(), role, password);
  }

  private PGSimpleDataSource dataSource(String role) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(TestServices.postgresUrl());
    ds.setUser(role);
    ds.setPassword(password);
    return ds;
  }

  /** AURORA's own ledger code connected as {@code role} (the owner when null), as a job of that role opens it. */
  private JdbcPrivacyLedger ledger(String role, LedgerPolicy policy) {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.POSTGRES_URL, TestServices.postgresUrl())
        .with(ConfigKeys.POSTGRES_USER, role == null ? TestServices.postgresUser() : role)
        .with(ConfigKeys.POSTGRES_PASSWORD, role == null ? TestServices.postgresPassword() : password);
    return JdbcPrivacyLedger.postgres(PostgresSettings.from(config).orElseThrow(), ledgerSchema, 2, policy);
  }

  /** A lifetime budget of ε = 1 (δ = 1e-9), so that a few runs of ε = 0.5 exhaust it, and a quota of {@code quota} runs per hour. */
  private static LedgerPolicy smallBudget(int quota) {
    return new LedgerPolicy(new LifetimeBudget(1, 1e-9), quota);
  }

  private static Release release(String tenant, String dataset, String id, double epsilon, String identity) {
    return new Release(new LedgerKey(tenant, dataset, null), id, id, epsilon, 1e-9, Release.rhoOf(epsilon, 1e-9), "gaussian", "sig-" + id,
        identity, false);
  }

  private static ExitCode exitOf(Runnable call) {
    try {
      call.run();
    } catch (AuroraException e) {
      return e.exitCode();
    }
    throw new AssertionError("expected the ledger to refuse");
  }

  @BeforeEach
  void tablesIsolationAndTwoTenantRoles() throws Exception {
    try (Connection c = owner(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("the test role may create roles (scripts/services.sh grants CREATEROLE)").isTrue();
    }
    // AURORA's own migrations make the tables, as the first job run by the owning role does
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.POSTGRES_URL, TestServices.postgresUrl())
        .with(ConfigKeys.POSTGRES_USER, TestServices.postgresUser()).with(ConfigKeys.POSTGRES_PASSWORD, TestServices.postgresPassword());
    JdbcPrivacyLedger.postgres(PostgresSettings.from(config).orElseThrow(), ledgerSchema, 1, LedgerPolicy.defaults()).close();
    PGSimpleDataSource ownerDs = new PGSimpleDataSource();
    ownerDs.setUrl(TestServices.postgresUrl());
    ownerDs.setUser(TestServices.postgresUser());
    ownerDs.setPassword(TestServices.postgresPassword());
    new FeedbackInbox(ownerDs, inboxSchema).migrate();

    String script = Files.readString(Path.of(System.getProperty("aurora.repo.root", "..")).resolve("conf/postgres/tenant-isolation.sql"));
    try (Connection c = owner(); Statement s = c.createStatement()) {
      s.execute("SET search_path = " + ledgerSchema);
      s.execute(script);
      for (String role : List.of(acme, globex)) {
        // the password is a random test value; production sets it with \password, never in SQL text
        s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        roles.add(role);
      }
      s.execute("SELECT aurora_enable_tenant_isolation('" + ledgerSchema + "', '" + inboxSchema + "')");
      s.execute("SELECT aurora_grant_tenant('" + ledgerSchema + "', '" + inboxSchema + "', 'acme', '" + acme + "')");
      s.execute("SELECT aurora_grant_tenant('" + ledgerSchema + "', '" + inboxSchema + "', 'globex', '" + globex + "')");
      // the operator's role (the owner) writes for both tenants
      for (String tenant : List.of("acme", "globex")) {
        s.execute("INSERT INTO " + ledgerSchema + ".privacy_budget (tenant, dataset, partition_key, epsilon_spent, delta_spent, releases)"
            + " VALUES ('" + tenant + "', 'sales', '', 9.5, 0, 9)");
        s.execute("INSERT INTO " + ledgerSchema + ".privacy_release (tenant, dataset, partition_key, release_id, epsilon, delta, rho, mechanisms, released_at)"
            + " VALUES ('" + tenant + "', 'sales', '', 'r-" + tenant + "', 1.0, 0, 0.5, 'gaussian', now())");
      }
    }
    new FeedbackInbox(ownerDs, inboxSchema).submit("globex", "f1", "rec-1", "accept", null, "ana");
  }

  @AfterEach
  void dropEverything() throws Exception {
    try (Connection c = owner(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + ledgerSchema + " CASCADE");
      s.execute("DROP SCHEMA IF EXISTS " + inboxSchema + " CASCADE");
      // the schemas took the roles' privileges with them; the roles own nothing
      for (String role : roles) {
        s.execute("DROP ROLE " + role);
      }
    }
  }

  private static List<String> tenants(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT tenant FROM " + table + " ORDER BY tenant")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void eachTenantRoleSeesOnlyItsOwnLedgerRows() throws Exception {
    try (Connection c = as(acme)) {
      assertThat(tenants(c, ledgerSchema + ".privacy_budget")).containsExactly("acme");
      assertThat(tenants(c, ledgerSchema + ".privacy_release")).containsExactly("acme");
    }
    try (Connection c = as(globex)) {
      assertThat(tenants(c, ledgerSchema + ".privacy_budget")).containsExactly("globex");
    }
    try (Connection c = owner()) {
      assertThat(tenants(c, ledgerSchema + ".privacy_budget")).containsExactly("acme", "globex");
    }
  }

  @Test
  void aTenantRoleCannotResetAnotherTenantsBudgetNorSpendUnderItsName() throws Exception {
    try (Connection c = as(acme); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE " + ledgerSchema + ".privacy_budget SET epsilon_spent = 0 WHERE tenant = 'globex'"))
          .as("other tenants' rows are invisible to UPDATE").isZero();
      assertThat(s.executeUpdate("UPDATE " + ledgerSchema + ".privacy_budget SET epsilon_spent = epsilon_spent + 0.5 WHERE tenant = 'acme'"))
          .as("its own budget is debited as usual").isEqualTo(1);
      // moving its own row to the other tenant is refused as well
      assertThatThrownBy(() -> s.executeUpdate("UPDATE " + ledgerSchema + ".privacy_budget SET tenant = 'globex' WHERE tenant = 'acme'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO " + ledgerSchema + ".privacy_release (tenant, dataset, partition_key,"
          + " release_id, epsilon, delta, rho, mechanisms, released_at) VALUES ('globex', 'sales', '', 'forged', 0, 0, 0, 'none', now())"))
          .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + ledgerSchema + ".aurora_tenant_grant"))
          .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }
    try (Connection c = owner(); PreparedStatement ps = c.prepareStatement(
        "SELECT epsilon_spent FROM " + ledgerSchema + ".privacy_budget WHERE tenant = ? AND dataset = 'sales'")) {
      ps.setString(1, "globex");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("9.5");
      }
      ps.setString(1, "acme");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("10.0");
      }
    }
  }

  /** AURORA's own inbox code, connected as a tenant's role: it submits and counts only for that tenant. */
  @Test
  void theFeedbackInboxIsScopedToTheTenantsRole() throws Exception {
    FeedbackInbox asAcme = new FeedbackInbox(dataSource(acme), inboxSchema);
    asAcme.submit("acme", "f2", "rec-2", "correct", "log_transform", "bo");
    assertThat(asAcme.pending("acme")).isEqualTo(1);
    assertThat(asAcme.pending("globex")).as("the owner's globex row is invisible").isZero();
    assertThatThrownBy(() -> asAcme.submit("globex", "f3", "rec-3", "accept", null, "bo"))
        .isInstanceOf(AuroraException.class).hasMessageContaining("42501");
    try (Connection c = as(acme); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE " + inboxSchema + ".feedback_inbox SET consumed_at = now() WHERE tenant = 'globex'")).isZero();
      assertThat(tenants(c, inboxSchema + ".feedback_inbox")).containsExactly("acme");
    }
    assertThat(new FeedbackInbox(dataSource(globex), inboxSchema).pending("globex")).isEqualTo(1);
  }

  /**
   * AURORA's ledger code connected as a tenant's role does everything a job of that tenant needs:
   * the first release of a dataset, a later one, the budget it refuses, the quota, the run protocol,
   * a budget change and the report's reads; the secret keying input identities stays unreadable.
   */
  @Test
  void aTenantRoleDebitsItsOwnTenantThroughTheLedger() throws Exception {
    String identity = "a".repeat(64);
    try (JdbcPrivacyLedger asAcme = ledger(acme, smallBudget(5))) {
      Debit first = asAcme.debit(release("acme", "orders", "run-1", 0.5, identity));
      assertThat(first.reused()).isFalse();
      assertThat(asAcme.budget("acme", "orders")).contains(new LifetimeBudget(1, 1e-9));
      asAcme.markCommitted(new LedgerKey("acme", "orders", null), "run-1");
      Debit second = asAcme.debit(release("acme", "orders", "run-2", 0.3, identity));
      assertThat(second.after().releases()).isEqualTo(2);
      assertThat(asAcme.debit(release("acme", "orders", "run-2", 0.3, identity)).reused()).as("a retried debit costs nothing").isTrue();
      assertThat(asAcme.mayHaveReleased(new LedgerKey("acme", "orders", null), "sig-run-1")).isTrue();
      assertThat(exitOf(() -> asAcme.debit(release("acme", "orders", "run-3", 0.9, identity))))
          .as("beyond the lifetime budget").isEqualTo(ExitCode.BUDGET_EXHAUSTED);
      assertThat(exitOf(() -> asAcme.debit(release("acme", "orders-copy", "run-4", 0.1, identity))))
          .as("the same input under another dataset of the tenant").isEqualTo(ExitCode.BAD_INPUT);
      asAcme.voidRelease(new LedgerKey("acme", "orders", null), "run-2");
      asAcme.setBudget("acme", "orders", new LifetimeBudget(2, 1e-9));
      assertThat(asAcme.budgetChanges("acme", "orders")).extracting(BudgetChange::via)
          .containsExactly(BudgetChange.FIRST_RELEASE, BudgetChange.COMMAND);
      assertThat(asAcme.entries("acme")).filteredOn(e -> e.dataset().equals("orders")).extracting(PrivacyLedger.LedgerEntry::status)
          .containsExactly(JdbcPrivacyLedger.COMMITTED, JdbcPrivacyLedger.VOIDED);
      assertThat(asAcme.spent(new LedgerKey("acme", "orders", null)).releases()).isEqualTo(1);
    }
    try (JdbcPrivacyLedger asAcme = ledger(acme, smallBudget(3))) {
      // acme's three releases of the last hour count (the owner's of set-up and the voided one too): a fourth is refused
      assertThat(exitOf(() -> asAcme.debit(release("acme", "invoices", "run-5", 0.1, null)))).isEqualTo(ExitCode.QUOTA_EXCEEDED);
    }
    try (JdbcPrivacyLedger asGlobex = ledger(globex, smallBudget(2))) {
      assertThat(asGlobex.debit(release("globex", "invoices", "run-1", 0.1, null)).reused()).as("acme's runs count for acme only").isFalse();
    }
    try (Connection c = as(acme); Statement s = c.createStatement()) {
      for (String table : List.of("privacy_ledger_secret", "privacy_input")) {
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + ledgerSchema + "." + table))
            .as(table).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
      }
    }
  }

  /** Another tenant's role can neither see, nor debit, nor reset acme's ledger rows, nor key identifiers for it. */
  @Test
  void anotherTenantsRoleCannotSeeDebitOrResetThem() throws Exception {
    try (JdbcPrivacyLedger asAcme = ledger(acme, smallBudget(0))) {
      asAcme.debit(release("acme", "orders", "run-1", 0.5, "b".repeat(64)));
    }
    try (JdbcPrivacyLedger asGlobex = ledger(globex, smallBudget(0))) {
      // what lists a tenant's rows shows none of acme's; what needs acme's keyed identifiers is refused
      assertThat(asGlobex.entries("acme")).isEmpty();
      assertThat(asGlobex.budgetChanges("acme", "orders")).isEmpty();
      LedgerKey acmeOrders = new LedgerKey("acme", "orders", null);
      for (Runnable call : List.<Runnable>of(() -> asGlobex.debit(release("acme", "orders", "run-x", 0.1, null)),
          () -> asGlobex.setBudget("acme", "orders", new LifetimeBudget(100, 1e-9)),
          () -> asGlobex.voidRelease(acmeOrders, "run-1"), () -> asGlobex.markCommitted(acmeOrders, "run-1"),
          () -> asGlobex.spent(acmeOrders), () -> asGlobex.budget("acme", "orders"))) {
        assertThatThrownBy(call::run).isInstanceOf(AuroraException.class).hasMessageContaining("42501");
      }
      // globex's own work is unaffected
      assertThat(asGlobex.debit(release("globex", "orders", "run-1", 0.5, "b".repeat(64))).reused()).isFalse();
    }
    try (Connection c = as(globex); Statement s = c.createStatement()) {
      for (String table : List.of("privacy_dataset", "privacy_budget_change", "privacy_tenant", "privacy_release")) {
        assertThat(tenants(c, ledgerSchema + "." + table)).as(table).containsOnly("globex");
      }
      assertThat(s.executeUpdate("UPDATE " + ledgerSchema + ".privacy_dataset SET budget_rho = 1000 WHERE tenant = 'acme'")).isZero();
      assertThat(s.executeUpdate("UPDATE " + ledgerSchema + ".privacy_budget SET rho_spent = 0 WHERE tenant = 'acme'")).isZero();
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO " + ledgerSchema + ".privacy_dataset (tenant, dataset, budget_epsilon, "
          + "budget_delta, budget_rho, set_at) VALUES ('acme', 'fresh', 100, 0, 5000, now())"))
          .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
      for (String table : List.of("privacy_ledger_secret", "privacy_input")) {
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + ledgerSchema + "." + table))
            .as(table).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
      }
      // the keyed identifiers of another tenant are not computed for it
      assertThatThrownBy(() -> s.executeQuery("SELECT " + ledgerSchema + ".aurora_ledger_keyed('tenant', ARRAY['acme'])"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
    try (JdbcPrivacyLedger asOwner = ledger(null, smallBudget(0))) {
      assertThat(asOwner.spent(new LedgerKey("acme", "orders", null)).releases()).isEqualTo(1);
      assertThat(asOwner.budget("acme", "orders")).contains(new LifetimeBudget(1, 1e-9));
    }
  }

  /**
   * The owner keeps serving every tenant, also rows its tenants' roles wrote; after the owner
   * forgets a dataset its spend, kept under keyed identifiers, still counts for the tenant's role.
   */
  @Test
  void theOwnerServesEveryTenantAndForgottenSpendStillCountsForTheTenantsRole() throws Exception {
    String identity = "c".repeat(64);
    try (JdbcPrivacyLedger asAcme = ledger(acme, smallBudget(0))) {
      asAcme.debit(release("acme", "orders", "run-1", 0.5, identity));
    }
    try (JdbcPrivacyLedger asOwner = ledger(null, smallBudget(0))) {
      asOwner.debit(release("acme", "orders", "run-2", 0.5, identity));
      asOwner.debit(release("globex", "orders", "run-1", 0.5, null));
      assertThat(asOwner.entries("acme")).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("r-acme", "run-1", "run-2");
      assertThat(asOwner.entries("globex")).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("r-globex", "run-1");
      assertThat(asOwner.forget("acme", "orders")).isEqualTo(2);
    }
    try (JdbcPrivacyLedger asAcme = ledger(acme, smallBudget(0))) {
      assertThat(asAcme.entries("acme")).extracting(PrivacyLedger.LedgerEntry::releaseId).containsExactly("r-acme");
      Spend spent = asAcme.spent(new LedgerKey("acme", "orders", null));
      assertThat(spent.rhoSpent()).as("forgotten spend still counts").isCloseTo(2 * Release.rhoOf(0.5, 1e-9), within(1e-12));
      assertThat(exitOf(() -> asAcme.debit(release("acme", "orders", "run-3", 0.8, null)))).isEqualTo(ExitCode.BUDGET_EXHAUSTED);
      assertThat(exitOf(() -> asAcme.debit(release("acme", "orders-copy", "run-4", 0.1, identity))))
          .as("the forgotten dataset's input under another key").isEqualTo(ExitCode.BAD_INPUT);
    }
  }

  /** The forms the database keys for a tenant's role are exactly those AURORA keys with the secret (the owner's rows match). */
  @Test
  void theDatabaseKeysIdentifiersExactlyAsTheOwnerDoes() throws Exception {
    KeyedForms withSecret;
    try (Connection c = owner(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT secret FROM " + ledgerSchema + ".privacy_ledger_secret WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      withSecret = KeyedForms.withSecret(java.util.HexFormat.of().parseHex(rs.getString(1)));
    }
    KeyedForms inDatabase = KeyedForms.fromDatabase();
    try (Connection c = as(acme); Statement s = c.createStatement()) {
      s.execute("SET search_path = " + ledgerSchema);
      assertThat(inDatabase.tenant(c, "acme")).isEqualTo(withSecret.tenant(null, "acme"));
      assertThat(inDatabase.dataset(c, "acme", "orders")).isEqualTo(withSecret.dataset(null, "acme", "orders"));
      assertThat(inDatabase.partition(c, "acme", "orders", "2026-12")).isEqualTo(withSecret.partition(null, "acme", "orders", "2026-12"));
      assertThat(inDatabase.partition(c, "acme", "orders", "")).isEmpty();
      assertThat(inDatabase.run(c, "acme", "run-1")).isEqualTo(withSecret.run(null, "acme", "run-1"));
      assertThat(inDatabase.identity(c, "d".repeat(64))).isEqualTo(withSecret.identity(null, "d".repeat(64)));
      List<String> partitions = List.of("", "2026-11", "2026-12");
      assertThat(inDatabase.partitions(c, "acme", "orders", partitions)).isEqualTo(withSecret.partitions(null, "acme", "orders", partitions));
      assertThatThrownBy(() -> inDatabase.dataset(c, "globex", "orders"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
  }
}
