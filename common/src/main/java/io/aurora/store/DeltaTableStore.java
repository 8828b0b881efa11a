package io.aurora.store;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * {@link TableStore} on Delta Lake. Tables are partitioned by {@code tenant} (tenant isolation and
 * cheap {@code forget}); the protocol stays at what delta-rs reads (no deletion vectors, no column
 * mapping). Commits that lose a concurrent-write race are retried.
 */
public final class DeltaTableStore implements TableStore {
  private static final Logger LOG = LogManager.getLogger(DeltaTableStore.class);
  private static final int MAX_ATTEMPTS = 5;
  /** Table property: how long removed files stay readable by time travel and safe from VACUUM. */
  static final String TOMBSTONE_RETENTION = "delta.deletedFileRetentionDuration";
  /** Its value only while {@link #purgeHistory} runs, so that the new checkpoint keeps no tombstone. */
  static final String PURGE_RETENTION = "interval 0 seconds";
  /** Delta's own switch refusing a VACUUM below the table's retention; turned off only for a purge's listing. */
  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  /** Delta's default tombstone retention: what VACUUM keeps at least, so concurrent jobs never lose a file. */
  static final java.time.Duration SAFE_RETENTION = java.time.Duration.ofDays(7);
  /** Attempts of a purge whose checkpoint still lists the tenant's removed files (a concurrent purge restored the retention). */
  private static final int PURGE_ATTEMPTS = 3;
  /** A log file of version V: a commit, its checksum, or a (multi-part) checkpoint; group 1 is V. */
  private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.(?:json|crc|checkpoint\\.parquet|checkpoint\\.\\d+\\.\\d+\\.parquet)");

  private final SparkSession spark;
  private final String root;

  public DeltaTableStore(SparkSession spark, String root) {
    this.spark = requireNonNull(spark, "spark is null");
    requireNonNull(root, "root is null");
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  @Override
  public String root() {
    return root;
  }

  @Override
  public String location(Table table) {
    return root + "/" + table.tableName();
  }

  @Override
  public boolean exists(Table table) {
    return DeltaTable.isDeltaTable(spark, location(table));
  }

  @Override
  public Dataset<Row> read(Table table, StructType schema, String tenant) {
    Identifiers.require("tenant", tenant);
    if (!exists(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().format("delta").load(location(table)).where(functions.col("tenant").equalTo(tenant));
  }

  @Override
  public void commitRun(Table table, StructType schema, String tenant, String runId, Dataset<Row> rows) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("run id", runId);
    // A run's rows are few (one per column at most): one file per run and table, not one per input
    // partition, keeps the write to one task and every later state rebuild and read of the table smaller.
    Dataset<Row> conformed = conform(rows, schema).coalesce(1);
    String predicate = "tenant = '" + tenant + "' AND run_id = '" + runId + "'";
    retrying(table, () -> {
      if (!exists(table)) {
        conformed.write().format("delta").mode("append").partitionBy("tenant").save(location(table));
      } else {
        conformed.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(location(table));
      }
      return null;
    });
  }

  /**
   * A blind append: it reads nothing of the table, where a replaceWhere commit first checks the rows
   * against its predicate (a Spark job) and rebuilds the table's state with statistics to find the
   * files to replace (another job, and Delta's data-skipping planning over every column's statistics).
   */
  @Override
  public void commitNewRun(Table table, StructType schema, String tenant, String runId, Dataset<Row> rows) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("run id", runId);
    Dataset<Row> conformed = conform(rows, schema).coalesce(1);
    // an append is not idempotent: after a failure that may have come after its commit, it is retried
    // only when the run's rows are not in the table
    retrying(table, () -> {
      var writer = conformed.write().format("delta").mode("append");
      if (!exists(table)) {
        writer = writer.partitionBy("tenant");
      }
      writer.save(location(table));
      return null;
    }, () -> holdsRun(table, tenant, runId));
  }

  /** Whether the table holds rows of {@code tenant}'s run {@code runId}. */
  boolean holdsRun(Table table, String tenant, String runId) {
    return exists(table) && !spark.read().format("delta").load(location(table))
        .where(functions.col("tenant").equalTo(tenant).and(functions.col("run_id").equalTo(runId))).isEmpty();
  }

  @Override
  public void upsert(Table table, StructType schema, String tenant, List<String> keyColumns, Dataset<Row> rows, boolean updateExisting) {
    Identifiers.require("tenant", tenant);
    Dataset<Row> conformed = conform(rows, schema);
    retrying(table, () -> {
      if (!exists(table)) {
        conformed.limit(0).write().format("delta").mode("append").partitionBy("tenant").save(location(table));
      }
      String condition = "t.tenant = '" + tenant + "' AND s.tenant = t.tenant AND "
          + keyColumns.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
      var merge = DeltaTable.forPath(spark, location(table)).as("t").merge(conformed.as("s"), condition);
      if (updateExisting) {
        merge = merge.whenMatched().updateAll();
      }
      merge.whenNotMatched().insertAll().execute();
      return null;
    });
  }

  @Override
  public long delete(Table table, String tenant, String dataset) {
    Identifiers.require("tenant", tenant);
    if (!exists(table)) {
      return 0;
    }
    Column cond = functions.col("tenant").equalTo(tenant);
    if (dataset != null) {
      Identifiers.require("dataset", dataset);
      cond = cond.and(functions.col("dataset").equalTo(dataset));
    }
    Column finalCond = cond;
    long before = spark.read().format("delta").load(location(table)).where(finalCond).count();
    retrying(table, () -> {
      DeltaTable.forPath(spark, location(table)).delete(finalCond);
      return null;
    });
    return before;
  }

  @Override
  public void append(Table table, StructType schema, Dataset<Row> rows) {
    Dataset<Row> conformed = conform(rows, schema).coalesce(1);
    retrying(table, () -> {
      var writer = conformed.write().format("delta").mode("append");
      if (!exists(table) && table.holdsTenantRows()) {
        writer = writer.partitionBy("tenant");
      }
      writer.save(location(table));
      return null;
    });
  }

  @Override
  public Optional<Dataset<Row>> readAll(Table table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(spark.read().format("delta").load(location(table)));
  }

  @Override
  public long deleteWhere(Table table, Column condition) {
    requireNonNull(condition, "condition is null");
    if (!exists(table)) {
      return 0;
    }
    return retrying(table, () -> {
      long matched = spark.read().format("delta").load(location(table)).where(condition).count();
      if (matched > 0) {
        DeltaTable.forPath(spark, location(table)).delete(condition);
      }
      return matched;
    });
  }

  @Override
  public long deleteMatching(Table table, List<String> keyColumns, Dataset<Row> keys) {
    requireNonNull(keyColumns, "keyColumns is null");
    requireNonNull(keys, "keys is null");
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("keyColumns is empty");
    }
    if (!exists(table)) {
      return 0;
    }
    // distinct: a MERGE refuses a target row that matches several source rows
    Dataset<Row> distinct = keys.select(keyColumns.stream().map(k -> functions.col("`" + k + "`")).toArray(Column[]::new)).distinct();
    String condition = keyColumns.stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
    return retrying(table, () -> {
      long matched = spark.read().format("delta").load(location(table))
          .join(distinct, JavaConverters.asScalaBuffer(keyColumns).toSeq(), "left_semi").count();
      if (matched > 0) {
        DeltaTable.forPath(spark, location(table)).as("t").merge(distinct.as("s"), condition).whenMatched().delete().execute();
      }
      return matched;
    });
  }

  @Override
  public long update(Table table, Column condition, Map<String, Column> assignments) {
    requireNonNull(condition, "condition is null");
    requireNonNull(assignments, "assignments is null");
    if (!exists(table) || assignments.isEmpty()) {
      return 0;
    }
    return retrying(table, () -> {
      long matched = spark.read().format("delta").load(location(table)).where(condition).count();
      if (matched > 0) {
        DeltaTable.forPath(spark, location(table)).update(condition, assignments);
      }
      return matched;
    });
  }

  @Override
  public Compaction optimize(Table table) {
    if (!exists(table)) {
      return Compaction.NONE;
    }
    return retrying(table, () -> {
      Row metrics = DeltaTable.forPath(spark, location(table)).optimize().executeCompaction()
          .select("metrics.numFilesRemoved", "metrics.numFilesAdded").first();
      return new Compaction(metrics.getLong(0), metrics.getLong(1));
    });
  }

  @Override
  public long vacuum(Table table) {
    if (!exists(table)) {
      return 0;
    }
    // Never below the safe window, whatever the table says: a purge running elsewhere sets it to zero
    // for a moment, and a plain VACUUM at zero would delete files concurrent writers have not committed yet.
    long millis = Math.max(SAFE_RETENTION.toMillis(), DeltaLog.tombstoneRetentionMillis(snapshot(table).metadata()));
    String vacuum = "VACUUM " + sqlName(table) + " RETAIN " + (millis + 3_599_999) / 3_600_000 + " HOURS";
    SparkSession session = vacuumSession();
    // the dry run lists what the VACUUM deletes (the VACUUM itself reports only the table's path)
    long files = session.sql(vacuum + " DRY RUN").count();
    // Delta prints "Deleted N files..." to the console: stdout belongs to the job's report (--json)
    retrying(table, () -> scala.Console.withOut(OutputStream.nullOutputStream(), () -> session.sql(vacuum)));
    return files;
  }

  /**
   * The purge, in an order that keeps concurrent writers of other tenants safe:
   * <ol>
   *   <li>a metadata change (the tombstone retention set to zero): every transaction that read an
   *       earlier version now fails its commit (and AURORA's writers retry on the new version), so a
   *       file written before this point that no version references will never be referenced;
   *   <li>Delta's VACUUM listing at zero retention (the retention check is switched off for that
   *       listing only, in a session of its own); of what it lists, only files in the tenant's
   *       partition written before step 1 are deleted;
   *   <li>a checkpoint of the new version, which keeps no tombstone at zero retention, then every
   *       log file before it: commits, checksums and older checkpoints carry the paths, partition
   *       values and column statistics of the deleted rows;
   *   <li>the tombstone retention back to what it was.
   * </ol>
   * A crash in between leaves the retention at zero; the next purge or VACUUM puts it back.
   */
  @Override
  public HistoryPurge purgeHistory(Table table, String tenant) {
    Identifiers.require("tenant", tenant);
    if (!exists(table)) {
      return new HistoryPurge(0, 0, -1);
    }
    String previous = properties(table).get(TOMBSTONE_RETENTION);
    if (PURGE_RETENTION.equals(previous)) {
      previous = null; // left by a purge that did not finish: the table's own value was the default
    }
    long dataFiles = 0;
    long logFiles = 0;
    long oldest = -1;
    for (int attempt = 1; ; attempt++) {
      long fence = System.currentTimeMillis();
      setTombstoneRetention(table, PURGE_RETENTION);
      long[] log;
      try {
        dataFiles += deleteUnreferencedFiles(table, tenant, fence);
        log = truncateLog(table);
      } finally {
        setTombstoneRetention(table, previous);
      }
      logFiles += log[0];
      oldest = log[1];
      // another purge of the same table (another tenant's forget) may have put the retention back
      // before our checkpoint: then it still lists the tenant's removed files, and we go again
      if (!checkpointNames(table, tenant, oldest)) {
        break;
      }
      if (attempt == PURGE_ATTEMPTS) {
        throw new AuroraException(io.aurora.ExitCode.FAILURE, "the log of table " + table.tableName()
            + " still lists removed files of the tenant after " + attempt + " attempts (concurrent purges?): run forget again");
      }
    }
    removeIfEmpty(new Path(location(table), partitionDirectory(tenant)));
    LOG.info("history of table {} purged: {} data files and {} log files deleted, oldest readable version {}",
        table.tableName(), dataFiles, logFiles, oldest);
    return new HistoryPurge(dataFiles, logFiles, oldest);
  }

  /** Whether the checkpoint of {@code version} lists a file of the tenant's partition as removed. */
  private boolean checkpointNames(Table table, String tenant, long version) {
    String glob = location(table) + "/_delta_log/" + String.format(java.util.Locale.ROOT, "%020d", version) + ".checkpoint*.parquet";
    return spark.read().parquet(glob).where(functions.col("remove").isNotNull()
        .and(functions.col("remove.path").startsWith(partitionDirectory(tenant) + "/"))).limit(1).count() > 0;
  }

  private long deleteUnreferencedFiles(Table table, String tenant, long writtenBefore) {
    SparkSession listing = vacuumSession();
    listing.conf().set(RETENTION_CHECK, "false");
    List<Row> unreferenced = listing.sql("VACUUM " + sqlName(table) + " RETAIN 0 HOURS DRY RUN").collectAsList();
    String partition = partitionDirectory(tenant);
    long deleted = 0;
    try {
      FileSystem fs = new Path(location(table)).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Row row : unreferenced) {
        Path file = new Path(row.getString(0));
        if (file.getParent() == null || !file.getParent().getName().equals(partition)) {
          continue; // another tenant's file: its own VACUUM, at the safe retention, deals with it
        }
        FileStatus status;
        try {
          status = fs.getFileStatus(file);
        } catch (java.io.FileNotFoundException gone) {
          continue;
        }
        if (status.isFile() && status.getModificationTime() < writtenBefore && fs.delete(file, false)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new AuroraException(io.aurora.ExitCode.FAILURE, "cannot delete earlier files of table " + table.tableName()
          + " (" + e.getClass().getSimpleName() + ")", e);
    }
    return deleted;
  }

  /** Checkpoints the latest version and deletes the log before it; returns {files deleted, checkpoint version}. */
  private long[] truncateLog(Table table) {
    DeltaLog log = DeltaLog.forTable(spark, location(table));
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    log.checkpoint(snapshot, Option.empty());
    Path logDir = new Path(location(table), "_delta_log");
    try {
      FileSystem fs = logDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long checkpoint = lastCheckpoint(fs, logDir);
      if (checkpoint < snapshot.version()) {
        // Delta logs a failed checkpoint and goes on; without it the older log must stay
        throw new AuroraException(io.aurora.ExitCode.FAILURE, "could not checkpoint table " + table.tableName()
            + " at version " + snapshot.version() + ": its earlier versions are still readable");
      }
      long deleted = 0;
      for (FileStatus status : fs.listStatus(logDir)) {
        Matcher m = LOG_FILE.matcher(status.getPath().getName());
        if (status.isFile() && m.matches() && Long.parseLong(m.group(1)) < checkpoint && fs.delete(status.getPath(), false)) {
          deleted++;
        }
      }
      return new long[] {deleted, checkpoint};
    } catch (IOException e) {
      throw new AuroraException(io.aurora.ExitCode.FAILURE, "cannot truncate the log of table " + table.tableName()
          + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static long lastCheckpoint(FileSystem fs, Path logDir) throws IOException {
    Path last = new Path(logDir, "_last_checkpoint");
    if (!fs.exists(last)) {
      return -1;
    }
    try (InputStream in = fs.open(last)) {
      return new ObjectMapper().readTree(in).path("version").asLong(-1);
    }
  }

  private void removeIfEmpty(Path directory) {
    try {
      FileSystem fs = directory.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(directory) && fs.listStatus(directory).length == 0) {
        fs.delete(directory, false);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the empty folder of a purged partition ({})", e.getClass().getSimpleName());
    }
  }

  /**
   * A session of its own for VACUUM: its settings never leak into the job's session. Delta's VACUUM
   * lists a table's folders in {@code spark.sql.sources.parallelPartitionDiscovery.parallelism} tasks
   * (10,000 by default, sized for object stores holding millions of files); AURORA's tables have a
   * folder per tenant, so the cluster's default parallelism is plenty.
   */
  private SparkSession vacuumSession() {
    SparkSession session = spark.newSession();
    session.conf().set("spark.sql.sources.parallelPartitionDiscovery.parallelism",
        Integer.toString(Math.max(1, spark.sparkContext().defaultParallelism())));
    session.conf().set("spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions"));
    return session;
  }

  @Override
  public boolean restoreRetentionLeftByPurge(Table table) {
    if (!exists(table) || !PURGE_RETENTION.equals(properties(table).get(TOMBSTONE_RETENTION))) {
      return false;
    }
    LOG.warn("table {}: tombstone retention left at zero by an interrupted purge; restoring the default", table.tableName());
    setTombstoneRetention(table, null);
    return true;
  }

  private void setTombstoneRetention(Table table, String value) {
    String sql = value == null
        ? "ALTER TABLE " + sqlName(table) + " UNSET TBLPROPERTIES IF EXISTS ('" + TOMBSTONE_RETENTION + "')"
        : "ALTER TABLE " + sqlName(table) + " SET TBLPROPERTIES ('" + TOMBSTONE_RETENTION + "' = '" + value.replace("'", "") + "')";
    retrying(table, () -> spark.sql(sql));
  }

  /** The table's properties, from its log's latest metadata (no Spark job). */
  private Map<String, String> properties(Table table) {
    return new HashMap<>(JavaConverters.mapAsJavaMap(snapshot(table).metadata().configuration()));
  }

  private Snapshot snapshot(Table table) {
    return DeltaLog.forTable(spark, location(table)).update(false, Option.empty(), Option.empty());
  }

  /** The folder of {@code tenant}'s partition, escaped as Spark and Delta name it. */
  static String partitionDirectory(String tenant) {
    return "tenant=" + ExternalCatalogUtils.escapePathName(tenant);
  }

  private String sqlName(Table table) {
    return "delta.`" + location(table).replace("`", "``") + "`";
  }

  private static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      String name = schema.fields()[i].name();
      cols[i] = functions.col("`" + name + "`").cast(schema.fields()[i].dataType()).as(name);
    }
    return rows.select(cols);
  }

  private <T> T retrying(Table table, Supplier<T> commit) {
    return retrying(table, commit, () -> false);
  }

  /**
   * Runs {@code commit}, again on a newer snapshot when it lost a race: a concurrent writer committed
   * first (Delta's optimistic concurrency), or a purge of another tenant ({@link #purgeHistory})
   * checkpointed the table and deleted the log files before that checkpoint while this transaction
   * read the snapshot they made up. The second failure may come after the commit itself (a post-commit
   * snapshot update reads the log too): {@code landed} says whether it already took effect, and then
   * it is not repeated. Operations whose repetition changes nothing pass {@code () -> false}.
   */
  <T> T retrying(Table table, Supplier<T> commit, java.util.function.BooleanSupplier landed) {
    Exception last = null;
    boolean mayHaveLanded = false;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        // the check reads the log too, so it fails and is retried like the commit
        if (mayHaveLanded && landed.getAsBoolean()) {
          return null;
        }
        return commit.get();
      } catch (ConcurrentModificationException e) {
        last = e;
      } catch (Exception e) {
        // Spark's jobs throw the checked SparkException from Scala code; rethrown as it came
        if (!logTruncatedUnder(e)) {
          throw e;
        }
        LOG.info("table {}: its log was truncated by a purge while a commit read it; retrying on the new checkpoint", table.tableName());
        last = e;
        mayHaveLanded = true;
        DeltaLog.invalidateCache(spark, new Path(location(table)));
      }
      try {
        Thread.sleep(50L * attempt + (long) (Math.random() * 100));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AuroraException(io.aurora.ExitCode.FAILURE, "interrupted while committing to " + table.tableName(), ie);
      }
    }
    throw new AuroraException(io.aurora.ExitCode.FAILURE,
        "could not commit to table " + table.tableName() + " after " + MAX_ATTEMPTS + " attempts: concurrent writers", last);
  }

  /**
   * Whether {@code e} is a read of a log file that is gone: Spark's {@code SparkFileNotFoundException}
   * (a {@link java.io.FileNotFoundException}) of a file under {@code _delta_log}, thrown directly or as
   * the cause of a failed Spark job.
   */
  static boolean logTruncatedUnder(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("/_delta_log/") && (t instanceof java.io.FileNotFoundException
          || message.contains("FileNotFoundException") && message.contains("does not exist"))) {
        return true;
      }
    }
    return false;
  }
}
