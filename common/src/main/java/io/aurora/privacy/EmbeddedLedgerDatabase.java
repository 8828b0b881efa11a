package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The embedded ledger: an H2 file database at {@code <warehouse>/_ledger/ledger}, opened in process
 * for one short call at a time and closed again, with no server and no listening port.
 *
 * <p><b>Between processes</b> H2 locks the database file while it is open (an operating-system file
 * lock, which the kernel releases when a process dies, also on {@code kill -9}); a process that finds
 * it locked retries with back-off for up to the lock timeout, then fails with exit 4. Each call opens
 * the file, runs one transaction and closes it, so concurrent runs take turns within milliseconds and
 * nobody holds the file while Spark scans. <b>Durability</b>: every call that writes ends with
 * {@code CHECKPOINT SYNC}, which writes the committed transaction to the file and forces it to the
 * device before the call returns — a debit that returned survives a crash of the process (H2's
 * default write delay would otherwise keep it in memory for up to half a second). H2's file format is
 * copy-on-write: a process killed in the middle of a write leaves the last committed state.
 * Within one process, concurrent calls share the open database and serialise on its row locks.
 */
final class EmbeddedLedgerDatabase implements LedgerDatabase {
  /** H2's error code for a database file that another process has open. */
  private static final int DATABASE_ALREADY_OPEN = 90020;

  private final Path file;
  private final String url;
  private final boolean readOnly;
  private final Duration lockTimeout;

  EmbeddedLedgerDatabase(Path folder, boolean readOnly, Duration lockTimeout) {
    requireNonNull(folder, "folder is null");
    this.file = folder.resolve("ledger").toAbsolutePath();
    this.readOnly = readOnly;
    this.lockTimeout = requireNonNull(lockTimeout, "lockTimeout is null");
    // LOCK_TIMEOUT: row locks between threads of this process; ACCESS_MODE_DATA=r never writes the file.
    // MAX_COMPACT_TIME=0: no compaction when the database closes (after every call). Compaction moves
    // committed chunks inside the file; under assertions it trips an H2 assertion midway and the
    // next opening read an older state. The ledger is small and H2 reuses free space without it.
    this.url = "jdbc:h2:file:" + file + ";LOCK_TIMEOUT=" + lockTimeout.toMillis() + ";MAX_COMPACT_TIME=0"
        + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
  }

  @Override
  public <T> T call(boolean writes, SqlWork<T> work) throws SQLException {
    if (writes && readOnly) {
      throw readOnlyWarehouse();
    }
    try (Connection c = connect()) {
      T result = work.apply(c);
      if (writes) {
        sync(c);
      }
      return result;
    }
  }

  @Override
  public <T> T migrate(Function<DataSource, T> migration) {
    // one connection held open for the whole migration keeps the file this process's: no other
    // process can open it between the migration tool's own connections
    try (Connection guard = connect()) {
      T result = migration.apply(new FileDataSource());
      if (!readOnly) {
        sync(guard);
      }
      return result;
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("privacy ledger at " + where() + " could not be opened (" + JdbcPrivacyLedger.reason(e)
          + "): refusing to release anything without recording it", null);
    }
  }

  @Override
  public String schema() {
    return null;
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public String where() {
    return file.getParent().toString();
  }

  @Override
  public void close() {
    // nothing is held between calls
  }

  /** A connection, waiting (with jittered back-off) while another process has the file open. */
  private Connection connect() throws SQLException {
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    long pause = 5;
    Properties credentials = new Properties();
    credentials.setProperty("user", "aurora");
    credentials.setProperty("password", "");
    while (true) {
      try {
        return new org.h2.Driver().connect(url, credentials);
      } catch (SQLException e) {
        if (e.getErrorCode() != DATABASE_ALREADY_OPEN) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new SQLException("the embedded ledger file stayed locked by another process for " + lockTimeout.toSeconds() + " s", "55P03", e);
        }
      }
      try {
        Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the embedded ledger", "57014", ie);
      }
      pause = Math.min(100, pause * 2);
    }
  }

  private static void sync(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }

  private AuroraException readOnlyWarehouse() {
    return AuroraException.badInput("the warehouse " + file.getParent().getParent() + " is read-only: its privacy ledger "
        + file.getParent() + " cannot record a release (profile and run write the warehouse; privacy-report, review and rules only read it)");
  }

  /** The migration tool's data source: connections to the same file, waiting for it like every call. */
  private final class FileDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connect();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return connect();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
