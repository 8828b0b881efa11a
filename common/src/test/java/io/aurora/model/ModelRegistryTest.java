package io.aurora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both registries, the same contract: runs with their content, numbered versions, aliases that move. */
class ModelRegistryTest {
  @TempDir
  Path dir;

  @Test
  void folderRegistryKeepsRunsVersionsAndAliases() throws Exception {
    try (ModelRegistry registry = new FolderModelRegistry(dir.resolve("warehouse").toString(), new Configuration())) {
      exercise(registry, "aurora-test");
    }
    // everything is under the warehouse's registry folder
    assertThat(dir.resolve("warehouse/_models/registry")).isDirectory();
    assertThat(dir.resolve("warehouse/_models/experiments")).isDirectory();
  }

  @Test
  void mlflowRegistryKeepsRunsVersionsAndAliases() throws Exception {
    String uri = TestServices.mlflowTrackingUri();
    try (ModelRegistry registry = new MlflowModelRegistry(uri, null, new Configuration())) {
      exercise(registry, "aurora-test-" + UUID.randomUUID().toString().substring(0, 8));
    }
  }

  @Test
  void folderRegistryGivesConcurrentRegistrationsDistinctVersions() throws Exception {
    try (ModelRegistry registry = new FolderModelRegistry(dir.resolve("warehouse").toString(), new Configuration())) {
      TrainingRun run = registry.startRun("exp", "run", Map.of());
      run.logArtifact("model/MODEL.json", "{}".getBytes(StandardCharsets.UTF_8));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<ModelVersion>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(() -> registry.register("m", run, "model", null, Map.of())));
        }
        java.util.Set<String> versions = new java.util.HashSet<>();
        for (Future<ModelVersion> f : futures) {
          versions.add(f.get().version());
        }
        assertThat(versions).hasSize(8);
      } finally {
        pool.shutdown();
      }
      assertThat(registry.versions("m")).hasSize(8);
    }
  }

  @Test
  void unreachableOrUnsafeMlflowIsRefusedWithTheRightExitCode() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String down = "http://127.0.0.1:" + port;
    assertThatThrownBy(() -> new MlflowModelRegistry(down, null, new Configuration()))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("unreachable");
    assertThatThrownBy(() -> new MlflowModelRegistry("http://user:secret@127.0.0.1:" + port, null, new Configuration()))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> new MlflowModelRegistry("file:///tmp/mlruns", null, new Configuration()))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

  private void exercise(ModelRegistry registry, String name) throws Exception {
    assertThat(registry.versions(name)).isEmpty();
    assertThat(registry.alias(name, ModelRegistry.CHAMPION)).isEmpty();

    TrainingRun first = registry.startRun(name, "retrain-1", Map.of("aurora.tenant", "acme"));
    first.logParams(Map.of("xgboost.max_depth", "4"));
    first.logMetrics(Map.of("holdout.accuracy", 0.87));
    first.setTags(Map.of("aurora.git_commit", "abc123"));
    Path local = Files.createDirectories(dir.resolve("local-model/sub"));
    Files.writeString(local.resolve("weights.txt"), "w1", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("local-model/MODEL.json"), "{\"kind\":\"test\"}", StandardCharsets.UTF_8);
    first.logArtifacts("model", dir.resolve("local-model"));
    first.logArtifact("evaluation/confusion.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    first.finish(true);
    ModelVersion v1 = registry.register(name, first, "model", "first", Map.of("aurora.training_window", "2026-01-01/2026-02-01"));
    assertThat(v1.version()).isEqualTo("1");
    assertThat(v1.runId()).isEqualTo(first.id());
    assertThat(v1.tags()).containsEntry("aurora.training_window", "2026-01-01/2026-02-01");

    TrainingRun second = registry.startRun(name, "retrain-2", Map.of());
    Files.writeString(local.resolve("weights.txt"), "w2", StandardCharsets.UTF_8);
    second.logArtifacts("model", dir.resolve("local-model"));
    second.finish(true);
    ModelVersion v2 = registry.register(name, second, "model", null, Map.of());
    assertThat(v2.version()).isEqualTo("2");
    assertThat(registry.versions(name)).extracting(ModelVersion::version).containsExactly("1", "2");
    assertThat(registry.version(name, "2").orElseThrow().runId()).isEqualTo(second.id());
    assertThat(registry.version(name, "9")).isEmpty();

    registry.setAlias(name, ModelRegistry.CHAMPION, "1");
    assertThat(registry.alias(name, ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo("1");
    registry.setAlias(name, ModelRegistry.CHALLENGER, "2");
    registry.setAlias(name, ModelRegistry.CHAMPION, "2");
    assertThat(registry.alias(name, ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo("2");
    assertThat(registry.alias(name, ModelRegistry.CHALLENGER).orElseThrow().version()).isEqualTo("2");

    Path got = registry.download(registry.version(name, "1").orElseThrow(), dir.resolve("download-" + UUID.randomUUID()).resolve("model"));
    assertThat(got.resolve("sub/weights.txt")).hasContent("w1");
    assertThat(got.resolve("MODEL.json")).hasContent("{\"kind\":\"test\"}");
    Path got2 = registry.download(v2, dir.resolve("download-" + UUID.randomUUID()).resolve("model"));
    assertThat(got2.resolve("sub/weights.txt")).hasContent("w2");
  }
}
