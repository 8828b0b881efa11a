package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.model.MlflowModelRegistry;
import io.aurora.model.ModelRegistry;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Serving the champion from the command line: a tenant without a champion is served by the expert
 * rules ({@code source: expert}); once a retrained version is the champion in MLflow it serves
 * ({@code source: model}); with MLflow down the copy cached in the warehouse answers, with a warning;
 * with neither, the expert rules answer; retrain with MLflow down exits 4; {@code retrain --help}
 * documents every option.
 */
class ModelServingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void servesTheChampionFallsBackToTheWarehouseCopyThenToTheExpertRules() throws Exception {
    String mlflow = TestServices.mlflowTrackingUri();
    String down = "http://127.0.0.1:" + freePort();
    String tenant = "serve" + UUID.randomUUID().toString().substring(0, 8);
    Path input = writeDataset(dir.resolve("orders.csv"));
    Path warehouse = dir.resolve("warehouse");

    String model = "aurora-recommender-" + tenant;
    // no champion yet: the expert rules serve, nothing is registered on the tenant's behalf
    CapturedRun first = CapturedRun.of("run", "--input", input.toString(), "--tenant", tenant, "--warehouse", warehouse.toString(),
        "--conf", "aurora.mlflow.tracking-uri=" + mlflow, "--json");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(lines(first.out())).isNotEmpty().allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("expert"));
    assertThat(String.join("\n", first.logLines())).contains("has no champion").contains("expert rules answer");
    try (ModelRegistry registry = new MlflowModelRegistry(mlflow, null, new Configuration())) {
      assertThat(registry.versions(model)).isEmpty();
    }

    // a retrain (built-in corpus) registers version 1; an operator makes it champion (the MLflow UI's alias move)
    CapturedRun retrained = CapturedRun.of("retrain", "--tenant", tenant, "--warehouse", warehouse.toString(), "--force",
        "--rounds", "20", "--conf", "aurora.mlflow.tracking-uri=" + mlflow, "--json");
    assertThat(retrained.exitCode()).as(retrained.err()).isZero();
    assertThat(JSON.readTree(retrained.out()).get("version").asText()).isEqualTo("1");
    try (ModelRegistry registry = new MlflowModelRegistry(mlflow, null, new Configuration())) {
      registry.setAlias(model, ModelRegistry.CHAMPION, "1");
    }
    CapturedRun served = CapturedRun.of("recommend", "--dataset", "orders", "--tenant", tenant, "--warehouse",
        warehouse.toString(), "--conf", "aurora.mlflow.tracking-uri=" + mlflow, "--json");
    assertThat(served.exitCode()).as(served.err()).isZero();
    assertThat(lines(served.out())).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("source").asText()).isEqualTo("model");
      assertThat(r.get("explanation").asText()).startsWith("model " + model + " v1 (ensemble): ");
    });
    assertThat(warehouse.resolve("_models/cache/aurora-recommender-" + tenant + "/champion.json")).exists();

    // MLflow down: the champion cached in the warehouse answers, and the log says so
    CapturedRun cached = CapturedRun.of("recommend", "--dataset", "orders", "--tenant", tenant, "--warehouse",
        warehouse.toString(), "--conf", "aurora.mlflow.tracking-uri=" + down, "--json");
    assertThat(cached.exitCode()).as(cached.err()).isZero();
    assertThat(lines(cached.out())).allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("model"));
    assertThat(String.join("\n", cached.logLines())).contains("unreachable").contains("last champion cached in the warehouse");

    // MLflow down and nothing cached: the expert rules answer
    Path empty = dir.resolve("other-warehouse");
    CapturedRun expert = CapturedRun.of("run", "--input", input.toString(), "--tenant", tenant, "--warehouse", empty.toString(),
        "--conf", "aurora.mlflow.tracking-uri=" + down, "--json");
    assertThat(expert.exitCode()).as(expert.err()).isZero();
    assertThat(lines(expert.out())).allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("expert"));
    assertThat(String.join("\n", expert.logLines())).contains("expert rules answer");

    // retrain needs its registry: MLflow down is exit 4, one line, no stack trace
    CapturedRun retrain = CapturedRun.of("retrain", "--tenant", tenant, "--warehouse", warehouse.toString(),
        "--conf", "aurora.mlflow.tracking-uri=" + down);
    assertThat(retrain.exitCode()).isEqualTo(4);
    assertThat(retrain.err()).contains("aurora: MLflow at " + down + " is unreachable").doesNotContain("\tat ");
  }

  @Test
  void embeddedDefaultServesFromTheRegistryFolderAndRetrainHelpDocumentsEveryOption() throws Exception {
    Path input = writeDataset(dir.resolve("orders.csv"));
    Path warehouse = dir.resolve("warehouse");
    CapturedRun run = CapturedRun.of("run", "--input", input.toString(), "--warehouse", warehouse.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(lines(run.out())).isNotEmpty().allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("expert"));
    assertThat(warehouse.resolve("_models/registry/aurora-recommender-default/aliases/champion.json")).doesNotExist();

    CapturedRun skipped = CapturedRun.of("retrain", "--warehouse", warehouse.toString(), "--json");
    assertThat(skipped.exitCode()).as(skipped.err()).isZero();
    JsonNode s = JSON.readTree(skipped.out());
    assertThat(s.get("decision").asText()).isEqualTo("skipped");
    assertThat(s.get("reason").asText()).contains("0 new feedback labels since the start (no model trained yet)");

    // out of range: exit 2, one line naming the value, no stack trace
    CapturedRun bad = CapturedRun.of("retrain", "--warehouse", warehouse.toString(), "--holdout", "1.5");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("aurora: retrain: holdout 1.5 must be in (0, 1)").doesNotContain("\tat ");
    CapturedRun noRounds = CapturedRun.of("retrain", "--warehouse", warehouse.toString(), "--force", "--rounds", "0");
    assertThat(noRounds.exitCode()).isEqualTo(2);
    assertThat(noRounds.err()).contains("aurora: retrain: rounds 0 must be ≥ 1").doesNotContain("\tat ");

    CapturedRun help = CapturedRun.of("retrain", "--help");
    assertThat(help.exitCode()).isZero();
    // every option the command has, as the code declares them, is listed with a description
    CommandLine.Model.CommandSpec spec = new CommandLine(new RetrainCommand()).getCommandSpec();
    assertThat(spec.options()).hasSizeGreaterThanOrEqualTo(17);
    for (CommandLine.Model.OptionSpec option : spec.options()) {
      assertThat(option.hidden()).as(option.longestName()).isFalse();
      assertThat(String.join(" ", option.description())).as(option.longestName()).isNotBlank();
      assertThat(help.out()).as(option.longestName()).contains(option.longestName());
    }
    // picocli wraps the description: compare with single spaces
    assertThat(help.out().replaceAll("\\s+", " ")).contains("champion").contains("challenger")
        .contains("does not lose to the expert rules on the corpus files of the holdout")
        .contains("Exit codes: 0 promoted, challenger or skipped; 2 bad usage or bad input")
        .contains("4 MLflow unreachable; 1 anything else");
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path writeDataset(Path file) throws Exception {
    Random random = new Random(5);
    List<String> lines = new ArrayList<>(List.of("order_id,amount,region,created_at"));
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 0; i < 400; i++) {
      lines.add(i + "," + String.format(java.util.Locale.ROOT, "%.2f", Math.exp(3 + random.nextGaussian())) + ","
          + regions[random.nextInt(4)] + ",2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
