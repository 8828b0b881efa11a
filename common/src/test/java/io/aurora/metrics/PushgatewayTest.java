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
  void onlyMetricNamesAndIdentifiersAreAccepted() {
    Pushgateway gateway = new Pushgateway("http://127.0.0.1:1");
    assertThatThrownBy(() -> gateway.push("profile", Map.of(), Map.of("rows read", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.push("profile", Map.of("tenant", "a b"), Map.of())).isInstanceOf(AuroraException.class);
  }
}
