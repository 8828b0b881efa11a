package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks of examples/notebooks/, executed with papermill in the services' Python
 * ({@code AURORA_TEST_PYTHON}) against the tables of a real {@code run} of the bundled example:
 * review.ipynb (PySpark + delta-spark, on the Delta jars the Maven build already has) reads the
 * queue, a fingerprint and the rules and appends a correction; {@code learn} validates it and makes
 * a rule of it; tables_pandas.ipynb reads the same tables through delta-rs, the new rule included.
 */
class ExampleNotebooksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "notebooks";
  private static final String DATASET = "ks_1033_data";

  @TempDir
  Path dir;

  @Test
  void notebooksReadTheTablesAndTheirCorrectionIsLearned() throws Exception {
    String python = TestServices.require("AURORA_TEST_PYTHON");
    var spark = SharedSpark.session();
    String warehouse = dir.resolve("warehouse").toString();
    CapturedRun run = CapturedRun.of("run", "--input", SparkSubmitIT.repo("examples/ks_1033_data.csv"), "--tenant", TENANT,
        "--warehouse", warehouse, "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();

    String review = execute(python, "review.ipynb", warehouse, "-p", "delta_jars", deltaJars());
    assertThat(review).contains("in the review queue", "appended: ");

    List<Row> corrections = spark.read().format("delta").load(warehouse + "/feedback")
        .where("user = 'notebook-analyst'").collectAsList();
    assertThat(corrections).hasSize(1);
    String corrected = corrections.get(0).getAs("correct_action");

    // one correction makes a rule when the threshold is one: learn accepted the notebook's row and used it
    String[] common = {"--tenant", TENANT, "--warehouse", warehouse, "--conf", "aurora.learning.min-corrections=1", "--json"};
    CapturedRun learn = CapturedRun.of(concat(new String[] {"learn"}, common));
    assertThat(learn.exitCode()).as(learn.err()).isZero();
    JsonNode learned = JSON.readTree(learn.outLines().get(0));
    assertThat(learned.get("feedback_rows").asLong()).isEqualTo(1);
    assertThat(learned.get("rejected").asLong()).isZero();
    assertThat(learned.get("created").asLong()).isPositive();
    CapturedRun rules = CapturedRun.of(concat(new String[] {"rules"}, common));
    assertThat(rules.exitCode()).as(rules.err()).isZero();
    JsonNode rule = null;
    for (String line : rules.outLines()) {
      JsonNode node = JSON.readTree(line);
      if (node.get("action").asText().equals(corrected)) {
        rule = node;
      }
    }
    assertThat(rule).as("a rule for the corrected action: " + rules.out()).isNotNull();

    String pandas = execute(python, "tables_pandas.ipynb", warehouse);
    assertThat(pandas).contains("in the review queue", rule.get("rule_id").asText(), corrected);
  }

  @Test
  void committedNotebooksCarryNoOutputs() throws IOException {
    for (String name : List.of("review.ipynb", "tables_pandas.ipynb")) {
      JsonNode notebook = JSON.readTree(Path.of(SparkSubmitIT.repo("examples/notebooks/" + name)).toFile());
      int code = 0;
      for (JsonNode cell : notebook.get("cells")) {
        if (cell.get("cell_type").asText().equals("code")) {
          code++;
          assertThat(cell.get("outputs")).as(name).isEmpty();
          assertThat(cell.get("execution_count").isNull()).as(name).isTrue();
        }
      }
      assertThat(code).as(name).isGreaterThan(3);
    }
  }

  /** Runs one notebook with papermill; returns the text of the executed notebook (its outputs). */
  private String execute(String python, String notebook, String warehouse, String... parameters) throws Exception {
    Path out = dir.resolve("executed-" + notebook);
    List<String> command = new ArrayList<>(List.of(python, "-m", "papermill", SparkSubmitIT.repo("examples/notebooks/" + notebook),
        out.toString(), "-k", "python3", "--cwd", dir.toString(),
        "-p", "warehouse", warehouse, "-p", "tenant", TENANT, "-p", "dataset", DATASET));
    command.addAll(List.of(parameters));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(notebook + ".log").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("PYSPARK_PYTHON", python);
    Process process = pb.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(dir.resolve(notebook + ".log"), StandardCharsets.UTF_8);
    assertThat(finished && process.exitValue() == 0).as(notebook + " failed:\n" + tail(log)).isTrue();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** The Delta jars of this build's class path, for the notebook's spark.jars (no Ivy download). */
  private static String deltaJars() throws Exception {
    List<String> jars = new ArrayList<>();
    for (Class<?> c : List.of(io.delta.tables.DeltaTable.class, io.delta.storage.LogStore.class)) {
      jars.add(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath());
    }
    return String.join(",", jars);
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
