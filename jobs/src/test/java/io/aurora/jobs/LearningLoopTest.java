package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's end-to-end loop through the real commands: run on dataset A, an analyst corrects five
 * similar columns, learn, run on dataset B with similar columns → B's columns follow the learned
 * rule (source rule, the rule and its evidence in the explanation); another tenant is unaffected.
 */
class LearningLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void correctionsOnOneDatasetBecomeARuleForTheNext() throws IOException {
    SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    Path a = writeAmounts(dir.resolve("orders_a.csv"), List.of("amount_net", "amount_gross", "amount_tax", "amount_fee", "amount_paid"), 1);
    Path b = writeAmounts(dir.resolve("orders_b.csv"), List.of("amount_refund", "amount_credit"), 2);

    CapturedRun runA = CapturedRun.of("run", "--input", a.toString(), "--tenant", "shop", "--warehouse", warehouse,
        "--epsilon", "4", "--json");
    assertThat(runA.exitCode()).as(runA.err()).isZero();
    Map<String, JsonNode> recA = byColumn(runA.outLines());
    assertThat(recA).hasSize(6);

    // the house style: these amounts get an action the expert rules gave none of them (a correction
    // that names the recommended action is no correction)
    java.util.Set<String> expertActions = new java.util.HashSet<>();
    recA.forEach((column, rec) -> expertActions.add(rec.get("action").asText()));
    String houseAction = Stream.of("power_transform", "keep_as_is", "robust_scale", "standard_scale", "log_transform")
        .filter(action -> !expertActions.contains(action)).findFirst().orElseThrow();
    List<String> feedback = new ArrayList<>(List.of("recommendation_id,verdict,correct_action,user"));
    for (String column : List.of("amount_net", "amount_gross", "amount_tax", "amount_fee", "amount_paid")) {
      feedback.add(recA.get(column).get("recommendation_id").asText() + ",correct," + houseAction + ",ana");
    }
    Path feedbackFile = dir.resolve("corrections.csv");
    Files.write(feedbackFile, feedback, StandardCharsets.UTF_8);
    assertThat(CapturedRun.of("feedback", "--file", feedbackFile.toString(), "--tenant", "shop", "--warehouse", warehouse).exitCode()).isZero();
    CapturedRun learn = CapturedRun.of("learn", "--tenant", "shop", "--warehouse", warehouse);
    assertThat(learn.exitCode()).as(learn.err()).isZero();
    CapturedRun rules = CapturedRun.of("rules", "--tenant", "shop", "--warehouse", warehouse, "--json");
    assertThat(rules.exitCode()).as(rules.err()).isZero();
    assertThat(rules.outLines()).as("a rule was learned").isNotEmpty();

    CapturedRun runB = CapturedRun.of("run", "--input", b.toString(), "--tenant", "shop", "--warehouse", warehouse,
        "--epsilon", "4", "--json");
    assertThat(runB.exitCode()).as(runB.err()).isZero();
    Map<String, JsonNode> recB = byColumn(runB.outLines());
    for (String column : List.of("amount_refund", "amount_credit")) {
      JsonNode rec = recB.get(column);
      assertThat(rec.get("source").asText()).as(rec.toString()).isEqualTo("rule");
      assertThat(rec.get("action").asText()).as(rec.toString()).isEqualTo(houseAction);
      assertThat(rec.get("explanation").asText()).as(rec.toString()).contains("5 corrections");
    }
    // the categorical column is not like the corrected ones
    assertThat(recB.get("region").get("source").asText()).isNotEqualTo("rule");

    // tenant isolation: the same dataset under another tenant gets no rule
    // (the same rows under another tenant are a second budget for them: the ledger wants that forced and records it)
    CapturedRun other = CapturedRun.of("run", "--input", b.toString(), "--tenant", "other-shop", "--warehouse", warehouse,
        "--epsilon", "4", "--json", "--force-new-dataset");
    assertThat(other.exitCode()).as(other.err()).isZero();
    byColumn(other.outLines()).values().forEach(rec -> assertThat(rec.get("source").asText()).isNotEqualTo("rule"));
  }

  private static Map<String, JsonNode> byColumn(List<String> lines) throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      out.put(node.get("column").asText(), node);
    }
    return out;
  }

  /** 5,000 rows of positive, right-skewed amounts spanning several decades, plus a region category. */
  private static Path writeAmounts(Path file, List<String> columns, long seed) throws IOException {
    Random random = new Random(seed);
    String[] regions = {"north", "south", "east", "west", "central"};
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", columns) + ",region");
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < columns.size(); c++) {
        sb.append(String.format(Locale.ROOT, "%.2f", Math.exp(2 + 1.8 * random.nextGaussian()))).append(',');
      }
      lines.add(sb.append(regions[random.nextInt(regions.length)]).toString());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
