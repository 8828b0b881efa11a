package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL feedback inbox: a table producers INSERT verdicts into, with versioned migrations
 * ({@code classpath:db/inbox}, history table {@code flyway_inbox_history}, own schema), consumed
 * into the Delta {@code feedback} table.
 *
 * <p>Consumption protocol, per tenant (see docs/learning.md for the crash windows):
 * <ol>
 *   <li>a session advisory lock per tenant: one consumer at a time;
 *   <li>one REPEATABLE READ transaction reads the tenant's pending rows ({@code consumed_at IS NULL},
 *       by the partial index, in id order, at most the batch size) and streams them to a staging
 *       file — Spark reads that file, nothing is collected;
 *   <li>the batch is validated and merged into Delta (idempotent by feedback_id);
 *   <li>only then, in the same transaction, the rows are marked consumed — the UPDATE sees exactly
 *       the snapshot that was read, so a row committed meanwhile stays pending — and the id range is
 *       logged in {@code feedback_inbox_consumption}; commit.
 * </ol>
 * A bare "max id seen" watermark is not used on purpose: sequence values are taken at INSERT and can
 * commit out of order, so a later-committing lower id would be skipped for ever.
 */
public final class FeedbackInbox implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(FeedbackInbox.class);
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** First key of the advisory lock: "aurora feedback inbox". */
  private static final int LOCK_CLASS = 0x41464249;

  private final DataSource dataSource;
  private final String schema;
  private final AutoCloseable owned;

  public FeedbackInbox(DataSource dataSource, String schema) {
    this(dataSource, schema, null);
  }

  private FeedbackInbox(DataSource dataSource, String schema, AutoCloseable owned) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    requireNonNull(schema, "schema is null");
    if (!SCHEMA.matcher(schema).matches()) {
      throw AuroraException.badInput("invalid inbox schema '" + schema + "': use lower-case letters, digits and '_'");
    }
    this.schema = schema;
    this.owned = owned;
  }

  /** The inbox of the configured PostgreSQL database, with its own small connection pool. */
  public static FeedbackInbox open(AuroraConfig config) {
    String url = config.find(ConfigKeys.POSTGRES_URL).orElseThrow(() -> AuroraException.badInput(
        "--from-postgres needs aurora.postgres.url (AURORA_POSTGRES_URL) to be set"));
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    config.find(ConfigKeys.POSTGRES_USER).ifPresent(hc::setUsername);
    password(config).ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(Math.max(2, config.getInt(ConfigKeys.POSTGRES_POOL_SIZE)));
    hc.setPoolName("aurora-inbox");
    hc.setInitializationFailTimeout(10_000);
    try {
      HikariDataSource ds = new HikariDataSource(hc);
      return new FeedbackInbox(ds, config.get(ConfigKeys.INBOX_SCHEMA), ds);
    } catch (RuntimeException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox unreachable at the configured aurora.postgres.url", e);
    }
  }

  private static java.util.Optional<String> password(AuroraConfig config) {
    if (config.find(ConfigKeys.POSTGRES_PASSWORD).isPresent()) {
      return config.find(ConfigKeys.POSTGRES_PASSWORD);
    }
    return config.find(ConfigKeys.POSTGRES_PASSWORD_FILE).map(f -> {
      try {
        return Files.readString(java.nio.file.Path.of(f), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw AuroraException.badInput("cannot read aurora.postgres.password-file " + f);
      }
    });
  }

  /** Brings the inbox schema to the newest migration (idempotent; safe beside the ledger's migrations). */
  public void migrate() {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .schemas(schema)
          .createSchemas(true)
          .table("flyway_inbox_history")
          .locations("classpath:db/inbox")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw AuroraException.serviceUnavailable("cannot migrate the feedback inbox schema " + schema + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Ingests one validated batch read from a staging file; returns when the Delta commits are done. */
  @FunctionalInterface
  public interface BatchIngest {
    FeedbackIngest.Report ingest(Dataset<Row> raw);
  }

  /** What one consumption did: rows taken from the inbox (and their id range), and what ingestion made of them. */
  public record Report(long rows, Long firstId, Long lastId, FeedbackIngest.Report ingest) {}

  /**
   * Consumes the pending rows of {@code tenant} (at most {@code batch}) following the protocol of the
   * class comment; {@code stagingRoot} is a folder URI Spark can read (under the warehouse).
   */
  public Report consume(String tenant, String runId, int batch, SparkSession spark, String stagingRoot, BatchIngest ingest) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("run id", runId);
    Path tenantStaging = new Path(stagingFolder(stagingRoot, tenant));
    Path staging = new Path(tenantStaging, runId + ".jsonl");
    try (Connection c = dataSource.getConnection()) {
      lock(c, tenant, true);
      try {
        FileSystem fs = tenantStaging.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(tenantStaging, true); // leftovers of a crashed run: we hold the tenant's lock
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        long rows = 0;
        Long first = null;
        Long last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, feedback_id, recommendation_id, verdict, correct_action, "
            + "user_name, tenant FROM " + table("feedback_inbox")
            + " WHERE tenant = ? AND consumed_at IS NULL ORDER BY id LIMIT ?")) {
          ps.setString(1, tenant);
          ps.setInt(2, batch);
          ps.setFetchSize(10_000); // a cursor: rows stream to the staging file, memory stays flat
          try (ResultSet rs = ps.executeQuery(); OutputStream out = fs.create(staging, true);
              JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            while (rs.next()) {
              long id = rs.getLong(1);
              first = first == null ? id : first;
              last = id;
              rows++;
              g.writeStartObject();
              g.writeStringField("feedback_id", rs.getString(2));
              g.writeStringField("recommendation_id", rs.getString(3));
              g.writeStringField("verdict", rs.getString(4));
              g.writeStringField("correct_action", rs.getString(5));
              g.writeStringField("user", rs.getString(6));
              g.writeStringField("tenant", rs.getString(7));
              g.writeEndObject();
              g.writeRaw('\n');
            }
          }
        }
        FeedbackIngest.Report ingested = null;
        if (rows > 0) {
          ingested = ingest.ingest(new FeedbackFile(spark).read(staging.toString(), FeedbackFile.Format.JSON));
          // Delta has committed: now, and only now, the rows are consumed.
          try (PreparedStatement mark = c.prepareStatement("UPDATE " + table("feedback_inbox")
              + " SET consumed_at = now(), consumed_run_id = ? WHERE tenant = ? AND consumed_at IS NULL AND id BETWEEN ? AND ?")) {
            mark.setString(1, runId);
            mark.setString(2, tenant);
            mark.setLong(3, first);
            mark.setLong(4, last);
            mark.executeUpdate();
          }
          try (PreparedStatement log = c.prepareStatement("INSERT INTO " + table("feedback_inbox_consumption")
              + " (tenant, run_id, first_id, last_id, row_count) VALUES (?, ?, ?, ?, ?)"
              + " ON CONFLICT (tenant, run_id) DO UPDATE SET first_id = EXCLUDED.first_id, last_id = EXCLUDED.last_id,"
              + " row_count = EXCLUDED.row_count, committed_at = now()")) {
            log.setString(1, tenant);
            log.setString(2, runId);
            log.setLong(3, first);
            log.setLong(4, last);
            log.setLong(5, rows);
            log.executeUpdate();
          }
        }
        c.commit();
        fs.delete(tenantStaging, true);
        LOG.info("inbox consumed tenant={} run={} rows={} first_id={} last_id={}", tenant, runId, rows, first, last);
        return new Report(rows, first, last, ingested);
      } catch (RuntimeException | SQLException | IOException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
        lock(c, tenant, false);
      }
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox failed: " + e.getSQLState(), e);
    } catch (IOException e) {
      throw new AuroraException(io.aurora.ExitCode.FAILURE, "cannot stage inbox rows under " + stagingRoot, e);
    }
  }

  /** The folder under {@code stagingRoot} where a consumption of {@code tenant} stages its rows (forget deletes it). */
  public static String stagingFolder(String stagingRoot, String tenant) {
    return stagingRoot + "/_staging/inbox/" + Identifiers.require("tenant", tenant);
  }

  /** Appends one verdict to the inbox as a producer would; returns its id. */
  public long submit(String tenant, String feedbackId, String recommendationId, String verdict, String correctAction, String user) {
    Identifiers.require("tenant", tenant);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
        + table("feedback_inbox") + " (tenant, feedback_id, recommendation_id, verdict, correct_action, user_name)"
        + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, tenant);
      ps.setString(2, feedbackId);
      ps.setString(3, recommendationId);
      ps.setString(4, verdict);
      ps.setString(5, correctAction);
      ps.setString(6, user);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox failed: " + e.getSQLState(), e);
    }
  }

  /** Rows of {@code tenant} not consumed yet. */
  public long pending(String tenant) {
    Identifiers.require("tenant", tenant);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM " + table("feedback_inbox") + " WHERE tenant = ? AND consumed_at IS NULL")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox failed: " + e.getSQLState(), e);
    }
  }

  /**
   * Deletes the inbox rows of {@code tenant} (forget), consumed or not, under the tenant's consumer
   * lock so that no consumption is half done: every row of the tenant and its consumption log when
   * {@code recommendationIds} is null, else the rows judging one of those recommendations (one
   * dataset's). An inbox that was never migrated holds nothing. Returns the rows deleted.
   */
  public long forget(String tenant, java.util.Collection<String> recommendationIds) {
    Identifiers.require("tenant", tenant);
    try (Connection c = dataSource.getConnection()) {
      if (!migrated(c)) {
        return 0;
      }
      lock(c, tenant, true);
      try {
        c.setAutoCommit(false);
        long deleted;
        if (recommendationIds == null) {
          deleted = update(c, "DELETE FROM " + table("feedback_inbox") + " WHERE tenant = ?", tenant);
          update(c, "DELETE FROM " + table("feedback_inbox_consumption") + " WHERE tenant = ?", tenant);
        } else {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table("feedback_inbox")
              + " WHERE tenant = ? AND recommendation_id = ANY (?)")) {
            ps.setString(1, tenant);
            ps.setArray(2, c.createArrayOf("text", recommendationIds.toArray()));
            deleted = ps.executeUpdate();
          }
        }
        c.commit();
        LOG.info("inbox rows deleted by a forget: {}", deleted);
        return deleted;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
        lock(c, tenant, false);
      }
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox failed: " + e.getSQLState(), e);
    }
  }

  /**
   * Deletes the inbox rows submitted before {@code cutoff} (retention), consumed or not, and the
   * consumption log committed before it; returns the inbox rows deleted.
   */
  public long purgeOlderThan(java.time.Instant cutoff) {
    requireNonNull(cutoff, "cutoff is null");
    try (Connection c = dataSource.getConnection()) {
      if (!migrated(c)) {
        return 0;
      }
      java.sql.Timestamp at = java.sql.Timestamp.from(cutoff);
      long deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table("feedback_inbox") + " WHERE submitted_at < ?")) {
        ps.setTimestamp(1, at);
        deleted = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table("feedback_inbox_consumption") + " WHERE committed_at < ?")) {
        ps.setTimestamp(1, at);
        ps.executeUpdate();
      }
      return deleted;
    } catch (SQLException e) {
      throw AuroraException.serviceUnavailable("PostgreSQL feedback inbox failed: " + e.getSQLState(), e);
    }
  }

  private boolean migrated(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
      ps.setString(1, table("feedback_inbox"));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null;
      }
    }
  }

  private static long update(Connection c, String sql, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      return ps.executeUpdate();
    }
  }

  private String table(String name) {
    // schema matched SCHEMA at construction: safe to quote into SQL
    return "\"" + schema + "\"." + name;
  }

  private static void lock(Connection c, String tenant, boolean acquire) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(acquire
        ? "SELECT pg_advisory_lock(?, hashtext(?))" : "SELECT pg_advisory_unlock(?, hashtext(?))")) {
      ps.setInt(1, LOCK_CLASS);
      ps.setString(2, tenant);
      ps.execute();
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback of the inbox transaction failed: {}", e.getSQLState());
    }
  }

  @Override
  public void close() throws Exception {
    if (owned != null) {
      owned.close();
    }
  }
}
