package io.aurora.bench.profile;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a benchmark process. */
public final class BenchSpark {
  private BenchSpark() {}

  public static SparkSession session(String name) {
    return SparkSession.builder()
        .appName("aurora-bench-" + name)
        .master(System.getProperty("spark.master", "local[*]"))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
