package io.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.AuroraConfigLoader;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Pushgateway of scripts/services.sh. */
class PushgatewayTest {
  private static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void pushReplacesTheGroupsMetrics() throws Exception {
    String url = TestServices.pushgatewayUrl();
    String dataset = "ds-" + UUID.randomUUID();
    Pushgateway gateway = new Pushgateway(url);
    gateway.push("profile", Map.of("tenant", "acme", "dataset", dataset), Map.of("aurora_rows_read", 1200L, "aurora_epsilon_spent", 0.5));
    gateway.push("profile", Map.of("tenant", "acme", "dataset", dataset), Map.of("aurora_rows_read", 1300L));
    String metrics = scrape(url);
    assertThat(metrics).containsPattern("aurora_rows_read\\{[^}]*dataset=\"" + dataset + "\"[^}]*\\} 1300");
    assertThat(metrics).doesNotContainPattern("aurora_epsilon_spent\\{[^}]*dataset=\"" + dataset + "\"");
  }

  @Test
  void unreachableGatewayIsAServiceErrorOrAWarning() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Pushgateway gateway = new Pushgateway("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> gateway.push("profile", Map.of(), Map.of("aurora_rows_read", 1)))
        .isInstanceOf(AuroraException.class)
        .satisfies(e -> assertThat(((AuroraException) e).exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:" + port);
    assertThat(gateway.pushQuietly("profile", Map.of(), Map.of("aurora_rows_read", 1))).isFalse();
  }

  @Test
  void failedRunUpdatesOnlyItsSeriesAndKeepsTheLastSuccessCounts() throws Exception {
    String url = TestServices.pushgatewayUrl();
    String dataset = "ds-" + UUID.randomUUID();
    Pushgateway gateway = new Pushgateway(url);
    JobMetrics ok = JobMetrics.start("run", "acme").dataset(dataset);
    ok.set("aurora_rows_read", 1574L).add("aurora_recommendations", JobMetrics.labels("status", "confident", "source", "expert"), 9);
    gateway.deliver(ok, 0);
    JobMetrics failed = JobMetrics.start("run", "acme").dataset(dataset);
    gateway.deliver(failed, 3);

    String metrics = scrape(url);
    String group = "[^}]*dataset=\"" + dataset + "\"[^}]*";
    assertThat(metrics).containsPattern("aurora_rows_read\\{" + group + "\\} 1574\n");
    assertThat(metrics).containsPattern("aurora_recommendations\\{" + group + "\\} 9\n");
    assertThat(metrics).containsPattern("aurora_recommendations\\{[^}]*source=\"expert\"[^}]*status=\"confident\"[^}]*\\} 9\n");
    assertThat(metrics).containsPattern("aurora_job_success\\{" + group + "\\} 0\n");
    assertThat(metrics).containsPattern("aurora_job_exit_code\\{" + group + "\\} 3\n");
    assertThat(metrics).containsPattern("aurora_job_last_success_timestamp_seconds\\{" + group + "\\} ");
    assertThat(metrics).containsPattern("aurora_job_last_failure_timestamp_seconds\\{" + group + "\\} ");

    // the next success replaces the whole group: the failure's time goes with it
    gateway.deliver(JobMetrics.start("run", "acme").dataset(dataset).set("aurora_rows_read", 10L), 0);
    metrics = scrape(url);
    assertThat(metrics).containsPattern("aurora_rows_read\\{" + group + "\\} 10\n")
        .containsPattern("aurora_job_success\\{" + group + "\\} 1\n")
        .doesNotContainPattern("aurora_job_last_failure_timestamp_seconds\\{" + group + "\\}")
        .doesNotContainPattern("aurora_recommendations\\{" + group + "\\}");
  }

  @Test
  void deliveringToADeadGatewayDoesNotThrow() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Pushgateway gateway = new Pushgateway("http://127.0.0.1:" + port + "/");
    gateway.deliver(JobMetrics.start("learn", "acme").set("aurora_rules", 2), 0);
    assertThatThrownBy(() -> gateway.push("learn", Map.of(), Map.of("aurora_rules", 1)))
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void aPasswordInsideTheUrlIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> new Pushgateway("http://ops:s3cr3t@127.0.0.1:9091/"))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("AURORA_METRICS_PUSHGATEWAY_PASSWORD")
        .hasMessageNotContaining("s3cr3t");
  }

  /**
   * A Pushgateway behind HTTP basic authentication (its own --web.config.file, started here): a push
   * without the password is refused, a push with aurora.metrics.pushgateway-user and the secret lands.
   */
  @Test
  void basicAuthenticationFromTheUserAndTheSecretPassword(@TempDir Path dir) throws Exception {
    Path binary = TestServices.tool("prometheus-pushgateway");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // bcrypt (cost 4) of the test password "aurora-test-push"
    Path web = Files.writeString(dir.resolve("web.yml"),
        "basic_auth_users:\n  ops: $2b$04$5biCC4E35bZFC1XbFxCnceF74DXTV.ctsjHPyDJAjJLfJspjvQb0m\n");
    Process gatewayProcess = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port,
        "--web.config.file=" + web).redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (true) {
        try {
          http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding());
          break;
        } catch (java.io.IOException e) {
          assertThat(System.nanoTime()).as("pushgateway started").isLessThan(deadline);
          Thread.sleep(100);
        }
      }
      String dataset = "ds-" + UUID.randomUUID();
      assertThatThrownBy(() -> new Pushgateway(url).push("profile", Map.of("dataset", dataset), Map.of("aurora_rows_read", 1)))
          .isInstanceOf(AuroraException.class).hasMessageContaining("HTTP 401");

      AuroraConfig config = AuroraConfigLoader.load(Map.of(), List.of("aurora.metrics.pushgateway=" + url,
          "aurora.metrics.pushgateway-user=ops"), Map.of(), Map.of("AURORA_METRICS_PUSHGATEWAY_PASSWORD", "aurora-test-push"), null);
      MetricsSink sink = MetricsSink.from(config);
      sink.deliver(JobMetrics.start("profile", "acme").dataset(dataset).set("aurora_rows_read", 77L), 0);

      HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
          .header("Authorization", Pushgateway.authorization(config).orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.body()).containsPattern("aurora_rows_read\\{[^}]*dataset=\"" + dataset + "\"[^}]*\\} 77\n");
    } finally {
      gatewayProcess.destroy();
      gatewayProcess.waitFor();
    }
  }

  @Test
  void aUserWithoutAPasswordIsAUsageError() {
    AuroraConfig config = AuroraConfigLoader.load(Map.of(), List.of("aurora.metrics.pushgateway=http://127.0.0.1:9091",
        "aurora.metrics.pushgateway-user=ops"), Map.of(), Map.of(), null);
    assertThatThrownBy(() -> MetricsSink.from(config)).isInstanceOf(AuroraException.class)
        .hasMessageContaining("AURORA_METRICS_PUSHGATEWAY_PASSWORD");
  }

  @Test
  void onlyMetricNamesAndIdentifiersAreAccepted() {
    Pushgateway gateway = new Pushgateway("http://127.0.0.1:1");
    assertThatThrownBy(() -> gateway.push("profile", Map.of(), Map.of("rows read", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.push("profile", Map.of("tenant", "a b"), Map.of())).isInstanceOf(AuroraException.class);
  }
}
