package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * Logs a fitted pipeline to MLflow, only when the user asks ({@code apply --log-model}): the fitted
 * stages hold category labels and statistics of the data, which AURORA's own sinks never receive.
 * The run carries tags and parameters that are metadata (tenant, dataset, recommendations run,
 * columns per action) and the saved {@code PipelineModel} as the artifact folder {@code pipeline_model}.
 * Artifacts are copied through Hadoop's FileSystem where the run's artifact location is one
 * ({@code file:}, {@code s3a:}/{@code s3:}, {@code hdfs:}); other locations go through the MLflow
 * client's artifact upload, which needs the {@code mlflow} Python package.
 */
public final class MlflowPipelineLog implements AutoCloseable {
  static final String ARTIFACT_PATH = "pipeline_model";

  private final MlflowClient client;
  private final String trackingUri;

  public MlflowPipelineLog(String trackingUri, Optional<String> token) {
    this.trackingUri = requireNonNull(trackingUri, "trackingUri is null");
    this.client = token.map(t -> new MlflowClient(new BasicMlflowHostCreds(trackingUri, t)))
        .orElseGet(() -> new MlflowClient(trackingUri));
  }

  /** The id of experiment {@code name}, created when missing; exit 4 when MLflow does not answer. */
  public String experiment(String name) {
    try {
      Optional<Service.Experiment> existing = client.getExperimentByName(name);
      return existing.isPresent() ? existing.get().getExperimentId() : client.createExperiment(name);
    } catch (RuntimeException e) {
      throw AuroraException.serviceUnavailable("MLflow at " + withoutCredentials(trackingUri) + " did not answer: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** Logs the pipeline saved at {@code pipelinePath} in a new run of {@code experimentId}; returns the run id. */
  public String log(String experimentId, String runName, Map<String, String> tags, Map<String, String> params,
      String pipelinePath, Configuration conf) {
    Service.RunInfo run;
    try {
      run = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
          .setStartTime(System.currentTimeMillis()).build());
      tags.forEach((k, v) -> client.setTag(run.getRunId(), k, v));
      params.forEach((k, v) -> client.logParam(run.getRunId(), k, v));
    } catch (RuntimeException e) {
      throw AuroraException.serviceUnavailable("MLflow at " + withoutCredentials(trackingUri) + " did not answer: "
          + e.getClass().getSimpleName(), e);
    }
    try {
      upload(run, pipelinePath, conf);
      client.setTerminated(run.getRunId());
    } catch (IOException | RuntimeException e) {
      client.setTerminated(run.getRunId(), Service.RunStatus.FAILED);
      throw AuroraException.serviceUnavailable("the pipeline model could not be logged to MLflow run " + run.getRunId()
          + ": " + e.getClass().getSimpleName(), e);
    }
    return run.getRunId();
  }

  private void upload(Service.RunInfo run, String pipelinePath, Configuration conf) throws IOException {
    URI artifacts = URI.create(run.getArtifactUri());
    Path source = new Path(pipelinePath);
    FileSystem from = source.getFileSystem(conf);
    String scheme = artifacts.getScheme() == null ? "file" : artifacts.getScheme();
    if (scheme.equals("file") || scheme.equals("s3a") || scheme.equals("s3") || scheme.equals("hdfs")) {
      String location = scheme.equals("s3") ? "s3a" + run.getArtifactUri().substring(2) : run.getArtifactUri();
      Path target = new Path(location + "/" + ARTIFACT_PATH);
      FileSystem to = target.getFileSystem(conf);
      if (!FileUtil.copy(from, source, to, target, false, true, conf)) {
        throw new IOException("copy to the run's artifact location failed");
      }
      return;
    }
    // an artifact location only the MLflow client can reach (mlflow-artifacts:, dbfs:, …): from a local copy
    java.nio.file.Path local = Files.createTempDirectory("aurora-pipeline");
    try {
      Path copy = new Path(local.toUri().toString(), ARTIFACT_PATH);
      FileUtil.copy(from, source, FileSystem.getLocal(conf), copy, false, true, conf);
      client.logArtifacts(run.getRunId(), local.resolve(ARTIFACT_PATH).toFile(), ARTIFACT_PATH);
    } finally {
      FileUtil.fullyDelete(local.toFile());
    }
  }

  static String withoutCredentials(String uri) {
    return uri.replaceAll("//[^/@]*@", "//");
  }

  @Override
  public void close() {
    client.close();
  }
}
