package io.aurora.metrics;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The batch metrics of one job run (SPEC §8), built at the job's entry and filled by the command as
 * it learns counts; {@link #measure} runs the job's body and hands the metrics to a
 * {@link MetricsSink} exactly once at its end, whether the job succeeded or failed. Grouped by job,
 * tenant and (when the job has one) dataset, all validated identifiers.
 *
 * <pre>{@code
 * JobMetrics metrics = JobMetrics.start("profile", tenant).dataset("sales");
 * return metrics.measure(sink, () -> {
 *   metrics.set("aurora_rows_read", 1200);
 *   metrics.add("aurora_recommendations", Map.of("status", "confident", "source", "expert"), 1);
 *   return 0;
 * });
 * }</pre>
 */
public final class JobMetrics {
  public static final String DURATION = "aurora_job_duration_seconds";
  public static final String SUCCESS = "aurora_job_success";
  public static final String EXIT_CODE = "aurora_job_exit_code";
  public static final String LAST_SUCCESS = "aurora_job_last_success_timestamp_seconds";
  public static final String LAST_FAILURE = "aurora_job_last_failure_timestamp_seconds";

  private final String job;
  private final String tenant;
  private final LongSupplier nanoTime;
  private final Clock clock;
  private final long startNanos;
  private final Map<List<Object>, MetricSample> samples = new LinkedHashMap<>();
  private Optional<String> dataset = Optional.empty();

  JobMetrics(String job, String tenant, LongSupplier nanoTime, Clock clock, long startNanos) {
    this.job = Identifiers.require("job", requireNonNull(job, "job is null"));
    this.tenant = Identifiers.require("tenant", requireNonNull(tenant, "tenant is null"));
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.startNanos = startNanos;
  }

  /** The metrics of a run of {@code job} for {@code tenant} that started at {@code startNanos} ({@link System#nanoTime}). */
  public static JobMetrics startedAt(String job, String tenant, long startNanos) {
    return new JobMetrics(job, tenant, System::nanoTime, Clock.systemUTC(), startNanos);
  }

  /** The metrics of a run of {@code job} for {@code tenant} starting now. */
  public static JobMetrics start(String job, String tenant) {
    return startedAt(job, tenant, System.nanoTime());
  }

  public String job() {
    return job;
  }

  /** Adds the dataset to the grouping (a job about one dataset); returns this. */
  public synchronized JobMetrics dataset(String dataset) {
    this.dataset = Optional.of(Identifiers.require("dataset", dataset));
    return this;
  }

  /** The Pushgateway grouping besides the job: tenant, and dataset when set. */
  public synchronized Map<String, String> grouping() {
    Map<String, String> grouping = new LinkedHashMap<>();
    grouping.put("tenant", tenant);
    dataset.ifPresent(d -> grouping.put("dataset", d));
    return grouping;
  }

  /** Sets gauge {@code name} (replacing an earlier value); returns this. */
  public JobMetrics set(String name, Number value) {
    return set(name, Map.of(), value);
  }

  /** Sets gauge {@code name} with {@code labels} (identifier values only); returns this. */
  public synchronized JobMetrics set(String name, Map<String, String> labels, Number value) {
    MetricSample sample = MetricSample.of(name, labels, value);
    samples.put(key(sample), sample);
    return this;
  }

  /** Adds {@code delta} to the series {@code name}/{@code labels} (0 when not yet set); returns this. */
  public synchronized JobMetrics add(String name, Map<String, String> labels, long delta) {
    MetricSample sample = MetricSample.of(name, labels, delta);
    MetricSample old = samples.get(key(sample));
    long base = old == null ? 0L : old.value().longValue();
    samples.put(key(sample), MetricSample.of(name, labels, base + delta));
    return this;
  }

  /** The samples set so far, in the order they were first set. */
  public synchronized List<MetricSample> samples() {
    return List.copyOf(samples.values());
  }

  /**
   * The samples to push for a run that ended with {@code exitCode}: those set so far plus its
   * duration, success (1/0), exit code and the wall-clock time of its last success or failure.
   */
  public synchronized List<MetricSample> finished(int exitCode) {
    List<MetricSample> out = new ArrayList<>(samples.values());
    out.add(MetricSample.of(DURATION, (nanoTime.getAsLong() - startNanos) / 1e9));
    out.add(MetricSample.of(SUCCESS, exitCode == 0 ? 1 : 0));
    out.add(MetricSample.of(EXIT_CODE, exitCode));
    out.add(MetricSample.of(exitCode == 0 ? LAST_SUCCESS : LAST_FAILURE, clock.millis() / 1000.0));
    return out;
  }

  /**
   * Runs the job's {@code body}, then gives these metrics to {@code sink} once — with exit code 0,
   * or with the exit code of the error the body threw (SPEC §2.1), which is then rethrown. The sink
   * never fails the job: metrics are observability, the tables are the source of truth.
   */
  public int measure(MetricsSink sink, Callable<Integer> body) throws Exception {
    requireNonNull(sink, "sink is null");
    requireNonNull(body, "body is null");
    int exitCode = ExitCode.FAILURE.code();
    try {
      exitCode = body.call();
      return exitCode;
    } catch (Exception | Error e) {
      exitCode = exitCodeOf(e);
      throw e;
    } finally {
      sink.deliver(this, exitCode);
    }
  }

  /** The exit code SPEC §2.1 gives {@code failure}: an AuroraException's (anywhere in the cause chain), else 1. */
  static int exitCodeOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuroraException known) {
        return known.exitCode().code();
      }
    }
    return ExitCode.FAILURE.code();
  }

  private static List<Object> key(MetricSample sample) {
    return List.of(sample.name(), sample.labels());
  }

  /** Labels of one series, e.g. {@code labels("status", "confident", "source", "expert")}. */
  public static SortedMap<String, String> labels(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs");
    }
    SortedMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return labels;
  }
}
