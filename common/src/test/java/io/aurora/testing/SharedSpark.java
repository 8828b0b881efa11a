package io.aurora.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (VERSIONS.md: a session costs seconds to build). Tests call
 * {@link #session()} and never stop it; the JVM's exit ends it.
 */
public final class SharedSpark {
  private SharedSpark() {}

  private static final class Holder {
    static final SparkSession SESSION = SparkSession.builder()
        .appName("aurora-tests")
        .master("local[2]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate();
  }

  public static SparkSession session() {
    return Holder.SESSION;
  }
}
