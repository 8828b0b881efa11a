package io.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLogTest {
  private final JobLog log = JobLog.of("profile", "acme").withRunId("r-1").withDataset("sales");

  @Test
  void eventCarriesIdentifiersAndNumericCountsAsFields() {
    JobEvent event = log.build("run.finished", null, null, Map.of("rows_read", 1200L, "epsilon_spent", 0.5));
    assertThat(event.getFormattedMessage()).isEqualTo("run.finished");
    assertThat(event.getData()).containsEntry("event", "run.finished")
        .containsEntry("job", "profile").containsEntry("tenant", "acme")
        .containsEntry("run_id", "r-1").containsEntry("dataset", "sales")
        .containsEntry("rows_read", 1200L).containsEntry("epsilon_spent", 0.5)
        .doesNotContainKeys("phase", "duration_ms");
  }

  @Test
  void phaseEventHasPhaseAndDuration() {
    JobEvent event = log.build("phase.finished", "read", 42L, Map.of());
    assertThat(event.getData()).containsEntry("phase", "read").containsEntry("duration_ms", 42L);
  }

  @Test
  void freeTextCannotBeSmuggledInAsANameOrIdentifier() {
    assertThatThrownBy(() -> log.build("value was 4111 1111", null, null, Map.of())).isInstanceOf(AuroraException.class);
    assertThatThrownBy(() -> log.build("ok", null, null, Map.of("a b", 1))).isInstanceOf(AuroraException.class);
    assertThatThrownBy(() -> JobLog.of("profile", "acme").withDataset("x y")).isInstanceOf(AuroraException.class);
  }
}
