package io.aurora.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metric groups AURORA's jobs pushed for the tenant (grouping labels {@code tenant}, and
 * {@code dataset} for one dataset): listed through the Pushgateway's API and deleted group by group.
 * Series that Prometheus already scraped stay in its own storage until its retention ends.
 */
public final class PushgatewayTarget implements ForgetTarget {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Optional<String> base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  public PushgatewayTarget(AuroraConfig config) {
    this.base = config.find(ConfigKeys.PUSHGATEWAY_URL).filter(u -> !u.isBlank()).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  @Override
  public String name() {
    return "pushgateway";
  }

  @Override
  public Erasure forget(ForgetScope scope) {
    if (base.isEmpty()) {
      return Erasure.notConfigured(name(), "aurora.metrics.pushgateway is not set: no metrics were pushed");
    }
    String shown = base.get().replaceFirst("//[^/@]*@", "//");
    try {
      long deleted = 0;
      for (Map<String, String> group : groups()) {
        boolean match = scope.tenant().equals(group.get("tenant"))
            && (scope.wholeTenant() || scope.dataset().equals(group.get("dataset")));
        if (match) {
          delete(group);
          deleted++;
        }
      }
      return Erasure.done(name(), deleted, "metric groups deleted");
    } catch (IOException e) {
      return Erasure.failed(name(), shown + " unreachable or refused (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Erasure.failed(name(), shown + ": interrupted");
    }
  }

  private List<Map<String, String>> groups() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base.get() + "/api/v1/metrics")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    List<Map<String, String>> groups = new ArrayList<>();
    for (JsonNode group : new ObjectMapper().readTree(response.body()).path("data")) {
      Map<String, String> labels = new java.util.LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = group.path("labels").fields();
      fields.forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      groups.add(labels);
    }
    return groups;
  }

  /** DELETE /metrics/job/&lt;job&gt;/&lt;label&gt;@base64/&lt;value&gt;…: every value base64-encoded, whatever it holds. */
  private void delete(Map<String, String> group) throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder(base.get()).append("/metrics/job@base64/").append(b64(group.getOrDefault("job", "")));
    group.forEach((label, value) -> {
      if (!label.equals("job")) {
        path.append('/').append(label).append("@base64/").append(b64(value));
      }
    });
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(path.toString())).timeout(TIMEOUT).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("HTTP " + response.statusCode());
    }
  }

  private static String b64(String value) {
    // an empty value is "=" in the Pushgateway's encoding
    return value.isEmpty() ? "=" : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
