package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar under the real {@code spark-submit} of the pyspark distribution, against the
 * Spark standalone cluster that scripts/services.sh started: Spark and Hadoop come from the
 * cluster, Delta and the services' clients from the jar. Runs after {@code package} (failsafe).
 */
class SparkSubmitIT {
  /**
   * The AURORA command line submitted, after the jar. Switch to the main job once it exists, e.g.
   * {@code List.of("run", "--input", repo("examples/ks_1033_data.csv"))}, and extend
   * {@link #assertWarehouse} with the tables it must have written.
   */
  static final List<String> COMMAND = List.of("doctor");

  private static final long TIMEOUT_MINUTES = 6;

  @TempDir
  Path dir;

  static String repo(String relative) {
    return Path.of(System.getProperty("aurora.repo.root", "..")).resolve(relative).toAbsolutePath().toString();
  }

  @Test
  void jobJarRunsOnTheStandaloneCluster() throws Exception {
    String master = TestServices.sparkMaster();
    String sparkHome = TestServices.require("AURORA_TEST_SPARK_HOME");
    Path jar = Path.of(System.getProperty("aurora.jobs.jar", "target/aurora-jobs.jar"));
    assertThat(jar).as("the shaded jar is built by 'package' before this test").isRegularFile();
    Path warehouse = dir.resolve("warehouse");

    List<String> command = new ArrayList<>(List.of(
        Path.of(sparkHome, "bin", "spark-submit").toString(),
        "--master", master,
        "--deploy-mode", "client",
        "--class", "io.aurora.jobs.AuroraMain",
        "--driver-memory", "1g",
        "--executor-memory", "768m",
        "--total-executor-cores", "1",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.aurora.warehouse=" + warehouse,
        jar.toAbsolutePath().toString()));
    command.addAll(COMMAND);

    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_HOME", sparkHome);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("PYSPARK_PYTHON");
    Process p = pb.start();
    boolean finished = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    String context = "stdout:\n" + stdout + "\nstderr (tail):\n" + tail(stderr, 60);
    assertThat(finished).as("spark-submit finished within %d minutes\n%s", TIMEOUT_MINUTES, context).isTrue();
    assertThat(p.exitValue()).as(context).isZero();

    assertWarehouse(warehouse, stdout, context);
    assertLogsAreJsonLines(stderr, context);
  }

  /** What the submitted command must have left behind. */
  private static void assertWarehouse(Path warehouse, String stdout, String context) {
    assertThat(warehouse).as(context).isDirectory();
    // doctor: the probe ran on the cluster's executor
    assertThat(stdout).as(context).contains("OK warehouse: file:" + warehouse).containsPattern("OK spark: spark://\\S+ ran a probe job");
  }

  /** After AuroraMain started, everything on stderr (Spark's own logs included) is one JSON object per line. */
  private static void assertLogsAreJsonLines(String stderr, String context) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = stderr.lines().toList();
    int first = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("{\"time\"")) {
        first = i;
        break;
      }
    }
    assertThat(first).as("a JSON log line on stderr\n" + context).isGreaterThanOrEqualTo(0);
    boolean aurora = false;
    for (String line : lines.subList(first, lines.size())) {
      JsonNode node = json.readTree(line);
      assertThat(node.has("level") && node.has("logger") && node.has("message")).as(line).isTrue();
      aurora |= node.get("logger").asText().startsWith("io.aurora");
    }
    assertThat(aurora).as(context).isTrue();
  }

  private static String tail(String s, int n) {
    List<String> lines = s.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
