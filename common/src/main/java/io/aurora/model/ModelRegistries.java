package io.aurora.model;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import org.apache.hadoop.conf.Configuration;

/** Chooses a job's model registry from its configuration: MLflow when a tracking URI is set, else the registry folder. */
public final class ModelRegistries {
  private ModelRegistries() {}

  /** The registry of {@code config}; an unreachable MLflow is exit code 4. */
  public static ModelRegistry from(AuroraConfig config, Configuration hadoop) {
    if (config.find(ConfigKeys.MLFLOW_TRACKING_URI).isPresent()) {
      return new MlflowModelRegistry(config.get(ConfigKeys.MLFLOW_TRACKING_URI),
          config.find(ConfigKeys.MLFLOW_TOKEN).orElse(null), hadoop);
    }
    return new FolderModelRegistry(config.get(ConfigKeys.WAREHOUSE), hadoop);
  }

  /** The registered model of {@code tenant}: {@code aurora.model.name} + "-" + tenant. */
  public static String modelName(AuroraConfig config, String tenant) {
    return config.get(ConfigKeys.MODEL_NAME) + "-" + tenant;
  }

  /** The MLflow experiment (or registry folder experiment) of {@code tenant}'s retraining runs. */
  public static String experiment(AuroraConfig config, String tenant) {
    return config.get(ConfigKeys.MODEL_NAME) + "-" + tenant;
  }
}
