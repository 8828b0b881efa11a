package io.aurora.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTableStoreTest {
  private static final StructType SCHEMA = new StructType()
      .add("tenant", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("value", DataTypes.LongType, false);

  @TempDir
  Path dir;

  private Dataset<Row> rows(SparkSession spark, String tenant, String runId, long... values) {
    List<Row> list = new java.util.ArrayList<>();
    for (long v : values) {
      list.add(RowFactory.create(tenant, runId, "d", v));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  @Test
  void commitRunIsIdempotentPerRunAndScopedToTenant() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));
    store.commitRun(Table.RUNS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 3));
    store.commitRun(Table.RUNS, SCHEMA, "b", "r1", rows(spark, "b", "r1", 9));

    assertThat(store.read(Table.RUNS, SCHEMA, "a").count()).isEqualTo(3);
    assertThat(store.read(Table.RUNS, SCHEMA, "b").count()).isEqualTo(1);
    assertThat(store.read(Table.RULES, SCHEMA, "a").count()).isZero();
  }

  @Test
  void aRunIsCommittedAsOneFileWhateverTheFramesPartitions() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.FINGERPRINTS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2, 3, 4, 5, 6, 7, 8).repartition(4));
    assertThat(spark.read().format("delta").load(store.location(Table.FINGERPRINTS)).inputFiles()).hasSize(1);
    store.commitRun(Table.FINGERPRINTS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 1, 2, 3, 4).repartition(3));
    assertThat(spark.read().format("delta").load(store.location(Table.FINGERPRINTS)).inputFiles()).hasSize(2);
    assertThat(store.read(Table.FINGERPRINTS, SCHEMA, "a").count()).isEqualTo(12);
  }

  /**
   * A new run is a blind append: one Spark job (the write). Replacing a run's rows on the same table
   * also checks them against the replaceWhere predicate and rebuilds the table's state to find files
   * to remove; those jobs must not come back for a run id that cannot have rows yet.
   */
  @Test
  void aNewRunIsAppendedWithOneSparkJob() throws Exception {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.commitRun(Table.RUNS, SCHEMA, "a", "r1", rows(spark, "a", "r1", 1, 2));

    long replaceJobs = jobsOf(spark, () -> store.commitRun(Table.RUNS, SCHEMA, "a", "r2", rows(spark, "a", "r2", 3)));
    long appendJobs = jobsOf(spark, () -> store.commitNewRun(Table.RUNS, SCHEMA, "a", "r3", rows(spark, "a", "r3", 4, 5)));

    assertThat(appendJobs).isEqualTo(1);
    assertThat(replaceJobs).isGreaterThan(appendJobs);
    assertThat(store.read(Table.RUNS, SCHEMA, "a").collectAsList()).extracting(r -> r.getLong(3)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    store.commitNewRun(Table.FEEDBACK_REJECTS, SCHEMA, "b", "r1", rows(spark, "b", "r1", 9)); // creates a table too
    assertThat(store.read(Table.FEEDBACK_REJECTS, SCHEMA, "b").count()).isEqualTo(1);
  }

  private static long jobsOf(SparkSession spark, Runnable action) throws java.util.concurrent.TimeoutException {
    return io.aurora.testing.SparkJobs.during(spark, action);
  }

  @Test
  void upsertInsertsOnlyNewKeysAndDeleteRemovesTenantRows() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.toString());
    store.upsert(Table.FEEDBACK, SCHEMA, "a", List.of("run_id"), rows(spark, "a", "f1", 1), false);
    store.upsert(Table.FEEDBACK, SCHEMA, "a", List.of("run_id"), rows(spark, "a", "f1", 5), false);
    store.upsert(Table.FEEDBACK, SCHEMA, "b", List.of("run_id"), rows(spark, "b", "f1", 7), false);
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "a").collectAsList()).extracting(r -> r.getLong(3)).containsExactly(1L);

    assertThat(store.delete(Table.FEEDBACK, "a", null)).isEqualTo(1);
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "a").count()).isZero();
    assertThat(store.read(Table.FEEDBACK, SCHEMA, "b").count()).isEqualTo(1);
  }
}
