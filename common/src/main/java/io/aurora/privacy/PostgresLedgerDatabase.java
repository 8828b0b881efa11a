package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.config.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;

/** The ledger on PostgreSQL: a small connection pool with the configured TLS mode and timeouts. */
final class PostgresLedgerDatabase implements LedgerDatabase {
  private final HikariDataSource pool;
  private final String schema;
  private final String where;

  private PostgresLedgerDatabase(HikariDataSource pool, String schema, String where) {
    this.pool = requireNonNull(pool, "pool is null");
    this.schema = schema;
    this.where = requireNonNull(where, "where is null");
  }

  /** A pool on {@code settings}; tables in {@code schema} (nullable: the connection's default), created by the migrations. */
  static PostgresLedgerDatabase open(PostgresSettings settings, String schema, int poolSize) {
    requireNonNull(settings, "settings is null");
    if (schema != null) {
      Identifiers.require("ledger schema", schema);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("aurora-ledger");
    hikari.setDriverClassName("org.postgresql.Driver");
    hikari.setJdbcUrl(settings.url());
    hikari.setDataSourceProperties(settings.driverProperties());
    hikari.addDataSourceProperty("ApplicationName", "aurora-ledger");
    // Flyway holds one connection for its advisory lock while it migrates on another: a pool of one
    // would wait for itself until the connection timeout
    hikari.setMaximumPoolSize(Math.max(2, poolSize));
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(Math.max(1000L, settings.connectTimeoutSeconds() * 1000L + 1000L));
    hikari.setInitializationFailTimeout(1);
    if (schema != null) {
      // PostgreSQL only sets the search path: the schema may not exist until the migrations create it
      hikari.setSchema(schema);
    }
    try {
      return new PostgresLedgerDatabase(new HikariDataSource(hikari), schema, settings.describe());
    } catch (RuntimeException e) {
      // no cause attached: driver messages may quote the URL
      throw AuroraException.serviceUnavailable("privacy ledger unreachable at " + settings.describe() + " ("
          + JdbcPrivacyLedger.reason(e) + "): refusing to release anything without recording it", null);
    }
  }

  @Override
  public <T> T call(boolean writes, SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.apply(c);
    }
  }

  @Override
  public <T> T migrate(Function<DataSource, T> migration) {
    return migration.apply(pool);
  }

  @Override
  public String schema() {
    return schema;
  }

  @Override
  public boolean readOnly() {
    return false;
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public void close() {
    pool.close();
  }
}
