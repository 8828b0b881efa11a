package io.aurora.metrics;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;

/** Where a job's batch metrics go when it ends: the configured Pushgateway, or nowhere. */
public interface MetricsSink {
  /** A sink that drops the metrics (no Pushgateway configured). */
  MetricsSink NONE = (metrics, exitCode) -> { };

  /**
   * Delivers the metrics of a run that ended with {@code exitCode}. Must not throw for an
   * unreachable or refusing target: the job's outcome never depends on its metrics.
   */
  void deliver(JobMetrics metrics, int exitCode);

  /** The Pushgateway of {@code aurora.metrics.pushgateway} (with its basic authentication, if set), or {@link #NONE} when it is unset. */
  static MetricsSink from(AuroraConfig config) {
    return config.find(ConfigKeys.PUSHGATEWAY_URL).filter(url -> !url.isBlank())
        .<MetricsSink>map(url -> new Pushgateway(url, Pushgateway.authorization(config))).orElse(NONE);
  }
}
