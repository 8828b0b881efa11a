package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The canary's search must find a leak in the shapes a metric or an MLflow run would carry it. */
class CanaryScanTest {
  private final CanaryScan scan = new CanaryScan(FullLoopCanaryTest.MARKERS);

  @Test
  void findsANumericMarkerPushedAsAMetricInAnyRendering() {
    // what the Pushgateway would hold if a job pushed the raw maximum of the canary's charge column
    String plain = "# TYPE aurora_column_max gauge\naurora_column_max{dataset=\"patients\",job=\"run\",tenant=\"canary\"} 73519.8642\n";
    String exponent = "aurora_column_max{job=\"run\"} 7.35198642e+04\n";
    String json = "{\"metrics\":[{\"key\":\"max_charge\",\"value\":7.35198642E4,\"step\":0}]}";
    assertThat(scan.found(plain)).contains("73519.8642", "73519.8642 as number");
    assertThat(scan.found(exponent)).containsExactly("73519.8642 as number");
    assertThat(scan.found(json)).containsExactly("73519.8642 as number");
    assertThatThrownBy(() -> scan.assertClean("pushgateway", exponent)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("pushgateway");
  }

  @Test
  void findsAStringMarkerInAnArtifactOrALabel() {
    assertThat(scan.found("{\"params\":[{\"key\":\"example\",\"value\":\"canary.zqx5a8f1e@example.org\"}]}"))
        .containsExactly("canary.zqx5a8f1e@example.org");
    assertThat(scan.found("aurora_rows{ward=\"CANARYLABELqv7\"} 1")).containsExactly("CANARYLABELqv7");
  }

  @Test
  void theCanaryRunsHonestMetricsAreNotMarkers() {
    // what a clean canary run pushes: 600 rows, 5 columns, ε 1 of a budget of 10, durations, times
    String clean = """
        aurora_rows_read{dataset="patients",job="run",tenant="canary"} 600
        aurora_columns_profiled{dataset="patients",job="run",tenant="canary"} 5
        aurora_epsilon_spent{dataset="patients",job="run",tenant="canary"} 1
        aurora_epsilon_remaining{dataset="patients",job="run",tenant="canary"} 9
        aurora_job_duration_seconds{dataset="patients",job="run",tenant="canary"} 7.3519864
        aurora_job_last_success_timestamp_seconds{dataset="patients",job="run",tenant="canary"} 1.7950912e+09
        """;
    assertThat(scan.found(clean)).isEmpty();
  }
}
