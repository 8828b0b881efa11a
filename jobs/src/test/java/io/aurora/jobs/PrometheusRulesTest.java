package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration and AURORA's alert rules (failed job, budget below 10 %, no model trained
 * for three nights, uncertain share above 40 %) checked by promtool (Debian's prometheus package, which
 * scripts/services.sh installs), including the rule unit tests of conf/prometheus/alerts-test.yml; the
 * rules query only metrics the jobs push.
 */
class PrometheusRulesTest {
  private static final Path DIR = ComposeStackTest.repo("conf/prometheus");

  private static String promtool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(TestServices.tool("promtool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool " + String.join(" ", args) + "\n" + out).isZero();
    return out;
  }

  @Test
  void configAndRulesAreValid() throws Exception {
    assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 4 rules found");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
  }

  @Test
  void rulesQueryOnlyPushedMetricsAndCoverTheFourAlerts() throws Exception {
    String rules = Files.readString(DIR.resolve("alerts.yml"));
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("aurora_[a-z0-9_]+").matcher(rules.replaceAll("(?m)#.*$", ""));
    while (m.find()) {
      queried.add(m.group());
    }
    assertThat(GrafanaDashboardsTest.pushedNames()).containsAll(queried);
    assertThat(rules).contains("alert: AuroraJobFailed", "alert: AuroraPrivacyBudgetLow", "alert: AuroraRetrainSkipped",
        "alert: AuroraUncertainShareHigh");
  }
}
