package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
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
 * create, then each tenant's role sees and changes only its tenant's rows.
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

  @BeforeEach
  void tablesIsolationAndTwoTenantRoles() throws Exception {
    try (Connection c = owner(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("the test role may create roles (scripts/services.sh grants CREATEROLE)").isTrue();
    }
    // AURORA's own migrations make the tables, as the first job run by the owning role does
    JdbcPrivacyLedger.open(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword(),
        ledgerSchema, 1).close();
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
        s.execute("INSERT INTO " + ledgerSchema + ".privacy_release (tenant, dataset, partition_key, release_id, epsilon, delta, mechanisms, released_at)"
            + " VALUES ('" + tenant + "', 'sales', '', 'r-" + tenant + "', 1.0, 0, 'gaussian', now())");
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
          + " release_id, epsilon, delta, mechanisms, released_at) VALUES ('globex', 'sales', '', 'forged', 0, 0, 'none', now())"))
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
}
