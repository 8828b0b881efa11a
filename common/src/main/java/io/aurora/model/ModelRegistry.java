package io.aurora.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where models are tracked, registered and found (SPEC §6): an MLflow server, or a registry folder
 * under the warehouse (the embedded default). Both keep experiments with runs, registered models
 * with numbered versions, and aliases ({@link #CHAMPION}, {@link #CHALLENGER}) that move atomically.
 * A registry that cannot be reached throws an {@code AuroraException} with exit code 4.
 */
public interface ModelRegistry extends AutoCloseable {
  /** The alias of the version {@code recommend} serves. */
  String CHAMPION = "champion";
  /** The alias of the latest version that was trained but not promoted. */
  String CHALLENGER = "challenger";

  /** Where this registry is, for messages (no credentials). */
  String describe();

  /** Starts a run in {@code experiment} (created when missing) named {@code runName}, with {@code tags}. */
  TrainingRun startRun(String experiment, String runName, Map<String, String> tags);

  /**
   * Registers the artifact {@code artifactPath} of {@code run} as the next version of model
   * {@code name} (the model is created when missing), with {@code tags}.
   */
  ModelVersion register(String name, TrainingRun run, String artifactPath, String description, Map<String, String> tags);

  /** Every version of model {@code name}, oldest first; empty when the model does not exist. */
  List<ModelVersion> versions(String name);

  /** The version {@code version} of model {@code name}. */
  Optional<ModelVersion> version(String name, String version);

  /** The version {@code alias} points to. */
  Optional<ModelVersion> alias(String name, String alias);

  /** Points {@code alias} at {@code version}, replacing where it pointed before, atomically. */
  void setAlias(String name, String alias, String version);

  /** Copies the artifact of {@code version} into the local folder {@code into} and returns it. */
  Path download(ModelVersion version, Path into);

  @Override
  void close();
}
