package io.aurora.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * One training run of an experiment (an MLflow run, or a run folder of the embedded registry): what
 * a retrain logs for a person to read — parameters, metrics, tags and artifacts.
 */
public interface TrainingRun {
  /** The run's id in its registry. */
  String id();

  /** Logs parameters (string values, as MLflow keeps them). */
  void logParams(Map<String, String> params);

  /** Logs metrics (one value each). */
  void logMetrics(Map<String, Double> metrics);

  /** Sets tags on the run. */
  void setTags(Map<String, String> tags);

  /** Writes {@code content} as the artifact at {@code path} (relative, '/'-separated). */
  void logArtifact(String path, byte[] content);

  /** Copies the local folder {@code dir} (recursively) to the artifacts under {@code path}. */
  void logArtifacts(String path, Path dir);

  /** Ends the run as finished or failed. */
  void finish(boolean succeeded);
}
