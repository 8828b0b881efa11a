package io.aurora.spark;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a job, with Delta and S3A configured from {@link AuroraConfig}. */
public final class SparkSessions {
  /** Tasks Delta uses to rebuild a table's state from its log (Delta's default: 50). */
  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  /** Whether Delta keeps a small table's file list in each commit's checksum file (Delta's default: true). */
  static final String ALL_FILES_IN_CHECKSUM = "spark.databricks.delta.allFilesInCrc.enabled";

  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

  private SparkSessions() {}

  /**
   * A session for a job named {@code appName}. Under {@code spark-submit} the master comes from the
   * submitter; otherwise from {@code aurora.spark.master}, defaulting to {@code local[*]}.
   */
  public static SparkSession create(String appName, AuroraConfig config) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    boolean submitted = System.getProperty("spark.master") != null;
    String master = submitted ? System.getProperty("spark.master") : config.find(ConfigKeys.SPARK_MASTER).orElse("local[*]");
    if (!submitted) {
      b = b.master(master);
      if (System.getProperty("spark.driver.host") == null) {
        b = b.config("spark.driver.host", "127.0.0.1");
      }
    }
    b = b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
        .config("spark.sql.shuffle.partitions", System.getProperty("spark.sql.shuffle.partitions", "8"))
        // keep tables readable by delta-rs (SPEC §2.3)
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "false")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false");
    for (Map.Entry<String, String> setting : deltaSettings(master, Runtime.getRuntime().availableProcessors()).entrySet()) {
      if (System.getProperty(setting.getKey()) == null) { // an operator's own setting always wins
        b = b.config(setting.getKey(), setting.getValue());
      }
    }
    if (config.find(ConfigKeys.S3_ENDPOINT).isPresent()) {
      b = b.config("spark.hadoop.fs.s3a.endpoint", config.get(ConfigKeys.S3_ENDPOINT))
          .config("spark.hadoop.fs.s3a.path.style.access", config.get(ConfigKeys.S3_PATH_STYLE))
          .config("spark.hadoop.fs.s3a.connection.ssl.enabled",
              String.valueOf(config.get(ConfigKeys.S3_ENDPOINT).startsWith("https")))
          .config("spark.hadoop.fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    }
    SparkSession spark = b.getOrCreate();
    // Credentials are set on the Hadoop conf, not the Spark conf, so they never show in the UI's environment tab.
    config.find(ConfigKeys.S3_ACCESS_KEY).ifPresent(v -> spark.sparkContext().hadoopConfiguration().set("fs.s3a.access.key", v));
    config.find(ConfigKeys.S3_SECRET_KEY).ifPresent(v -> spark.sparkContext().hadoopConfiguration().set("fs.s3a.secret.key", v));
    return spark;
  }

  /**
   * Delta settings that spare AURORA's small tables work sized for big ones, for a session on
   * {@code master}.
   */
  static Map<String, String> deltaSettings(String master, int availableProcessors) {
    Map<String, String> settings = new LinkedHashMap<>();
    // Every read of a Delta table (the re-use lookup, a replaceWhere commit) first rebuilds its state in
    // 50 tasks; AURORA's tables hold a few small files per run, and on one machine tasks beyond its cores
    // only add scheduling (the re-use lookup's 50-task job took 5-6 s of a 30 s run). Clusters keep
    // Delta's default.
    localCores(master, availableProcessors).ifPresent(cores -> settings.put(SNAPSHOT_PARTITIONS, Integer.toString(cores)));
    // Delta 3.3 copies a small table's file list into each commit's checksum file, which for the first
    // commit of a table means building its action encoder and generating code (about 2.5 s of CPU in the
    // first profile run of a warehouse). Nothing here reads that list back; re-use and new-release runs
    // measured the same without it.
    settings.put(ALL_FILES_IN_CHECKSUM, "false");
    return settings;
  }

  /**
   * The cores a local {@code master} ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]})
   * runs tasks on; empty for any other master (a cluster).
   */
  static OptionalInt localCores(String master, int availableProcessors) {
    Matcher m = LOCAL_MASTER.matcher(master.trim());
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    String n = m.group(1);
    if (n == null) {
      return OptionalInt.of(1);
    }
    return OptionalInt.of(Math.max(1, n.equals("*") ? availableProcessors : Integer.parseInt(n)));
  }
}
