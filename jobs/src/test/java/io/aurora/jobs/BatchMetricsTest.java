package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs' batch metrics as the real Pushgateway of scripts/services.sh holds them after real commands. */
class BatchMetricsTest {
  /** Data rows of examples/ks_1033_data.csv (1575 lines: a header and 1574 records of 14 fields). */
  private static final long EXAMPLE_ROWS = 1574;
  private static final int EXAMPLE_COLUMNS = 14;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void runPushesItsCountsAndALaterFailureKeepsThem() throws Exception {
    String url = TestServices.pushgatewayUrl();
    SharedSpark.session();
    String tenant = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    String warehouse = dir.resolve("warehouse").toString();
    String push = "aurora.metrics.pushgateway=" + url;
    // the example plus two records with the wrong number of fields
    Path input = dir.resolve("ks.csv");
    Files.copy(Path.of(SparkSubmitIT.repo("examples/ks_1033_data.csv")), input);
    Files.writeString(input, "KS,ALLEN\nKS,ALLEN,20001,1005\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    long before = System.currentTimeMillis() / 1000;
    CapturedRun run = CapturedRun.of("run", "--input", input.toString(), "--dataset", "ks", "--tenant", tenant,
        "--warehouse", warehouse, "--epsilon", "0.75", "--json", "--conf", push,
        "--conf", "aurora.redis.url=" + TestServices.redisUrl());
    assertThat(run.exitCode()).as(run.err()).isZero();
    long after = System.currentTimeMillis() / 1000 + 1;
    Map<String, String> grouping = Map.of("job", "run", "tenant", tenant, "dataset", "ks");
    JsonNode group = PushgatewayContent.fetch(url).group(grouping).orElseThrow(() -> new AssertionError("no group " + grouping));

    // the exact counts stay on stdout (SPEC §4): rows read is the noisy row count the fingerprints
    // released, malformed rows the noisy count the runs table keeps (2 exact malformed rows, released with noise)
    double released = SharedSpark.session().read().format("delta").load(warehouse + "/fingerprints")
        .where(org.apache.spark.sql.functions.col("tenant").equalTo(tenant)).select("row_count").first().getDouble(0);
    long noisyRows = Math.max(0, Math.round(released));
    assertThat(noisyRows).as("the release is noisy").isNotEqualTo(EXAMPLE_ROWS).isCloseTo(EXAMPLE_ROWS, within(400L));
    assertThat(PushgatewayContent.value(group, "aurora_rows_read")).isEqualTo(noisyRows);
    long releasedMalformed = SharedSpark.session().read().format("delta").load(warehouse + "/runs")
        .where(org.apache.spark.sql.functions.col("tenant").equalTo(tenant)).select("rows_malformed").first().getLong(0);
    assertThat(PushgatewayContent.value(group, "aurora_rows_malformed")).as("the released count, as the runs table keeps it")
        .isEqualTo(releasedMalformed);
    assertThat(PushgatewayContent.values(group, "aurora_rows_malformed_bucket", Map.of())).as("no bucket of the exact count").isEmpty();
    // Redis publication: every recommendation, and how long it took
    assertThat(PushgatewayContent.value(group, "aurora_redis_published_recommendations")).isEqualTo(EXAMPLE_COLUMNS);
    assertThat(PushgatewayContent.value(group, "aurora_redis_reachable")).isEqualTo(1);
    assertThat(PushgatewayContent.value(group, "aurora_redis_publish_seconds")).isPositive().isLessThan(30);
    assertThat(PushgatewayContent.value(group, "aurora_columns_profiled")).isEqualTo(EXAMPLE_COLUMNS);
    assertThat(PushgatewayContent.value(group, "aurora_epsilon_spent")).isEqualTo(0.75);
    assertThat(PushgatewayContent.value(group, "aurora_epsilon_budget")).isEqualTo(10.0);
    assertThat(PushgatewayContent.value(group, "aurora_epsilon_remaining")).isCloseTo(9.25, within(1e-9));
    assertThat(PushgatewayContent.value(group, "aurora_profile_reused")).isZero();
    assertThat(PushgatewayContent.value(group, "aurora_job_success")).isEqualTo(1);
    assertThat(PushgatewayContent.value(group, "aurora_job_exit_code")).isZero();
    assertThat(PushgatewayContent.value(group, "aurora_job_duration_seconds")).isPositive().isLessThan(600);
    assertThat(PushgatewayContent.value(group, "aurora_job_last_success_timestamp_seconds")).isBetween((double) before, (double) after);
    for (String phase : List.of("profile", "recommend")) {
      assertThat(PushgatewayContent.values(group, "aurora_phase_duration_seconds", Map.of("phase", phase)))
          .singleElement().satisfies(d -> assertThat(d).isPositive());
    }
    // recommendations by status and source: what stdout printed, zeros for the combinations that did not occur
    Map<String, Integer> printed = new HashMap<>();
    for (String line : run.outLines()) {
      JsonNode rec = JSON.readTree(line);
      printed.merge(rec.get("status").asText() + "/" + rec.get("source").asText(), 1, Integer::sum);
    }
    assertThat(run.outLines()).hasSize(EXAMPLE_COLUMNS);
    for (String status : List.of("confident", "uncertain")) {
      for (String source : List.of("rule", "model", "expert")) {
        assertThat(PushgatewayContent.values(group, "aurora_recommendations", Map.of("status", status, "source", source)))
            .as(status + "/" + source).containsExactly((double) printed.getOrDefault(status + "/" + source, 0));
      }
    }

    // a failed run of the same dataset says so, and leaves the last success's counts in place
    CapturedRun failed = CapturedRun.of("run", "--input", dir.resolve("missing.csv").toString(), "--dataset", "ks",
        "--tenant", tenant, "--warehouse", warehouse, "--conf", push);
    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(2);
    group = PushgatewayContent.fetch(url).group(grouping).orElseThrow();
    assertThat(PushgatewayContent.value(group, "aurora_job_success")).isZero();
    assertThat(PushgatewayContent.value(group, "aurora_job_exit_code")).isEqualTo(2);
    assertThat(PushgatewayContent.value(group, "aurora_job_last_failure_timestamp_seconds")).isGreaterThanOrEqualTo(before);
    assertThat(PushgatewayContent.value(group, "aurora_rows_read")).isEqualTo(noisyRows);
  }

  /** The model's metrics as retrain pushes them through BatchMetrics.model, scraped back from the real Pushgateway. */
  @Test
  void modelMetricsReachThePushgateway() throws Exception {
    String url = TestServices.pushgatewayUrl();
    String tenant = "model-" + UUID.randomUUID().toString().substring(0, 8);
    io.aurora.metrics.JobMetrics metrics = io.aurora.metrics.JobMetrics.start("retrain", tenant);
    BatchMetrics.model(metrics, java.util.OptionalLong.of(7), java.util.Map.of("accuracy", 0.91, "ece", 0.04),
        java.util.OptionalDouble.of(1_790_000_000.0), false);
    new io.aurora.metrics.Pushgateway(url).deliver(metrics, 0);
    JsonNode group = PushgatewayContent.fetch(url).group(Map.of("job", "retrain", "tenant", tenant)).orElseThrow();
    assertThat(PushgatewayContent.value(group, "aurora_model_champion_version")).isEqualTo(7);
    assertThat(PushgatewayContent.values(group, "aurora_model_holdout_metric", Map.of("metric", "accuracy"))).containsExactly(0.91);
    assertThat(PushgatewayContent.values(group, "aurora_model_holdout_metric", Map.of("metric", "ece"))).containsExactly(0.04);
    assertThat(PushgatewayContent.value(group, "aurora_model_last_trained_timestamp_seconds")).isEqualTo(1_790_000_000.0);
    assertThat(PushgatewayContent.value(group, "aurora_retrain_skipped")).isZero();

    // a skipped night keeps the previous training time and says it skipped
    io.aurora.metrics.JobMetrics skipped = io.aurora.metrics.JobMetrics.start("retrain", tenant);
    BatchMetrics.model(skipped, java.util.OptionalLong.of(7), Map.of(), java.util.OptionalDouble.of(1_790_000_000.0), true);
    new io.aurora.metrics.Pushgateway(url).deliver(skipped, 0);
    group = PushgatewayContent.fetch(url).group(Map.of("job", "retrain", "tenant", tenant)).orElseThrow();
    assertThat(PushgatewayContent.value(group, "aurora_retrain_skipped")).isEqualTo(1);
    assertThat(PushgatewayContent.value(group, "aurora_model_last_trained_timestamp_seconds")).isEqualTo(1_790_000_000.0);
  }

  @Test
  void anUnreachablePushgatewayCostsOneWarningNotTheJob() throws Exception {
    SharedSpark.session();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CapturedRun rules = CapturedRun.of("rules", "--tenant", "metrics-dead", "--warehouse", dir.resolve("warehouse").toString(),
        "--conf", "aurora.metrics.pushgateway=http://127.0.0.1:" + port);
    assertThat(rules.exitCode()).as(rules.err()).isZero();
    assertThat(rules.out()).contains("no rules learned yet");
    assertThat(rules.logLines()).filteredOn(l -> l.contains("not pushed")).singleElement()
        .satisfies(l -> assertThat(l).startsWith("io.aurora.metrics.Pushgateway").contains("127.0.0.1:" + port));
  }
}
