package io.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobMetricsTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
  private final JobMetrics metrics = new JobMetrics("run", "acme", nanos::get, clock, nanos.get());

  private static Map<String, Number> byName(List<MetricSample> samples) {
    Map<String, Number> out = new java.util.HashMap<>();
    samples.stream().filter(s -> s.labels().isEmpty()).forEach(s -> out.put(s.name(), s.value()));
    return out;
  }

  @Test
  void finishedRunCarriesDurationSuccessExitCodeAndTime() {
    metrics.set("aurora_rows_read", 1200L);
    nanos.addAndGet(2_500_000_000L);
    Map<String, Number> ok = byName(metrics.finished(0));
    assertThat(ok).containsEntry("aurora_rows_read", 1200L).containsEntry(JobMetrics.SUCCESS, 1)
        .containsEntry(JobMetrics.EXIT_CODE, 0).containsEntry(JobMetrics.LAST_SUCCESS, 1.8e9)
        .doesNotContainKey(JobMetrics.LAST_FAILURE);
    assertThat(ok.get(JobMetrics.DURATION).doubleValue()).isEqualTo(2.5);

    Map<String, Number> failed = byName(metrics.finished(3));
    assertThat(failed).containsEntry(JobMetrics.SUCCESS, 0).containsEntry(JobMetrics.EXIT_CODE, 3)
        .containsEntry(JobMetrics.LAST_FAILURE, 1.8e9).doesNotContainKey(JobMetrics.LAST_SUCCESS);
  }

  @Test
  void labelledSeriesAddUpAndSetReplaces() {
    metrics.add("aurora_recommendations", JobMetrics.labels("status", "confident", "source", "expert"), 2);
    metrics.add("aurora_recommendations", JobMetrics.labels("source", "expert", "status", "confident"), 3);
    metrics.add("aurora_recommendations", JobMetrics.labels("status", "uncertain", "source", "rule"), 1);
    metrics.set("aurora_columns", 7).set("aurora_columns", 8);
    assertThat(metrics.samples()).extracting(MetricSample::name, s -> s.labels().toString(), MetricSample::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("aurora_recommendations", "{source=expert, status=confident}", 5L),
        org.assertj.core.groups.Tuple.tuple("aurora_recommendations", "{source=rule, status=uncertain}", 1L),
        org.assertj.core.groups.Tuple.tuple("aurora_columns", "{}", 8));
  }

  @Test
  void groupingIsTenantAndDatasetIdentifiers() {
    assertThat(metrics.grouping()).containsExactly(Map.entry("tenant", "acme"));
    assertThat(metrics.dataset("sales").grouping()).containsExactly(Map.entry("tenant", "acme"), Map.entry("dataset", "sales"));
    assertThatThrownBy(() -> metrics.dataset("a b")).isInstanceOf(AuroraException.class);
  }

  @Test
  void onlyIdentifiersMayBeLabelValues() {
    // a value from a dataset (spaces, '@', quotes) cannot become a label: it would be stored in Prometheus
    assertThatThrownBy(() -> metrics.set("aurora_x", Map.of("column_value", "4111 1111"), 1)).isInstanceOf(AuroraException.class);
    assertThatThrownBy(() -> metrics.set("aurora_x", Map.of("v", "a\"b"), 1)).isInstanceOf(AuroraException.class);
    assertThatThrownBy(() -> metrics.set("aurora_x", Map.of("__name__", "y"), 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.set("aurora x", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void measureDeliversOnceWithTheExitCodeAndRethrows() throws Exception {
    List<Integer> delivered = new ArrayList<>();
    MetricsSink sink = (m, code) -> delivered.add(code);
    assertThat(metrics.measure(sink, () -> 0)).isZero();
    assertThatThrownBy(() -> metrics.measure(sink, () -> {
      throw AuroraException.budgetExhausted("budget of acme/sales exhausted");
    })).isInstanceOf(AuroraException.class);
    assertThatThrownBy(() -> metrics.measure(sink, () -> {
      throw new IllegalStateException("wrapped", AuroraException.badInput("bad"));
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> metrics.measure(sink, () -> {
      throw new OutOfMemoryError();
    })).isInstanceOf(OutOfMemoryError.class);
    assertThat(delivered).containsExactly(0, 3, 2, 1);
  }

  @Test
  void textGroupsEachFamilyUnderOneTypeLine() {
    String text = Pushgateway.text(List.of(
        MetricSample.of("aurora_recommendations", Map.of("status", "confident", "source", "expert"), 4L),
        MetricSample.of("aurora_rows_read", 1200L),
        MetricSample.of("aurora_recommendations", Map.of("status", "uncertain", "source", "rule"), 1L),
        MetricSample.of("aurora_epsilon_spent", 0.5)));
    assertThat(text).isEqualTo("""
        # TYPE aurora_recommendations gauge
        aurora_recommendations{source="expert",status="confident"} 4
        aurora_recommendations{source="rule",status="uncertain"} 1
        # TYPE aurora_rows_read gauge
        aurora_rows_read 1200
        # TYPE aurora_epsilon_spent gauge
        aurora_epsilon_spent 0.5
        """);
  }
}
