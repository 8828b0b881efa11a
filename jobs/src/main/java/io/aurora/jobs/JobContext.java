package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.AuroraConfigLoader;
import io.aurora.config.ConfigKeys;
import io.aurora.metrics.JobMetrics;
import io.aurora.metrics.MetricsSink;
import io.aurora.spark.SparkSessions;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.TableStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Everything one job needs, built once at its entry and passed down: resolved configuration, the
 * SparkSession, the table store, stdout for --json output, the run's batch metrics and where they
 * go. No global state.
 */
public final class JobContext implements AutoCloseable {
  private final String job;
  private final AuroraConfig config;
  private final SparkSession spark;
  private final TableStore store;
  private final boolean json;
  private final PrintStream out;
  private final boolean ownsSession;
  private final JobMetrics metrics;
  private final MetricsSink metricsSink;

  private JobContext(String job, AuroraConfig config, SparkSession spark, TableStore store, boolean json, PrintStream out,
      boolean ownsSession, JobMetrics metrics, MetricsSink metricsSink) {
    this.job = requireNonNull(job, "job is null");
    this.config = requireNonNull(config, "config is null");
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
    this.json = json;
    this.out = requireNonNull(out, "out is null");
    this.ownsSession = ownsSession;
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.metricsSink = requireNonNull(metricsSink, "metricsSink is null");
  }

  /** Resolves configuration for {@code job} from the command's options and the process environment. */
  public static AuroraConfig resolveConfig(CommonOptions common, Map<String, String> flags) {
    Map<String, String> allFlags = new HashMap<>(flags);
    if (common.tenant != null) {
      allFlags.put(ConfigKeys.TENANT.name(), common.tenant);
    }
    if (common.warehouse != null) {
      allFlags.put(ConfigKeys.WAREHOUSE.name(), common.warehouse);
    }
    Path file = common.configFile;
    if (file == null && Files.isRegularFile(Path.of("conf", "aurora.properties"))) {
      file = Path.of("conf", "aurora.properties");
    }
    Map<String, String> sparkConf = new HashMap<>();
    for (Tuple2<String, String> t : new SparkConf(true).getAll()) {
      sparkConf.put(t._1(), t._2());
    }
    AuroraConfig config = AuroraConfigLoader.load(allFlags, common.conf, sparkConf, System.getenv(), file);
    Identifiers.require("tenant", config.get(ConfigKeys.TENANT));
    // names only: values may be URLs with credentials in them, and secrets are never logged
    LogManager.getLogger(JobContext.class).info("configuration resolved: tenant {}, keys set {}, config file {}",
        config.get(ConfigKeys.TENANT), config.asMap().keySet(), file == null ? "none" : file);
    return config;
  }

  /** Opens the context: builds the SparkSession and the table store. */
  public static JobContext open(String job, CommonOptions common, Map<String, String> flags) {
    long started = System.nanoTime();
    AuroraConfig config = resolveConfig(common, flags);
    // A session that already exists (an embedding application, the test JVM's shared one) is not ours to stop.
    boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create("aurora-" + job, config);
    TableStore store = new DeltaTableStore(spark, config.get(ConfigKeys.WAREHOUSE));
    JobMetrics metrics = JobMetrics.startedAt(job, config.get(ConfigKeys.TENANT), started);
    return new JobContext(job, config, spark, store, common.json, System.out, !existed, metrics, MetricsSink.from(config));
  }

  public String job() {
    return job;
  }

  public AuroraConfig config() {
    return config;
  }

  public SparkSession spark() {
    return spark;
  }

  public TableStore store() {
    return store;
  }

  public String tenant() {
    return config.get(ConfigKeys.TENANT);
  }

  public boolean json() {
    return json;
  }

  /** The batch metrics of this run, which the command fills as it learns counts (SPEC §8). */
  public JobMetrics metrics() {
    return metrics;
  }

  /**
   * Runs the command's {@code body} and pushes this run's metrics once when it ends, also when it
   * fails (with the failure's exit code); returns the body's exit code or rethrows its error.
   */
  public int metered(Callable<Integer> body) throws Exception {
    return metrics.measure(metricsSink, body);
  }

  /** Standard output: JSON lines with --json, human-readable lines otherwise. Never logs. */
  public PrintStream out() {
    return out;
  }

  @Override
  public void close() {
    // Under spark-submit the JVM's exit stops the session anyway; stopping here keeps local runs tidy.
    if (ownsSession) {
      spark.stop();
    }
  }
}
