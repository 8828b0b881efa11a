package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurora.AuroraException;
import io.aurora.Identifiers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.flywaydb.core.Flyway;

/**
 * The privacy ledger on a JDBC database — PostgreSQL in production, an embedded H2 file under the
 * warehouse by default — with its schema versioned by Flyway ({@code classpath:db/ledger}, history
 * table {@value #HISTORY_TABLE}, so other components can keep their own migrations in the same
 * database).
 *
 * <p><b>Concurrency.</b> A debit is one transaction that first locks the dataset's budget row
 * ({@code SELECT ... FOR UPDATE}), then the partition's: every debit of a dataset is serialised on the
 * first lock, so two runs can never both spend the last of a budget, and the fixed lock order rules out
 * deadlocks. Lock timeouts and serialisation failures are retried a few times.
 *
 * <p><b>Partitions.</b> Releases under a partition key touch only that partition's rows; releases
 * under the whole-dataset key (partition null) touch every row. A row of partition p has therefore
 * lost W + P(p), W being the whole-dataset spend and P(p) the partition's: a partition debit needs
 * W + P(p) + ε ≤ budget and a whole-dataset debit needs W + max over p of P(p) + ε ≤ budget.
 *
 * <p><b>Fail closed.</b> Any database failure is an exit-4 {@link AuroraException}: no release
 * happens without its debit. The connection password is never logged or put in a message.
 */
public final class JdbcPrivacyLedger implements PrivacyLedger {
  /** Flyway history table of the ledger's own migrations. */
  public static final String HISTORY_TABLE = "flyway_ledger_history";

  private static final Logger LOG = LogManager.getLogger(JdbcPrivacyLedger.class);
  private static final String WHOLE_DATASET = "";
  private static final int ATTEMPTS = 5;
  private static final int EPSILON_DECIMALS = 12;
  private static final int DELTA_DECIMALS = 18;
  private static final int MECHANISMS_MAX = 1000;
  private static final int SIGNATURE_MAX = 128;

  private final HikariDataSource dataSource;
  private final String where;

  private JdbcPrivacyLedger(HikariDataSource dataSource, String where) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.where = requireNonNull(where, "where is null");
  }

  /**
   * Opens the ledger at {@code jdbcUrl}, applying pending migrations. {@code schema} (nullable) is
   * created if missing and used for every table. Throws an exit-4 {@link AuroraException} when the
   * database cannot be reached or migrated.
   */
  public static JdbcPrivacyLedger open(String jdbcUrl, String user, String password, String schema, int poolSize) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    String where = describe(jdbcUrl);
    if (schema != null) {
      Identifiers.require("ledger schema", schema);
    }
    // migrate first, on a connection of Flyway's own: the schema may not exist until Flyway creates it,
    // and a pool whose connections are bound to a missing schema fails to start on some databases
    try {
      var flyway = Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .table(HISTORY_TABLE)
          .locations("classpath:db/ledger")
          // another component may already have migrated its own tables into this schema
          .baselineOnMigrate(true)
          .baselineVersion("0");
      if (schema != null) {
        flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
      }
      int applied = flyway.load().migrate().migrationsExecuted;
      LOG.info("privacy ledger at {}: {} migration(s) applied", where, applied);
    } catch (RuntimeException e) {
      // no cause attached: Flyway's messages quote the full JDBC URL, which may carry a password
      throw AuroraException.serviceUnavailable("privacy ledger unreachable at " + where + " or its schema could not be migrated ("
          + reason(e) + "): refusing to release anything without recording it", null);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("aurora-ledger");
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(Math.max(1, poolSize));
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(10_000);
    hikari.setInitializationFailTimeout(1);
    if (schema != null) {
      hikari.setSchema(schema);
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      hikari.addDataSourceProperty("connectTimeout", "5");
      hikari.addDataSourceProperty("ApplicationName", "aurora-ledger");
    }
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw AuroraException.serviceUnavailable("privacy ledger unreachable at " + where + " (" + reason(e)
          + "): refusing to release anything without recording it", e);
    }
    return new JdbcPrivacyLedger(dataSource, where);
  }

  @Override
  public Debit debit(LedgerKey key, String releaseId, double epsilon, double delta, double budget, String mechanisms,
      String inputSignature) {
    requireNonNull(key, "key is null");
    Identifiers.require("release id", releaseId);
    requireNonNull(mechanisms, "mechanisms is null");
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
    }
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1), got " + delta);
    }
    if (!(budget > 0) || Double.isInfinite(budget)) {
      throw AuroraException.badInput("aurora.privacy.dataset-budget must be a positive number, got " + budget);
    }
    BigDecimal eps = amount(epsilon, EPSILON_DECIMALS);
    BigDecimal del = amount(delta, DELTA_DECIMALS);
    BigDecimal limit = BigDecimal.valueOf(budget);
    String names = mechanisms.length() > MECHANISMS_MAX ? mechanisms.substring(0, MECHANISMS_MAX) : mechanisms;
    if (inputSignature != null && (inputSignature.isEmpty() || inputSignature.length() > SIGNATURE_MAX)) {
      throw new IllegalArgumentException("input signature must have 1 to " + SIGNATURE_MAX + " characters");
    }
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        return debitOnce(c, key, releaseId, eps, del, limit, names, inputSignature);
      } catch (SQLException e) {
        last = e;
        if (!retryable(e)) {
          break;
        }
        LOG.info("privacy ledger debit for {}/{} retried after {} (attempt {})", key.tenant(), key.dataset(), e.getSQLState(), attempt);
      }
    }
    throw AuroraException.serviceUnavailable("privacy ledger at " + where + " failed to record the release (" + reason(last)
        + "): nothing was released", last);
  }

  private Debit debitOnce(Connection c, LedgerKey key, String releaseId, BigDecimal eps, BigDecimal del, BigDecimal limit, String names,
      String inputSignature) throws SQLException {
    String partition = partitionOf(key);
    ensureBudgetRow(c, key.tenant(), key.dataset(), WHOLE_DATASET);
    if (!partition.equals(WHOLE_DATASET)) {
      ensureBudgetRow(c, key.tenant(), key.dataset(), partition);
    }
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    try {
      // lock order: dataset row, then partition row — serialises every debit of the dataset
      BigDecimal whole = lockSpent(c, key.tenant(), key.dataset(), WHOLE_DATASET);
      BigDecimal rows = partition.equals(WHOLE_DATASET)
          ? maxPartitionSpent(c, key.tenant(), key.dataset())
          : lockSpent(c, key.tenant(), key.dataset(), partition);
      BigDecimal spent = whole.add(rows);
      if (releaseRecorded(c, key.tenant(), key.dataset(), partition, releaseId)) {
        c.commit();
        return new Debit(releaseId, true, 0, 0, spent.doubleValue(), remaining(limit, spent));
      }
      BigDecimal after = spent.add(eps);
      if (after.compareTo(limit) > 0) {
        c.rollback();
        throw AuroraException.budgetExhausted("privacy budget exhausted for " + describe(key) + ": spent "
            + plain(spent) + " of " + plain(limit) + ", requested " + plain(eps) + ", remaining " + remaining(limit, spent)
            + " (each new --partition has its own budget; re-using an existing release costs nothing)");
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO privacy_release (tenant, dataset, partition_key, release_id, epsilon, delta, mechanisms, released_at, "
              + "input_signature, signature_recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")) {
        insert.setString(1, key.tenant());
        insert.setString(2, key.dataset());
        insert.setString(3, partition);
        insert.setString(4, releaseId);
        insert.setBigDecimal(5, eps);
        insert.setBigDecimal(6, del);
        insert.setString(7, names);
        insert.setTimestamp(8, Timestamp.from(Instant.now()));
        insert.setString(9, inputSignature);
        insert.executeUpdate();
      }
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE privacy_budget SET epsilon_spent = epsilon_spent + ?, delta_spent = delta_spent + ?, releases = releases + 1 "
              + "WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
        update.setBigDecimal(1, eps);
        update.setBigDecimal(2, del);
        update.setString(3, key.tenant());
        update.setString(4, key.dataset());
        update.setString(5, partition);
        update.executeUpdate();
      }
      c.commit();
      return new Debit(releaseId, false, eps.doubleValue(), del.doubleValue(), after.doubleValue(), remaining(limit, after));
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Override
  public double spent(LedgerKey key) {
    requireNonNull(key, "key is null");
    String partition = partitionOf(key);
    try (Connection c = dataSource.getConnection()) {
      BigDecimal whole = readSpent(c, key.tenant(), key.dataset(), WHOLE_DATASET);
      BigDecimal rows = partition.equals(WHOLE_DATASET)
          ? maxPartitionSpent(c, key.tenant(), key.dataset())
          : readSpent(c, key.tenant(), key.dataset(), partition);
      return whole.add(rows).doubleValue();
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("privacy ledger at " + where + " unreachable (" + reason(e) + ")", e);
    }
  }

  @Override
  public boolean mayHaveReleased(LedgerKey key, String inputSignature) {
    requireNonNull(key, "key is null");
    requireNonNull(inputSignature, "inputSignature is null");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT 1 FROM privacy_release WHERE tenant = ? AND dataset = ? AND partition_key = ? "
                + "AND (input_signature = ? OR signature_recorded = FALSE) FETCH FIRST 1 ROWS ONLY")) {
      bindKey(s, key.tenant(), key.dataset(), partitionOf(key));
      s.setString(4, inputSignature);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("privacy ledger at " + where + " unreachable (" + reason(e) + ")", e);
    }
  }

  @Override
  public List<LedgerEntry> entries(String tenant) {
    Identifiers.require("tenant", tenant);
    List<LedgerEntry> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT dataset, partition_key, release_id, epsilon, delta, mechanisms, released_at FROM privacy_release "
                + "WHERE tenant = ? ORDER BY released_at, dataset, partition_key, release_id")) {
      s.setString(1, tenant);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String partition = r.getString(2);
          out.add(new LedgerEntry(tenant, r.getString(1), partition.isEmpty() ? null : partition, r.getString(3),
              r.getBigDecimal(4).doubleValue(), r.getBigDecimal(5).doubleValue(), r.getString(6), r.getTimestamp(7).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("privacy ledger at " + where + " unreachable (" + reason(e) + ")", e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static void ensureBudgetRow(Connection c, String tenant, String dataset, String partition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
      bindKey(s, tenant, dataset, partition);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return;
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO privacy_budget (tenant, dataset, partition_key, epsilon_spent, delta_spent, releases) VALUES (?, ?, ?, 0, 0, 0)")) {
      bindKey(s, tenant, dataset, partition);
      s.executeUpdate();
    } catch (SQLException e) {
      // a concurrent first debit inserted it: that is exactly what we wanted
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static BigDecimal lockSpent(Connection c, String tenant, String dataset, String partition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT epsilon_spent FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ? FOR UPDATE")) {
      bindKey(s, tenant, dataset, partition);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("budget row vanished while debiting", "40001");
        }
        return r.getBigDecimal(1);
      }
    }
  }

  private static BigDecimal readSpent(Connection c, String tenant, String dataset, String partition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT epsilon_spent FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key = ?")) {
      bindKey(s, tenant, dataset, partition);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getBigDecimal(1) : BigDecimal.ZERO;
      }
    }
  }

  private static BigDecimal maxPartitionSpent(Connection c, String tenant, String dataset) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT MAX(epsilon_spent) FROM privacy_budget WHERE tenant = ? AND dataset = ? AND partition_key <> ''")) {
      s.setString(1, tenant);
      s.setString(2, dataset);
      try (ResultSet r = s.executeQuery()) {
        BigDecimal max = r.next() ? r.getBigDecimal(1) : null;
        return max == null ? BigDecimal.ZERO : max;
      }
    }
  }

  private static boolean releaseRecorded(Connection c, String tenant, String dataset, String partition, String releaseId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM privacy_release WHERE tenant = ? AND dataset = ? AND partition_key = ? AND release_id = ?")) {
      bindKey(s, tenant, dataset, partition);
      s.setString(4, releaseId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static void bindKey(PreparedStatement s, String tenant, String dataset, String partition) throws SQLException {
    s.setString(1, tenant);
    s.setString(2, dataset);
    s.setString(3, partition);
  }

  private static String partitionOf(LedgerKey key) {
    return key.partition() == null ? WHOLE_DATASET : key.partition();
  }

  /**
   * The amount recorded: the shortest decimal that reads back as {@code value} (so 0.1 is 0.1),
   * rounded UP at {@code decimals} places so that the ledger never records less than was spent.
   */
  static BigDecimal amount(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.CEILING);
  }

  private static double remaining(BigDecimal limit, BigDecimal spent) {
    return Math.max(0, limit.subtract(spent).doubleValue());
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String describe(LedgerKey key) {
    return "tenant '" + key.tenant() + "', dataset '" + key.dataset() + "'"
        + (key.partition() == null ? "" : ", partition '" + key.partition() + "'");
  }

  private static boolean retryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        // 40001 serialization failure, 40P01 deadlock (PostgreSQL), HYT00 lock timeout (H2)
        if (state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the transaction dies with it
    }
  }

  /** The URL without its parameters: a password may be passed there, and must never be printed. */
  static String describe(String jdbcUrl) {
    int cut = jdbcUrl.length();
    for (char ch : new char[] {'?', ';'}) {
      int i = jdbcUrl.indexOf(ch);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return jdbcUrl.substring(0, cut);
  }

  /** A short cause for a message: the exception type and SQL state, never its text (it may echo credentials). */
  private static String reason(Throwable e) {
    Throwable root = e;
    String state = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SQLException s && s.getSQLState() != null && state == null) {
        state = s.getSQLState();
      }
    }
    return root.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state);
  }
}
