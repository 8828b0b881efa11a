package io.aurora.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * An MLflow experiment of a test's own with one finished run holding a metric and an artifact (no
 * canary marker in them): what the canary's MLflow search must find, proving it reaches runs and
 * downloads artifacts. Closing deletes the experiment.
 */
final class MlflowProbe implements AutoCloseable {
  private final MlflowClient client;
  private final String experimentId;
  private final String token;

  private MlflowProbe(MlflowClient client, String experimentId, String token) {
    this.client = client;
    this.experimentId = experimentId;
    this.token = token;
  }

  /** Creates the probe on the server at {@code trackingUri}, its artifacts stored under {@code artifactRoot} (a local folder). */
  static MlflowProbe create(String trackingUri, Path artifactRoot) throws IOException {
    String token = UUID.randomUUID().toString().replace("-", "");
    MlflowClient client = new MlflowClient(trackingUri);
    Files.createDirectories(artifactRoot);
    String experiment = client.createExperiment(Service.CreateExperiment.newBuilder()
        .setName("aurora-canary-probe-" + token).setArtifactLocation(artifactRoot.toUri().toString()).build());
    MlflowProbe probe = new MlflowProbe(client, experiment, token);
    Service.RunInfo run = client.createRun(experiment);
    client.logMetric(run.getRunId(), probe.metricKey(), 600);
    // the experiment's artifact store is a local folder: a client logs an artifact by writing it there
    // (what mlflow's LocalArtifactRepository does; the Java client would shell out to the Python CLI)
    Path artifacts = Path.of(URI.create(run.getArtifactUri()));
    Files.createDirectories(artifacts.resolve("probe"));
    Files.writeString(artifacts.resolve("probe").resolve("note.txt"), probe.artifactText(), StandardCharsets.UTF_8);
    client.setTerminated(run.getRunId());
    return probe;
  }

  String metricKey() {
    return "probe_metric_" + token;
  }

  String artifactText() {
    return "probe artifact " + token;
  }

  @Override
  public void close() {
    try {
      client.deleteExperiment(experimentId);
    } finally {
      client.close();
    }
  }
}
