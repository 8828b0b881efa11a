package io.aurora.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where the ledger's tables live and how a call gets a connection: a pooled PostgreSQL database, or
 * the embedded file database, which only one process at a time opens (for one short call).
 */
interface LedgerDatabase extends AutoCloseable {
  /** Work on one connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection of its own; {@code writes} says whether it changes anything
   * (then what it committed is on disk when this returns).
   */
  <T> T call(boolean writes, SqlWork<T> work) throws SQLException;

  /** Runs {@code migration} with a data source of this database, exclusively where the database needs it. */
  <T> T migrate(java.util.function.Function<DataSource, T> migration);

  /** The schema of the ledger's tables, or null for the connection's default. */
  String schema();

  /** Whether the database refuses writes (a read-only warehouse). */
  boolean readOnly();

  /** Where the database is, fit for messages (no credentials). */
  String where();

  @Override
  void close();
}
