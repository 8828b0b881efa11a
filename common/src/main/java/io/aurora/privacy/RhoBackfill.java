package io.aurora.privacy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Ledger migration 4: the ρ of every release recorded before the ledger kept ρ, from its (ε, δ) as
 * the run's calibration chose it (ε²/2 for a pure-ε run, else the largest ρ that converts to (ε, δ)),
 * and each budget row's ρ spent as the sum over its releases. Java, because the conversion is a
 * numerical search that SQL cannot express.
 */
final class RhoBackfill implements JavaMigration {
  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("4");
  }

  @Override
  public String getDescription() {
    return "rho backfill";
  }

  @Override
  public Integer getChecksum() {
    return 4;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    record Amounts(BigDecimal epsilon, BigDecimal delta) {}
    List<Amounts> distinct = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT epsilon, delta FROM privacy_release WHERE rho IS NULL")) {
      while (r.next()) {
        distinct.add(new Amounts(r.getBigDecimal(1), r.getBigDecimal(2)));
      }
    }
    try (PreparedStatement update = c.prepareStatement("UPDATE privacy_release SET rho = ? WHERE rho IS NULL AND epsilon = ? AND delta = ?")) {
      for (Amounts a : distinct) {
        double rho = a.epsilon().signum() == 0 ? 0 : Release.rhoOf(a.epsilon().doubleValue(), a.delta().doubleValue());
        update.setBigDecimal(1, JdbcPrivacyLedger.rhoAmount(rho));
        update.setBigDecimal(2, a.epsilon());
        update.setBigDecimal(3, a.delta());
        update.executeUpdate();
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE privacy_budget SET rho_spent = COALESCE((SELECT SUM(r.rho) FROM privacy_release r WHERE r.tenant = "
          + "privacy_budget.tenant AND r.dataset = privacy_budget.dataset AND r.partition_key = privacy_budget.partition_key), 0)");
      s.execute("ALTER TABLE privacy_release ALTER COLUMN rho SET NOT NULL");
    }
  }
}
