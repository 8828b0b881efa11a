package io.aurora.metrics;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.config.ServiceUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Pushes the batch metrics of one job run to a Prometheus Pushgateway (SPEC §8). A successful run
 * replaces the metrics of its group ({@code job} plus grouping labels such as tenant and dataset),
 * so a re-run overwrites rather than adds; a failed run updates only the series it sends (success,
 * exit code, duration, time of failure) and leaves the last success's counts in place. Only metric
 * names, identifier labels and numbers are accepted: no data values.
 */
public final class Pushgateway implements MetricsSink {
  private static final Logger LOG = LogManager.getLogger(Pushgateway.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final String base;
  private final String shown;
  private final Optional<String> authorization;
  private final HttpClient http;

  /** A Pushgateway without authentication. */
  public Pushgateway(String url) {
    this(url, Optional.empty());
  }

  /** A Pushgateway at {@code url} sent {@code authorization} (an HTTP Authorization header value) with every push. */
  public Pushgateway(String url, Optional<String> authorization) {
    requireNonNull(url, "url is null");
    ServiceUrls.check(ConfigKeys.PUSHGATEWAY_URL, url);
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.shown = ServiceUrls.withoutCredentials(base);
    this.authorization = requireNonNull(authorization, "authorization is null");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /**
   * The HTTP basic-authentication header for the Pushgateway of {@code config}
   * ({@code aurora.metrics.pushgateway-user} and its secret password), or empty when no user is set.
   */
  public static Optional<String> authorization(AuroraConfig config) {
    Optional<String> user = config.find(ConfigKeys.PUSHGATEWAY_USER).filter(u -> !u.isBlank());
    Optional<String> password = config.find(ConfigKeys.PUSHGATEWAY_PASSWORD).filter(p -> !p.isEmpty());
    if (user.isPresent() != password.isPresent()) {
      throw AuroraException.badInput(user.isPresent()
          ? ConfigKeys.PUSHGATEWAY_USER.name() + " is set but no password: set " + ConfigKeys.PUSHGATEWAY_PASSWORD.environmentVariable()
              + " or " + ConfigKeys.PUSHGATEWAY_PASSWORD_FILE.name()
          : "a Pushgateway password is set but no " + ConfigKeys.PUSHGATEWAY_USER.name());
    }
    return user.map(u -> "Basic " + Base64.getEncoder()
        .encodeToString((u + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Replaces the group {@code job}/{@code grouping} with {@code metrics} (gauges); throws an exit-4
   * error naming the Pushgateway when it cannot be reached or refuses the push.
   */
  public void push(String job, Map<String, String> grouping, Map<String, ? extends Number> metrics) {
    List<MetricSample> samples = new ArrayList<>();
    metrics.forEach((name, value) -> samples.add(MetricSample.of(name, value)));
    send(job, grouping, samples, true);
  }

  /**
   * Sends {@code samples} to the group {@code job}/{@code grouping}: replacing the whole group
   * ({@code replaceGroup}, HTTP PUT) or only the metric families sent (HTTP POST). Throws an exit-4
   * error naming the Pushgateway when it cannot be reached or refuses the push.
   */
  public void send(String job, Map<String, String> grouping, List<MetricSample> samples, boolean replaceGroup) {
    StringBuilder path = new StringBuilder(base).append("/metrics/job/").append(Identifiers.require("job", job));
    grouping.forEach((label, value) -> path.append('/').append(MetricSample.labelName(label)).append('/')
        .append(Identifiers.require(label, value)));
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(text(samples));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.toString()))
        .timeout(TIMEOUT)
        .header("Content-Type", "text/plain; version=0.0.4")
        .method(replaceGroup ? "PUT" : "POST", body);
    authorization.ifPresent(value -> request.header("Authorization", value));
    int status;
    try {
      status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw AuroraException.serviceUnavailable("Pushgateway " + shown + " unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AuroraException.serviceUnavailable("interrupted while pushing metrics to " + shown, e);
    }
    if (status / 100 != 2) {
      throw new AuroraException(io.aurora.ExitCode.SERVICE_UNAVAILABLE, "Pushgateway " + shown + " refused the push: HTTP " + status);
    }
  }

  /** Like {@link #push}, but a failure only logs a warning: metrics never fail a job. Returns whether it pushed. */
  public boolean pushQuietly(String job, Map<String, String> grouping, Map<String, ? extends Number> metrics) {
    try {
      push(job, grouping, metrics);
      return true;
    } catch (AuroraException e) {
      LOG.warn("metrics not pushed: {}", e.getMessage());
      return false;
    }
  }

  /**
   * Pushes a finished job's metrics (the whole group after a success, only the failure's series after
   * a failure); an unreachable or refusing Pushgateway costs one warning line, never the job.
   */
  @Override
  public void deliver(JobMetrics metrics, int exitCode) {
    try {
      send(metrics.job(), metrics.grouping(), metrics.finished(exitCode), exitCode == 0);
    } catch (AuroraException e) {
      LOG.warn("metrics of job {} not pushed: {}", metrics.job(), e.getMessage());
    }
  }

  /** The Prometheus text exposition of {@code samples}: one TYPE line per family, its series together. */
  static String text(List<MetricSample> samples) {
    Map<String, List<MetricSample>> families = new LinkedHashMap<>();
    for (MetricSample s : samples) {
      families.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
    }
    StringBuilder body = new StringBuilder();
    families.forEach((name, series) -> {
      body.append("# TYPE ").append(name).append(" gauge\n");
      for (MetricSample s : series) {
        body.append(name);
        if (!s.labels().isEmpty()) {
          StringBuilder labels = new StringBuilder();
          // identifier values hold no quote, backslash or newline: nothing to escape
          s.labels().forEach((k, v) -> labels.append(labels.length() == 0 ? "" : ",").append(k).append("=\"").append(v).append('"'));
          body.append('{').append(labels).append('}');
        }
        body.append(' ').append(format(s.value())).append('\n');
      }
    });
    return body.toString();
  }

  private static String format(Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "+Inf" : "-Inf";
      }
      return String.format(Locale.ROOT, "%s", d);
    }
    return n.toString();
  }
}
