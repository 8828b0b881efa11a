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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} through the real command line after a real {@code run}: the analyst's correction wins
 * over the recommendation, the prepared Delta table and the fitted pipeline land where asked, the
 * warehouse is left exactly as it was, {@code --model} prepares next month's file with the saved
 * pipeline, and bad requests exit 2 (4 for an unreachable MLflow) having written nothing.
 */
class ApplyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static String warehouse;
  private static Path sales;
  private static Map<String, JsonNode> recommended;

  @BeforeAll
  static void profile() throws IOException {
    SharedSpark.session();
    warehouse = dir.resolve("warehouse").toString();
    sales = writeSales(dir.resolve("sales.csv"), 4000, 1);
    CapturedRun run = CapturedRun.of("run", "--input", sales.toString(), "--tenant", "shop", "--warehouse", warehouse,
        "--epsilon", "4", "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    recommended = new HashMap<>();
    for (String line : run.outLines()) {
      JsonNode node = JSON.readTree(line);
      recommended.put(node.get("column").asText(), node);
    }
    assertThat(recommended).containsKeys("amount", "region", "price", "ordered", "label");
  }

  /** 'n' rows of sales: a skewed amount, a region, a price written with a currency, an order date, a 0/1 label. */
  static Path writeSales(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    String[] regions = {"north", "south", "east", "west", "central"};
    List<String> lines = new ArrayList<>(List.of("amount,region,price,ordered,label"));
    for (int i = 0; i < n; i++) {
      lines.add(String.format(Locale.US, "%.2f,%s,\"$%,.2f\",2023-%02d-%02d,%d", Math.exp(2 + 1.8 * r.nextGaussian()),
          regions[r.nextInt(regions.length)], Math.exp(7 + r.nextGaussian()), 1 + r.nextInt(12), 1 + r.nextInt(28),
          r.nextInt(2)));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p) + ":" + p.toFile().length()).sorted().toList();
    }
  }

  @Test
  void appliesTheAnalystsCorrectionAndWritesWhereAsked() throws IOException {
    // the analyst wants the amount scaled robustly, whatever AURORA said
    String amount = recommended.get("amount").get("recommendation_id").asText();
    String corrected = recommended.get("amount").get("action").asText().equals("robust_scale") ? "standard_scale" : "robust_scale";
    Path verdicts = dir.resolve("verdicts.csv");
    Files.write(verdicts, List.of("recommendation_id,verdict,correct_action,user", amount + ",correct," + corrected + ",ana"),
        StandardCharsets.UTF_8);
    CapturedRun feedback = CapturedRun.of("feedback", "--file", verdicts.toString(), "--tenant", "shop", "--warehouse", warehouse);
    assertThat(feedback.exitCode()).as(feedback.err()).isZero();

    List<String> before = listing(Path.of(warehouse));
    String output = dir.resolve("prepared").toString();
    CapturedRun apply = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--include", "uncertain", "--target", "label", "--json");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(listing(Path.of(warehouse))).as("apply writes nothing to the warehouse").isEqualTo(before);

    JsonNode summary = JSON.readTree(apply.outLines().get(0));
    assertThat(apply.outLines()).hasSize(1);
    assertThat(summary.get("rows").asLong()).isEqualTo(4000);
    assertThat(summary.get("pipeline").asText()).isEqualTo(output + "_pipeline");
    Map<String, JsonNode> columns = new HashMap<>();
    summary.get("columns").forEach(c -> columns.put(c.get("column").asText(), c));
    JsonNode amountColumn = columns.get("amount");
    assertThat(amountColumn.get("action").asText()).isEqualTo(corrected);
    assertThat(amountColumn.get("origin").asText()).isEqualTo("corrected");
    assertThat(amountColumn.get("outputs").toString()).contains("\"amount__" + (corrected.equals("robust_scale") ? "robust" : "standard") + "\"");
    assertThat(columns.get("label").get("treatment").asText()).isEqualTo("label");

    SparkSession spark = SharedSpark.session();
    Dataset<Row> prepared = spark.read().format("delta").load(output);
    assertThat(prepared.count()).isEqualTo(4000);
    assertThat(prepared.schema().apply("features").dataType()).as("vectors are written as arrays").isInstanceOf(ArrayType.class);
    assertThat(prepared.columns()).contains("label", "amount__" + (corrected.equals("robust_scale") ? "robust" : "standard"));
    assertThat(Files.isDirectory(Path.of(output + "_pipeline", "stages"))).isTrue();

    // next month's file, transformed with the saved pipeline: same columns
    Path next = writeSales(dir.resolve("sales_next.csv"), 500, 2);
    String nextOutput = dir.resolve("prepared_next").toString();
    CapturedRun again = CapturedRun.of("apply", "--input", next.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--model", output + "_pipeline", "--output", nextOutput, "--output-format", "parquet");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("500 rows read").contains("prepared dataset: " + nextOutput + " (parquet)");
    Dataset<Row> nextPrepared = spark.read().parquet(nextOutput);
    assertThat(nextPrepared.count()).isEqualTo(500);
    assertThat(nextPrepared.columns()).containsExactly(prepared.columns());

    // the output exists now: a second apply without --overwrite refuses and changes nothing
    List<String> written = listing(Path.of(output));
    CapturedRun refused = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--include", "uncertain", "--target", "label");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("exists").contains("--overwrite");
    assertThat(listing(Path.of(output))).isEqualTo(written);
  }

  @Test
  void aDeclaredSchemaNamesTheColumnsApplyReadsAsProfileRead() throws IOException {
    // the sales rows without their header line: names and types come only from --schema
    Path headerless = dir.resolve("sales_headerless.csv");
    List<String> lines = Files.readAllLines(sales, StandardCharsets.UTF_8);
    Files.write(headerless, lines.subList(1, lines.size()), StandardCharsets.UTF_8);
    String schema = "amount DOUBLE, region STRING, price STRING, ordered STRING, label INT";
    CapturedRun run = CapturedRun.of("run", "--input", headerless.toString(), "--dataset", "declared", "--tenant", "shop",
        "--warehouse", warehouse, "--epsilon", "4", "--header", "false", "--schema", schema, "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String output = dir.resolve("prepared_declared").toString();
    CapturedRun apply = CapturedRun.of("apply", "--input", headerless.toString(), "--dataset", "declared", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--include", "uncertain", "--target", "label", "--header", "false",
        "--schema", schema, "--json");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    List<String> planned = new ArrayList<>();
    JSON.readTree(apply.outLines().get(0)).get("columns").forEach(c -> planned.add(c.get("column").asText()));
    // without the schema apply would read c0..c4 and find none of the decided columns
    assertThat(planned).contains("amount", "region", "label");
  }

  @Test
  void badRequestsExitWithOneLineAndWriteNothing() throws IOException {
    String output = dir.resolve("never").toString();
    CapturedRun unknown = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "nosuch", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown dataset 'nosuch'");
    CapturedRun noMlflow = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--log-model");
    assertThat(noMlflow.exitCode()).isEqualTo(2);
    assertThat(noMlflow.err()).contains("--log-model needs an MLflow tracking URI");
    CapturedRun both = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--only", "confident", "--include", "uncertain");
    assertThat(both.exitCode()).isEqualTo(2);
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    CapturedRun mlflowDown = CapturedRun.of("apply", "--input", sales.toString(), "--dataset", "sales", "--tenant", "shop",
        "--warehouse", warehouse, "--output", output, "--include", "uncertain", "--target", "label", "--log-model",
        "--conf", "aurora.mlflow.tracking-uri=http://127.0.0.1:" + closed);
    assertThat(mlflowDown.exitCode()).as("MLflow is checked before any work").isEqualTo(4);
    assertThat(mlflowDown.err()).contains("MLflow at http://127.0.0.1:" + closed);
    for (CapturedRun r : List.of(unknown, noMlflow, both, mlflowDown)) {
      assertThat(r.err().lines().filter(l -> l.startsWith("aurora:")).count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("\tat ");
    }
    assertThat(Files.exists(Path.of(output))).isFalse();
  }
}
