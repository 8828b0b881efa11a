package io.aurora.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a real Pushgateway holds: its text exposition, and its groups as its JSON API lists them. */
record PushgatewayContent(String text, JsonNode api) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Everything {@code url} holds now: {@code /metrics} and {@code /api/v1/metrics}. */
  static PushgatewayContent fetch(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String text = get(http, url + "/metrics");
    JsonNode api = JSON.readTree(get(http, url + "/api/v1/metrics"));
    return new PushgatewayContent(text, api);
  }

  /** Deletes the group {@code grouping} (job included) from {@code url}; a missing group is no error. */
  static void delete(String url, Map<String, String> grouping) throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder(url).append("/metrics/job/")
        .append(java.net.URLEncoder.encode(grouping.get("job"), java.nio.charset.StandardCharsets.UTF_8));
    new java.util.TreeMap<>(grouping).forEach((k, v) -> {
      if (!k.equals("job")) {
        path.append('/').append(k).append('/').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(path.toString())).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(path + " answered HTTP " + response.statusCode() + " to DELETE");
    }
  }

  private static String get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** The group whose grouping labels are exactly {@code grouping} (job included). */
  Optional<JsonNode> group(Map<String, String> grouping) {
    for (JsonNode group : api.path("data")) {
      Map<String, String> labels = new java.util.HashMap<>();
      group.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      if (labels.equals(grouping)) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }

  /** The values of metric {@code name} in {@code group} whose sample labels include {@code labels}. */
  static List<Double> values(JsonNode group, String name, Map<String, String> labels) {
    List<Double> out = new ArrayList<>();
    for (JsonNode sample : group.path(name).path("metrics")) {
      boolean match = labels.entrySet().stream()
          .allMatch(e -> e.getValue().equals(sample.path("labels").path(e.getKey()).asText(null)));
      if (match) {
        out.add(Double.parseDouble(sample.path("value").asText()));
      }
    }
    return out;
  }

  /** The one value of unlabelled metric {@code name} in {@code group}. */
  static double value(JsonNode group, String name) {
    List<Double> values = values(group, name, Map.of());
    if (values.size() != 1) {
      throw new AssertionError("expected one sample of " + name + " in " + group.path("labels") + ", found " + values);
    }
    return values.get(0);
  }
}
