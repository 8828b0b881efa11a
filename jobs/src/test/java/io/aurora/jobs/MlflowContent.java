package io.aurora.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Everything an MLflow tracking server holds, fetched through its REST API: every experiment (deleted
 * ones too), every run of each (with params, metrics and tags), every artifact of each run (listed
 * recursively and downloaded), every registered model and model version.
 */
record MlflowContent(List<Item> items) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One fetched body and where it came from. */
  record Item(String where, String body) {}

  static MlflowContent fetch(String uri) throws IOException, InterruptedException {
    String base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    HttpClient http = HttpClient.newHttpClient();
    List<Item> items = new ArrayList<>();
    List<String> experimentIds = new ArrayList<>();
    for (JsonNode page : pages(http, base + "/api/2.0/mlflow/experiments/search", JSON.createObjectNode()
        .put("max_results", 1000).put("view_type", "ALL"), items, "experiments")) {
      page.path("experiments").forEach(e -> experimentIds.add(e.path("experiment_id").asText()));
    }
    List<String> runIds = new ArrayList<>();
    for (String experiment : experimentIds) {
      ObjectNode request = JSON.createObjectNode().put("max_results", 1000).put("run_view_type", "ALL");
      request.putArray("experiment_ids").add(experiment);
      for (JsonNode page : pages(http, base + "/api/2.0/mlflow/runs/search", request, items, "runs of experiment " + experiment)) {
        page.path("runs").forEach(r -> runIds.add(r.path("info").path("run_id").asText()));
      }
    }
    for (String run : runIds) {
      Deque<String> folders = new ArrayDeque<>(List.of(""));
      while (!folders.isEmpty()) {
        String folder = folders.pop();
        String listing = get(http, base + "/api/2.0/mlflow/artifacts/list?run_id=" + enc(run)
            + (folder.isEmpty() ? "" : "&path=" + enc(folder)), StandardCharsets.UTF_8);
        items.add(new Item("artifact list of run " + run + " " + folder, listing));
        for (JsonNode file : JSON.readTree(listing).path("files")) {
          String path = file.path("path").asText();
          if (file.path("is_dir").asBoolean()) {
            folders.push(path);
          } else {
            // artifacts may be binary (models): bytes as ISO-8859-1 keep every ASCII marker searchable
            items.add(new Item("artifact " + path + " of run " + run,
                get(http, base + "/get-artifact?run_id=" + enc(run) + "&path=" + enc(path), StandardCharsets.ISO_8859_1)));
          }
        }
      }
    }
    String token = "";
    do {
      String models = get(http, base + "/api/2.0/mlflow/registered-models/search?max_results=1000"
          + (token.isEmpty() ? "" : "&page_token=" + enc(token)), StandardCharsets.UTF_8);
      items.add(new Item("registered models", models));
      token = JSON.readTree(models).path("next_page_token").asText("");
    } while (!token.isEmpty());
    items.add(new Item("model versions", get(http, base + "/api/2.0/mlflow/model-versions/search?max_results=10000", StandardCharsets.UTF_8)));
    return new MlflowContent(items);
  }

  /** Whether any fetched body contains {@code text}. */
  boolean contains(String text) {
    return items.stream().anyMatch(i -> i.body().contains(text));
  }

  private static List<JsonNode> pages(HttpClient http, String url, ObjectNode request, List<Item> items, String what)
      throws IOException, InterruptedException {
    List<JsonNode> pages = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = request.deepCopy();
      if (token != null) {
        body.put("page_token", token);
      }
      String response = post(http, url, body.toString());
      items.add(new Item(what, response));
      JsonNode page = JSON.readTree(response);
      pages.add(page);
      token = page.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    return pages;
  }

  private static String get(HttpClient http, String url, java.nio.charset.Charset charset) throws IOException, InterruptedException {
    return check(url, http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString(charset)));
  }

  private static String post(HttpClient http, String url, String json) throws IOException, InterruptedException {
    return check(url, http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
  }

  private static String check(String url, HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
