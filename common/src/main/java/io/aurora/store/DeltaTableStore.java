package io.aurora.store;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.delta.tables.DeltaTable;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * {@link TableStore} on Delta Lake. Tables are partitioned by {@code tenant} (tenant isolation and
 * cheap {@code forget}); the protocol stays at what delta-rs reads (no deletion vectors, no column
 * mapping). Commits that lose a concurrent-write race are retried.
 */
public final class DeltaTableStore implements TableStore {
  private static final int MAX_ATTEMPTS = 5;

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
    retrying(table, () -> {
      var writer = conformed.write().format("delta").mode("append");
      if (!exists(table)) {
        writer = writer.partitionBy("tenant");
      }
      writer.save(location(table));
      return null;
    });
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

  private static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      String name = schema.fields()[i].name();
      cols[i] = functions.col("`" + name + "`").cast(schema.fields()[i].dataType()).as(name);
    }
    return rows.select(cols);
  }

  private <T> T retrying(Table table, Supplier<T> commit) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return commit.get();
      } catch (ConcurrentModificationException e) {
        // Delta's optimistic concurrency: another job committed first; our commit is retried on the new snapshot.
        last = e;
        try {
          Thread.sleep(50L * attempt + (long) (Math.random() * 100));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AuroraException(io.aurora.ExitCode.FAILURE, "interrupted while committing to " + table.tableName(), ie);
        }
      }
    }
    throw new AuroraException(io.aurora.ExitCode.FAILURE,
        "could not commit to table " + table.tableName() + " after " + MAX_ATTEMPTS + " attempts: concurrent writers", last);
  }
}
