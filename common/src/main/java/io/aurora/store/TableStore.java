package io.aurora.store;

import java.util.List;
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
}
