package io.aurora.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse's tables. Every read is scoped to one tenant; every write is one atomic commit, and
 * commits keyed by run id are idempotent: re-running a job replaces its own rows, never duplicates.
 */
public interface TableStore {
  /** URI of the warehouse root. */
  String root();

  /** URI of {@code table}. */
  String location(Table table);

  /** True when the table has been created. */
  boolean exists(Table table);

  /** The rows of {@code tenant} in {@code table}; an empty frame of {@code schema} when it does not exist yet. */
  Dataset<Row> read(Table table, StructType schema, String tenant);

  /** Atomically replaces the rows of (tenant, run_id = runId) in {@code table} with {@code rows}. */
  void commitRun(Table table, StructType schema, String tenant, String runId, Dataset<Row> rows);

  /**
   * Atomically adds the rows of a run whose id was generated for this run, so that the table cannot
   * hold any row of it yet: a store may then skip looking for rows to replace. Same result as
   * {@link #commitRun} in that case, which is what this default does.
   */
  default void commitNewRun(Table table, StructType schema, String tenant, String runId, Dataset<Row> rows) {
    commitRun(table, schema, tenant, runId, rows);
  }

  /**
   * Atomically inserts {@code rows} whose key columns match no existing row of the tenant and, when
   * {@code updateExisting}, updates the ones that do (a Delta MERGE).
   */
  void upsert(Table table, StructType schema, String tenant, List<String> keyColumns, Dataset<Row> rows, boolean updateExisting);

  /** Deletes every row of {@code tenant} (and of {@code dataset} when not null) from {@code table}. */
  long delete(Table table, String tenant, String dataset);

  /**
   * Appends {@code rows} in one commit without reading the table (a blind append, retried on
   * conflict), creating it if needed: partitioned by tenant when it {@linkplain Table#holdsTenantRows
   * holds tenant rows}.
   */
  void append(Table table, StructType schema, Dataset<Row> rows);

  /** Every tenant's rows of {@code table} as stored (maintenance and audits only); empty when the table does not exist. */
  Optional<Dataset<Row>> readAll(Table table);

  /** Deletes the rows matching {@code condition} in one commit, retried on a concurrent-write conflict; returns how many matched. */
  long deleteWhere(Table table, Column condition);

  /**
   * Deletes in one commit (a MERGE, retried on conflict) the rows whose {@code keyColumns} equal those
   * of a row of {@code keys}; returns how many matched.
   */
  long deleteMatching(Table table, List<String> keyColumns, Dataset<Row> keys);

  /** Sets {@code assignments} (column → value) on the rows matching {@code condition} in one commit; returns how many matched. */
  long update(Table table, Column condition, Map<String, Column> assignments);

  /** Compacts the table's small files (Delta OPTIMIZE) in one commit, retried on conflict. */
  Compaction optimize(Table table);

  /**
   * Deletes the files that no version within the table's retention window needs (Delta VACUUM with
   * the table's own retention, never less than 7 days: safe beside concurrent jobs); returns how many.
   */
  long vacuum(Table table);

  /**
   * Puts back the default tombstone retention if an interrupted {@link #purgeHistory} left it at zero
   * (other tools' plain VACUUM would use it); returns whether it did. Call it only when no purge of
   * the table can be running.
   */
  boolean restoreRetentionLeftByPurge(Table table);

  /**
   * Makes the rows of {@code tenant} that were deleted from {@code table} unreadable: deletes the
   * data files no current version needs from the tenant's partition, and the table's log before a
   * new checkpoint (time travel then starts at that checkpoint). Other tenants' files are never
   * touched. Idempotent.
   */
  HistoryPurge purgeHistory(Table table, String tenant);
}
