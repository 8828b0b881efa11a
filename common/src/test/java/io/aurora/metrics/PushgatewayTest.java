package io.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

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
  void deliveringToADeadGatewayDoesNotThrowNorShowCredentials() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Pushgateway gateway = new Pushgateway("http://ops:s3cr3t@127.0.0.1:" + port + "/");
    gateway.deliver(JobMetrics.start("learn", "acme").set("aurora_rules", 2), 0);
    assertThatThrownBy(() -> gateway.push("learn", Map.of(), Map.of("aurora_rules", 1)))
        .hasMessageContaining("127.0.0.1:" + port).hasMessageNotContaining("s3cr3t");
  }

  @Test
  void onlyMetricNamesAndIdentifiersAreAccepted() {
    Pushgateway gateway = new Pushgateway("http://127.0.0.1:1");
    assertThatThrownBy(() -> gateway.push("profile", Map.of(), Map.of("rows read", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.push("profile", Map.of("tenant", "a b"), Map.of())).isInstanceOf(AuroraException.class);
  }
}
