package io.aurora.model;

import io.aurora.recommend.ExpertTypeTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the re-ranker AURORA ships as the first version of a tenant's model and makes it the
 * champion, so there is one model path: every model {@code recommend} serves comes from the
 * registry, starting with this one, and a retrained model has to beat it to replace it.
 */
public final class ShippedReranker {
  private ShippedReranker() {}

  /**
   * The champion of {@code name}; when the model has no version at all, the shipped re-ranker is
   * registered (a run in {@code experiment} holding it) and becomes champion first.
   */
  public static Optional<ModelVersion> championOrBootstrap(ModelRegistry registry, String experiment, String name) {
    Optional<ModelVersion> champion = registry.alias(name, ModelRegistry.CHAMPION);
    if (champion.isPresent() || !registry.versions(name).isEmpty()) {
      return champion;
    }
    return Optional.of(register(registry, experiment, name));
  }

  /** Registers the shipped re-ranker as the next version of {@code name} and points the champion alias at it. */
  public static ModelVersion register(ModelRegistry registry, String experiment, String name) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("aurora-reranker");
      ModelArtifact.writeReranker(dir.resolve("model"));
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("aurora.model.kind", ModelArtifact.RERANKER);
      tags.put("aurora.git_commit", BuildInfo.gitCommit());
      tags.put("aurora.training_data", "public feature-type corpus (7,936 labelled columns, shipped with AURORA)");
      tags.put("aurora.feedback_tenants", "");
      TrainingRun run = registry.startRun(experiment, "shipped-reranker", tags);
      Map<String, String> params = new LinkedHashMap<>();
      ExpertTypeTrees.shipped().attributes().forEach((k, v) -> {
        if (k.equals("depth") || k.equals("rounds") || k.equals("seed") || k.equals("weight") || k.equals("classes")) {
          params.put("reranker." + k, v);
        }
      });
      params.put("features", Integer.toString(ModelFeatures.NAMES.size()));
      run.logParams(params);
      run.logArtifacts("model", dir.resolve("model"));
      run.logArtifact("features.txt", String.join("\n", ModelFeatures.NAMES).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      run.finish(true);
      ModelVersion v = registry.register(name, run, "model",
          "the re-ranker shipped with AURORA (expert rules' candidates re-ranked by type trees)", tags);
      registry.setAlias(name, ModelRegistry.CHAMPION, v.version());
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try {
          ArtifactFiles.deleteTree(dir);
        } catch (IOException ignored) {
          // a temporary folder
        }
      }
    }
  }
}
