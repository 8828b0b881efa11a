package io.aurora.metrics;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The structured event log of one job run: every event is one JSON log line carrying job, run_id,
 * tenant, dataset and phase, plus numeric counts. Only identifiers and numbers are accepted, so a
 * value read from a user's dataset cannot reach a log line through this API. Log events are outside
 * the trust boundary (SPEC §4): a count of the data logged here must be a released (noisy) one.
 *
 * <pre>{@code
 * JobLog log = JobLog.of("profile", tenant).withRunId(runId).withDataset(dataset);
 * try (JobLog.Phase read = log.phase("read")) {
 *   ... read.count("rows_released", released.rowsEstimate()); read.count("rows_malformed_released", stored.rowsMalformed());
 * }                                     // -> {"message":"phase.finished","phase":"read","duration_ms":..., ...}
 * log.event("run.finished", Map.of("columns", 12, "epsilon_spent", 1.0));
 * }</pre>
 */
public final class JobLog {
  private static final Logger LOG = LogManager.getLogger("io.aurora.events");

  private final Logger logger;
  private final String job;
  private final String tenant;
  private final Optional<String> runId;
  private final Optional<String> dataset;

  private JobLog(Logger logger, String job, String tenant, Optional<String> runId, Optional<String> dataset) {
    this.logger = requireNonNull(logger, "logger is null");
    this.job = requireNonNull(job, "job is null");
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.dataset = requireNonNull(dataset, "dataset is null");
  }

  /** The log of {@code job} (a command name) for {@code tenant}, written to the {@code io.aurora.events} logger. */
  public static JobLog of(String job, String tenant) {
    return new JobLog(LOG, Identifiers.require("job", job), Identifiers.require("tenant", tenant), Optional.empty(), Optional.empty());
  }

  /** The same log writing to {@code logger} (tests capture it). */
  public JobLog withLogger(Logger logger) {
    return new JobLog(logger, job, tenant, runId, dataset);
  }

  public JobLog withRunId(String runId) {
    return new JobLog(logger, job, tenant, Optional.of(Identifiers.require("run id", runId)), dataset);
  }

  public JobLog withDataset(String dataset) {
    return new JobLog(logger, job, tenant, runId, Optional.of(Identifiers.require("dataset", dataset)));
  }

  /** Logs event {@code name} (letters, digits, '.', '_', '-') with numeric {@code counts}, at INFO. */
  public void event(String name, Map<String, ? extends Number> counts) {
    logger.info(build(name, null, null, counts));
  }

  /** Logs event {@code name} at WARN, e.g. a degraded service (the reason must not contain data values). */
  public void warn(String name, Map<String, ? extends Number> counts) {
    logger.warn(build(name, null, null, counts));
  }

  /** Starts timing {@code phase}: closing the returned phase logs {@code phase.finished} with its duration and counts. */
  public Phase phase(String phase) {
    return new Phase(this, Identifiers.require("phase", phase), System.nanoTime());
  }

  JobEvent build(String name, String phase, Long durationMs, Map<String, ? extends Number> counts) {
    Identifiers.require("event name", name);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", name);
    fields.put("job", job);
    fields.put("tenant", tenant);
    runId.ifPresent(v -> fields.put("run_id", v));
    dataset.ifPresent(v -> fields.put("dataset", v));
    if (phase != null) {
      fields.put("phase", phase);
    }
    if (durationMs != null) {
      fields.put("duration_ms", durationMs);
    }
    counts.forEach((k, v) -> {
      Identifiers.require("count name", k);
      fields.put(k, requireNonNull(v, "count " + k + " is null"));
    });
    return new JobEvent(name, fields);
  }

  /** A timed phase of a job; counts added while it runs are logged when it closes. */
  public static final class Phase implements AutoCloseable {
    private final JobLog log;
    private final String name;
    private final long startNanos;
    private final Map<String, Number> counts = new LinkedHashMap<>();
    private boolean closed;

    private Phase(JobLog log, String name, long startNanos) {
      this.log = log;
      this.name = name;
      this.startNanos = startNanos;
    }

    /** Records (or replaces) count {@code key} of this phase. */
    public Phase count(String key, Number value) {
      counts.put(Identifiers.require("count name", key), requireNonNull(value, "value is null"));
      return this;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      long ms = (System.nanoTime() - startNanos) / 1_000_000L;
      log.logger.info(log.build("phase.finished", name, ms, counts));
    }
  }
}
