package io.aurora.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The model registry on an MLflow tracking server (2.x): experiments, runs, params, metrics and tags
 * through {@code mlflow-client}; registered models, model versions and aliases through the REST API
 * ({@code mlflow-client} 2.17 has no calls for them); artifacts written where the run's artifact
 * URI says — directly for {@code file:}, {@code s3://} and {@code hdfs://} stores (as the Python
 * client does), through the server for {@code mlflow-artifacts:} (the proxied store).
 */
public final class MlflowModelRegistry implements ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final String token;
  private final MlflowClient client;
  private final ArtifactFiles files;
  private final HttpClient http;

  /**
   * Connects to {@code trackingUri} (http or https, no credentials in it; {@code token} is the bearer
   * token or null). An unreachable server is exit code 4.
   */
  public MlflowModelRegistry(String trackingUri, String token, Configuration hadoop) {
    this.base = checkedUri(trackingUri);
    this.token = token;
    this.files = new ArtifactFiles(hadoop);
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    probe();
    this.client = new MlflowClient(token == null ? new BasicMlflowHostCreds(base) : new BasicMlflowHostCreds(base, token));
  }

  /** The tracking URI without a trailing slash; only http(s), no user info (passwords go in the token). */
  static String checkedUri(String uri) {
    requireNonNull(uri, "tracking uri is null");
    URI u;
    try {
      u = URI.create(uri.trim());
    } catch (IllegalArgumentException e) {
      throw AuroraException.badInput("aurora.mlflow.tracking-uri is not a URI");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
      throw AuroraException.badInput("aurora.mlflow.tracking-uri must be an http:// or https:// URL");
    }
    if (u.getUserInfo() != null) {
      throw AuroraException.badInput("aurora.mlflow.tracking-uri must not hold credentials: use AURORA_MLFLOW_TOKEN");
    }
    String s = u.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private void probe() {
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/experiments/search?max_results=1")).GET());
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw new AuroraException(ExitCode.SERVICE_UNAVAILABLE, "MLflow at " + base + " refused the credentials (HTTP " + r.statusCode() + ")");
      }
      if (r.statusCode() >= 500) {
        throw unreachable(null);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private AuroraException unreachable(Throwable cause) {
    return AuroraException.serviceUnavailable("MLflow at " + base + " is unreachable"
        + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"), cause);
  }

  @Override
  public String describe() {
    return "MLflow at " + base;
  }

  @Override
  public TrainingRun startRun(String experiment, String runName, Map<String, String> tags) {
    Identifiers.require("experiment", experiment);
    return call(() -> {
      String experimentId = client.getExperimentByName(experiment).map(Service.Experiment::getExperimentId)
          .orElseGet(() -> createExperiment(experiment));
      Service.CreateRun.Builder create = Service.CreateRun.newBuilder().setExperimentId(experimentId)
          .setRunName(runName).setStartTime(System.currentTimeMillis());
      tags.forEach((k, v) -> create.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
      Service.RunInfo info = client.createRun(create.build());
      return new MlflowRun(info.getRunId(), info.getArtifactUri());
    });
  }

  private String createExperiment(String name) {
    try {
      return client.createExperiment(name);
    } catch (MlflowHttpException e) {
      // another job created it first
      return client.getExperimentByName(name).map(Service.Experiment::getExperimentId).orElseThrow(() -> e);
    }
  }

  @Override
  public ModelVersion register(String name, TrainingRun run, String artifactPath, String description, Map<String, String> tags) {
    Identifiers.require("model name", name);
    if (!(run instanceof MlflowRun mlflowRun)) {
      throw new IllegalArgumentException("a run of another registry");
    }
    return call(() -> {
      ObjectNode model = JSON.createObjectNode().put("name", name)
          .put("description", "AURORA's recommender for one tenant: fingerprint features to a preprocessing action");
      try {
        client.sendPost("registered-models/create", model.toString());
      } catch (MlflowHttpException e) {
        if (e.getStatusCode() != 400 || e.getBodyMessage() == null || !e.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS")) {
          throw e;
        }
      }
      ObjectNode create = JSON.createObjectNode().put("name", name)
          .put("source", ArtifactFiles.child(mlflowRun.artifactUri, artifactPath)).put("run_id", run.id());
      if (description != null) {
        create.put("description", description);
      }
      ArrayNode t = create.putArray("tags");
      tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
      JsonNode created = JSON.readTree(client.sendPost("model-versions/create", create.toString())).path("model_version");
      String version = created.path("version").asText();
      for (int i = 0; i < 60 && created.path("status").asText("READY").equals("PENDING_REGISTRATION"); i++) {
        Thread.sleep(500);
        created = getVersion(name, version).orElseThrow();
      }
      if (!created.path("status").asText("READY").equals("READY")) {
        throw new AuroraException(ExitCode.FAILURE, "MLflow could not register " + name + " v" + version + ": "
            + created.path("status").asText());
      }
      return toVersion(created);
    });
  }

  @Override
  public List<ModelVersion> versions(String name) {
    Identifiers.require("model name", name);
    return call(() -> {
      List<ModelVersion> out = new ArrayList<>();
      String pageToken = "";
      do {
        String filter = URLEncoder.encode("name='" + name + "'", StandardCharsets.UTF_8);
        JsonNode page = JSON.readTree(client.sendGet("model-versions/search?max_results=1000&filter=" + filter
            + (pageToken.isEmpty() ? "" : "&page_token=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8))));
        for (JsonNode v : page.path("model_versions")) {
          out.add(toVersion(v));
        }
        pageToken = page.path("next_page_token").asText("");
      } while (!pageToken.isEmpty());
      out.sort(Comparator.comparingInt(v -> Integer.parseInt(v.version())));
      return out;
    });
  }

  @Override
  public Optional<ModelVersion> version(String name, String version) {
    Identifiers.require("model name", name);
    return call(() -> getVersion(name, version).map(MlflowModelRegistry::toVersion));
  }

  private Optional<JsonNode> getVersion(String name, String version) throws IOException {
    try {
      return Optional.of(JSON.readTree(client.sendGet("model-versions/get?name=" + enc(name) + "&version=" + enc(version)))
          .path("model_version"));
    } catch (MlflowHttpException e) {
      if (notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<ModelVersion> alias(String name, String alias) {
    Identifiers.require("model name", name);
    Identifiers.require("alias", alias);
    return call(() -> {
      try {
        JsonNode v = JSON.readTree(client.sendGet("registered-models/alias?name=" + enc(name) + "&alias=" + enc(alias)))
            .path("model_version");
        return Optional.of(toVersion(v));
      } catch (MlflowHttpException e) {
        if (notFound(e)) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  /** MLflow 2.x answers a missing alias with 400 INVALID_PARAMETER_VALUE "... not found", a missing model with 404. */
  private static boolean notFound(MlflowHttpException e) {
    return e.getStatusCode() == 404 || (e.getStatusCode() == 400 && e.getBodyMessage() != null
        && (e.getBodyMessage().contains("not found") || e.getBodyMessage().contains("RESOURCE_DOES_NOT_EXIST")));
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    Identifiers.require("alias", alias);
    call(() -> client.sendPost("registered-models/alias",
        JSON.createObjectNode().put("name", name).put("alias", alias).put("version", version).toString()));
  }

  @Override
  public Path download(ModelVersion version, Path into) {
    String source = call(() -> client.getModelVersionDownloadUri(version.name(), version.version()));
    if (source.startsWith("mlflow-artifacts:")) {
      return call(() -> proxiedDownload(proxiedPath(source), into));
    }
    return files.download(source, into);
  }

  @Override
  public void close() {
    client.close();
  }

  private static ModelVersion toVersion(JsonNode v) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode t : v.path("tags")) {
      tags.put(t.path("key").asText(), t.path("value").asText());
    }
    return new ModelVersion(v.path("name").asText(), v.path("version").asText(), v.path("run_id").asText(null),
        v.path("source").asText(), tags, v.path("creation_timestamp").asLong());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The artifact path a {@code mlflow-artifacts:[//host]/path} URI names on the server's proxy. */
  private static String proxiedPath(String uri) {
    String path = URI.create(uri).getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    return sendRaw(request, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> sendRaw(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
    request.timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void proxiedUpload(String path, byte[] content) throws IOException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    if (r.statusCode() != 200) {
      throw new AuroraException(ExitCode.FAILURE, "MLflow refused the artifact " + path + " (HTTP " + r.statusCode() + ")");
    }
  }

  private Path proxiedDownload(String path, Path into) throws IOException {
    HttpResponse<String> listing = send(HttpRequest.newBuilder(
        URI.create(base + "/api/2.0/mlflow-artifacts/artifacts?path=" + enc(path))).GET());
    JsonNode entries = listing.statusCode() == 200 ? JSON.readTree(listing.body()).path("files") : JSON.createArrayNode();
    if (entries.isEmpty()) {
      HttpResponse<byte[]> file = sendRaw(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path)).GET(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (file.statusCode() != 200) {
        throw new AuroraException(ExitCode.FAILURE, "model artifact " + path + " not found on MLflow (HTTP " + file.statusCode() + ")");
      }
      Files.createDirectories(into.getParent());
      Files.write(into, file.body());
      return into;
    }
    Files.createDirectories(into);
    for (JsonNode e : entries) {
      String name = e.path("path").asText();
      String child = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
      proxiedDownload(path + "/" + child, into.resolve(child));
    }
    return into;
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private <T> T call(Call<T> body) {
    try {
      return body.run();
    } catch (AuroraException e) {
      throw e;
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() >= 500) {
        throw unreachable(e);
      }
      throw new AuroraException(ExitCode.FAILURE, "MLflow at " + base + " answered HTTP " + e.getStatusCode()
          + ": " + e.getBodyMessage(), e);
    } catch (MlflowClientException | IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraException(ExitCode.FAILURE, "interrupted while talking to MLflow", e);
    } catch (Exception e) {
      throw new AuroraException(ExitCode.FAILURE, "MLflow call failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private final class MlflowRun implements TrainingRun {
    private final String id;
    private final String artifactUri;

    MlflowRun(String id, String artifactUri) {
      this.id = id;
      this.artifactUri = artifactUri;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void logParams(Map<String, String> params) {
      List<Service.Param> p = new ArrayList<>();
      params.forEach((k, v) -> p.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
      call(() -> {
        // the server takes at most 100 params per batch
        for (int i = 0; i < p.size(); i += 100) {
          client.logBatch(id, List.of(), p.subList(i, Math.min(p.size(), i + 100)), List.of());
        }
        return null;
      });
    }

    @Override
    public void logMetrics(Map<String, Double> metrics) {
      long now = System.currentTimeMillis();
      List<Service.Metric> m = new ArrayList<>();
      metrics.forEach((k, v) -> {
        if (v != null && Double.isFinite(v)) {
          m.add(Service.Metric.newBuilder().setKey(k).setValue(v).setTimestamp(now).setStep(0).build());
        }
      });
      call(() -> {
        for (int i = 0; i < m.size(); i += 500) {
          client.logBatch(id, m.subList(i, Math.min(m.size(), i + 500)), List.of(), List.of());
        }
        return null;
      });
    }

    @Override
    public void setTags(Map<String, String> tags) {
      List<Service.RunTag> t = new ArrayList<>();
      tags.forEach((k, v) -> t.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
      call(() -> {
        client.logBatch(id, List.of(), List.of(), t);
        return null;
      });
    }

    @Override
    public void logArtifact(String path, byte[] content) {
      if (artifactUri.startsWith("mlflow-artifacts:")) {
        call(() -> {
          proxiedUpload(proxiedPath(ArtifactFiles.child(artifactUri, path)), content);
          return null;
        });
      } else {
        files.write(ArtifactFiles.child(artifactUri, path), content);
      }
    }

    @Override
    public void logArtifacts(String path, Path dir) {
      if (!artifactUri.startsWith("mlflow-artifacts:")) {
        files.upload(dir, ArtifactFiles.child(artifactUri, path));
        return;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path f : walk.filter(Files::isRegularFile).toList()) {
          String relative = dir.relativize(f).toString().replace('\\', '/');
          logArtifact(path + "/" + relative, Files.readAllBytes(f));
        }
      } catch (IOException e) {
        throw new AuroraException(ExitCode.FAILURE, "cannot read local artifacts " + dir, e);
      }
    }

    @Override
    public void finish(boolean succeeded) {
      call(() -> {
        client.setTerminated(id, succeeded ? Service.RunStatus.FINISHED : Service.RunStatus.FAILED);
        return null;
      });
    }
  }
}
