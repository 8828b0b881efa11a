package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.metrics.JobMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provisioned Grafana dashboards query only metrics the jobs really push, and docs/stack.md lists them all. */
class GrafanaDashboardsTest {
  private static final Pattern METRIC = Pattern.compile("aurora_[a-z0-9_]+");

  /** Every metric name the jobs push: the constants of {@link BatchMetrics} and {@link JobMetrics}. */
  static Set<String> pushedNames() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Class<?> c : new Class<?>[] {BatchMetrics.class, JobMetrics.class}) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          f.setAccessible(true);
          String value = (String) f.get(null);
          if (value.startsWith("aurora_")) {
            names.add(value);
          }
        }
      }
    }
    return names;
  }

  @Test
  void dashboardsQueryOnlyPushedMetrics() throws Exception {
    Set<String> pushed = pushedNames();
    assertThat(pushed).contains("aurora_rows_read", "aurora_job_success", "aurora_rules");
    ObjectMapper json = new ObjectMapper();
    for (String name : new String[] {"system-health.json", "learning-progress.json", "privacy.json"}) {
      JsonNode dashboard = json.readTree(Path.of(SparkSubmitIT.repo("conf/grafana/dashboards/" + name)).toFile());
      assertThat(dashboard.path("panels")).as(name).isNotEmpty();
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          Matcher m = METRIC.matcher(target.path("expr").asText());
          int found = 0;
          while (m.find()) {
            found++;
            assertThat(pushed).as(name + " / " + panel.path("title").asText()).contains(m.group());
          }
          assertThat(found).as(name + " / " + panel.path("title").asText() + " queries an AURORA metric").isPositive();
        }
      }
    }
  }

  @Test
  void theMetricTableListsEveryPushedMetric() throws Exception {
    String doc = Files.readString(Path.of(SparkSubmitIT.repo("docs/stack.md")));
    for (String name : pushedNames()) {
      assertThat(doc).as("docs/stack.md documents " + name).contains("`" + name + "`");
    }
  }
}
