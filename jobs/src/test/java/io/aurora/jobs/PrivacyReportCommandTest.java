package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivacyReportCommandTest {
  @TempDir
  Path warehouse;

  @Test
  void listsSpendPerDatasetAndPartitionAsJsonLines() {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(new LedgerKey("acme", "sales", null), "r1", 1.0, 0, 10, "laplace:12");
      ledger.debit(new LedgerKey("acme", "sales", "2024-01-02"), "r2", 0.5, 1e-9, 10, "gaussian:2,laplace:3");
      ledger.debit(new LedgerKey("acme", "sales", "2024-01-02"), "r3", 0.5, 0, 10, "laplace:3");
      ledger.debit(new LedgerKey("other", "secret", null), "r4", 2.0, 0, 10, "laplace:1");
    }
    String json = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme", "--json");
    assertThat(json.lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"tenant\":\"acme\",\"dataset\":\"sales\""));
    String whole = json.lines().filter(l -> l.contains("\"partition\":null")).findFirst().orElseThrow();
    assertThat(whole).contains("\"epsilon_spent\":2.0").contains("\"releases\":1").contains("\"mechanisms\":{\"laplace\":12}");
    assertThat(json).doesNotContain("secret").doesNotContain("other");
    String partition = json.lines().filter(l -> l.contains("2024-01-02")).findFirst().orElseThrow();
    assertThat(partition)
        .contains("\"epsilon_recorded\":1.0")
        .contains("\"epsilon_spent\":2.0") // its own 1.0 plus the whole-dataset release
        .contains("\"epsilon_remaining\":8.0")
        .contains("\"releases\":2")
        .contains("\"mechanisms\":{\"gaussian\":2,\"laplace\":6}");

    String text = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme");
    assertThat(text).contains("sales").contains("(all rows)").contains("2024-01-02").contains("laplace:12");
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "nobody")).contains("No releases recorded");
  }

  @Test
  void pushesSpendAndRemainingBudgetPerDatasetAndPartition() throws Exception {
    String url = io.aurora.testing.TestServices.pushgatewayUrl();
    String tenant = "privacy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(new LedgerKey(tenant, "sales", null), "r1", 1.0, 0, 10, "laplace:12");
      ledger.debit(new LedgerKey(tenant, "sales", "2024-01-02"), "r2", 0.5, 0, 10, "laplace:3");
    }
    run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", tenant, "--conf", "aurora.metrics.pushgateway=" + url);
    com.fasterxml.jackson.databind.JsonNode group = PushgatewayContent.fetch(url)
        .group(java.util.Map.of("job", "privacy-report", "tenant", tenant)).orElseThrow();
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .containsExactly(1.5);
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_remaining", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .containsExactly(8.5);
    // the whole-dataset line has no partition label; the ledger charges it the partition's release too
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales"))).containsExactly(1.5, 1.5);
    assertThat(PushgatewayContent.values(group, "aurora_privacy_releases", java.util.Map.of("dataset", "sales"))).containsExactlyInAnyOrder(1.0, 1.0);
    assertThat(PushgatewayContent.value(group, "aurora_epsilon_budget")).isEqualTo(10.0);
    assertThat(PushgatewayContent.value(group, "aurora_job_success")).isEqualTo(1.0);
  }

  @Test
  void aFreshWarehouseReportsNothingAndCreatesNoLedger() {
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme")).contains("No releases recorded");
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme", "--json")).isEmpty();
    assertThat(warehouse.resolve("_ledger")).doesNotExist();
  }

  @Test
  void remoteWarehouseWithoutPostgresIsAUsageError() {
    assertThat(AuroraMain.execute("privacy-report", "--warehouse", "s3a://bucket/wh", "--tenant", "acme")).isEqualTo(2);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new AuroraMain());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }
}
