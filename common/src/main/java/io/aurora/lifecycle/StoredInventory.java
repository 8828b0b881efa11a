package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.aurora.Identifiers;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the warehouse keeps about one tenant, per dataset and partition: for every table its row
 * count, oldest and newest row, and the date maintain will purge the oldest. Rows that belong to no
 * dataset (feedback rejects, rules) are listed for the tenant as a whole. One small aggregation per
 * table; nothing but counts and times reaches the driver.
 */
public final class StoredInventory {
  /** The (dataset, partition) a row belongs to; both null for the tenant as a whole. */
  public record Key(String dataset, String partition) implements Comparable<Key> {
    public static final Key TENANT = new Key(null, null);

    @Override
    public int compareTo(Key o) {
      int c = compare(dataset, o.dataset);
      return c != 0 ? c : compare(partition, o.partition);
    }

    private static int compare(String a, String b) {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : -1) : 1;
      }
      return a.compareTo(b);
    }
  }

  private final TableStore store;
  private final int retentionDays;

  public StoredInventory(TableStore store, int retentionDays) {
    this.store = requireNonNull(store, "store is null");
    this.retentionDays = retentionDays;
  }

  /** Every kind of row kept about {@code tenant}, by dataset and partition (sorted; the tenant as a whole first). */
  public Map<Key, List<StoredRows>> of(String tenant) {
    Identifiers.require("tenant", tenant);
    Map<Key, List<StoredRows>> out = new TreeMap<>();
    Optional<Dataset<Row>> runs = store.readAll(Table.RUNS).map(r -> r.where(col("tenant").equalTo(tenant)));
    for (Table table : Table.values()) {
      if (!table.holdsTenantRows()) {
        continue;
      }
      Optional<Dataset<Row>> all = store.readAll(table);
      if (all.isEmpty()) {
        continue;
      }
      Dataset<Row> rows = all.get().where(col("tenant").equalTo(tenant));
      List<String> columns = Arrays.asList(rows.columns());
      Column time = timeOf(table, columns);
      Column dataset = columns.contains("dataset") ? col("dataset") : lit(null).cast("string");
      Column partition;
      if (columns.contains("partition")) {
        partition = col("partition");
      } else if (columns.contains("run_id") && columns.contains("dataset") && runs.isPresent()) {
        // recommendations and feedback name their run; the run names its partition
        rows = rows.join(runs.get().select(col("run_id").as("p_run_id"), col("partition").as("p_partition")),
            col("run_id").equalTo(col("p_run_id")), "left");
        partition = col("p_partition");
      } else {
        partition = lit(null).cast("string");
      }
      List<Row> groups = rows.groupBy(dataset.as("k_dataset"), partition.as("k_partition"))
          .agg(count(lit(1)).as("n"), min(time).as("oldest"), max(time).as("newest")).collectAsList();
      for (Row g : groups) {
        Instant oldest = g.isNullAt(3) ? null : g.<Timestamp>getAs("oldest").toInstant();
        Instant newest = g.isNullAt(4) ? null : g.<Timestamp>getAs("newest").toInstant();
        Instant purgeAfter = Retention.age(table).isPresent() && oldest != null ? oldest.plus(Duration.ofDays(retentionDays)) : null;
        out.computeIfAbsent(new Key(g.getAs("k_dataset"), g.getAs("k_partition")), k -> new ArrayList<>())
            .add(new StoredRows(table.tableName(), g.<Long>getAs("n"), oldest, newest, purgeAfter));
      }
    }
    return out;
  }

  /** The column that dates a row: the one retention purges by, else the table's creation or update time. */
  private static Column timeOf(Table table, List<String> columns) {
    return Retention.age(table).orElseGet(() -> table == Table.RULES ? col("updated_at")
        : columns.contains("created_at") ? col("created_at") : lit(null).cast("timestamp"));
  }
}
