package io.aurora.metrics;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Pushes the batch metrics of one job run to a Prometheus Pushgateway (SPEC §8). A push replaces
 * the metrics of its group ({@code job} plus grouping labels such as tenant and dataset), so a
 * re-run overwrites rather than adds. Only metric names and numbers are accepted: no data values.
 */
public final class Pushgateway {
  private static final Logger LOG = LogManager.getLogger(Pushgateway.class);
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final HttpClient http;

  public Pushgateway(String url) {
    requireNonNull(url, "url is null");
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /**
   * Replaces the group {@code job}/{@code grouping} with {@code metrics} (gauges); throws an exit-4
   * error naming the Pushgateway when it cannot be reached or refuses the push.
   */
  public void push(String job, Map<String, String> grouping, Map<String, ? extends Number> metrics) {
    StringBuilder path = new StringBuilder(base).append("/metrics/job/").append(Identifiers.require("job", job));
    grouping.forEach((label, value) -> path.append('/').append(metricName(label)).append('/').append(Identifiers.require(label, value)));
    StringBuilder body = new StringBuilder();
    metrics.forEach((name, value) -> {
      String n = metricName(name);
      body.append("# TYPE ").append(n).append(" gauge\n").append(n).append(' ').append(format(requireNonNull(value, name + " is null"))).append('\n');
    });
    HttpRequest request = HttpRequest.newBuilder(URI.create(path.toString()))
        .timeout(TIMEOUT)
        .header("Content-Type", "text/plain; version=0.0.4")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw AuroraException.serviceUnavailable("Pushgateway " + base + " unreachable: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AuroraException.serviceUnavailable("interrupted while pushing metrics to " + base, e);
    }
    if (status / 100 != 2) {
      throw new AuroraException(io.aurora.ExitCode.SERVICE_UNAVAILABLE, "Pushgateway " + base + " refused the push: HTTP " + status);
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

  private static String metricName(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Prometheus metric or label name: " + name);
    }
    return name;
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
