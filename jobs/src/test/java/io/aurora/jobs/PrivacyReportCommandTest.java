package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.LifetimeBudget;
import io.aurora.privacy.Release;
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

  private static Release release(String tenant, String dataset, String partition, String id, double epsilon, double delta) {
    return new Release(new LedgerKey(tenant, dataset, partition), id, id, epsilon, delta, Release.rhoOf(epsilon, delta),
        delta == 0 ? "laplace:" + id.length() : "gaussian:2,laplace:3", null, null, false);
  }

  @Test
  void listsSpendPerDatasetAndPartitionInRhoAsJsonLines() throws Exception {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(release("acme", "sales", null, "r1-whole-data", 1.0, 0));
      ledger.debit(release("acme", "sales", "2024-01-02", "r2", 0.5, 1e-9));
      ledger.debit(release("acme", "sales", "2024-01-02", "r3", 0.5, 0));
      ledger.debit(release("acme", "sales", "2024-01-02", "r5", 0.5, 0));
      ledger.voidRelease(new LedgerKey("acme", "sales", "2024-01-02"), "r5");
      ledger.debit(release("other", "secret", null, "r4", 1.0, 0));
    }
    String json = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme", "--json");
    assertThat(json.lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"tenant\":\"acme\",\"dataset\":\"sales\""));
    assertThat(json).doesNotContain("secret").doesNotContain("other");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode whole = mapper.readTree(json.lines().filter(l -> l.contains("\"partition\":null")).findFirst().orElseThrow());
    double partitionRho = Release.rhoOf(0.5, 1e-9) + Release.rhoOf(0.5, 0);
    // the whole dataset's rows lost its own release and the most any partition lost
    assertThat(whole.get("rho_spent").asDouble()).isCloseTo(0.5 + partitionRho, within(1e-12));
    assertThat(whole.get("releases").asInt()).isEqualTo(1);
    assertThat(whole.get("mechanisms").toString()).isEqualTo("{\"laplace\":13}");
    JsonNode partition = mapper.readTree(json.lines().filter(l -> l.contains("2024-01-02")).findFirst().orElseThrow());
    LifetimeBudget budget = new LifetimeBudget(10, 1e-9);
    assertThat(partition.get("epsilon_recorded").asDouble()).isEqualTo(1.0); // the voided release does not count
    assertThat(partition.get("rho_spent").asDouble()).isCloseTo(0.5 + partitionRho, within(1e-12));
    assertThat(partition.get("rho_budget").asDouble()).isCloseTo(budget.rho(), within(1e-12));
    assertThat(partition.get("epsilon_spent").asDouble()).isCloseTo(budget.epsilonOf(0.5 + partitionRho), within(1e-9));
    assertThat(partition.get("epsilon_remaining").asDouble()).isCloseTo(10 - budget.epsilonOf(0.5 + partitionRho), within(1e-9));
    assertThat(partition.get("releases").asInt()).isEqualTo(2);
    assertThat(partition.get("mechanisms").toString()).isEqualTo("{\"gaussian\":2,\"laplace\":5}");

    String text = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme");
    assertThat(text).contains("sales").contains("(all rows)").contains("2024-01-02").contains("ρ spent");
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "nobody")).contains("No releases recorded");
  }

  @Test
  void pushesSpendAndRemainingBudgetPerDatasetAndPartition() throws Exception {
    String url = io.aurora.testing.TestServices.pushgatewayUrl();
    String tenant = "privacy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(release(tenant, "sales", null, "r1", 1.0, 1e-9));
      ledger.debit(release(tenant, "sales", "2024-01-02", "r2", 0.5, 1e-9));
    }
    run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", tenant, "--conf", "aurora.metrics.pushgateway=" + url);
    com.fasterxml.jackson.databind.JsonNode group = PushgatewayContent.fetch(url)
        .group(java.util.Map.of("job", "privacy-report", "tenant", tenant)).orElseThrow();
    LifetimeBudget budget = new LifetimeBudget(10, 1e-9);
    double spent = budget.epsilonOf(Release.rhoOf(1.0, 1e-9) + Release.rhoOf(0.5, 1e-9));
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .singleElement().satisfies(v -> assertThat(v).isCloseTo(spent, within(1e-9)));
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_remaining", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .singleElement().satisfies(v -> assertThat(v).isCloseTo(10 - spent, within(1e-9)));
    // the whole-dataset line has no partition label; the ledger charges it the partition's release too
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales")))
        .hasSize(2).allSatisfy(v -> assertThat(v).isCloseTo(spent, within(1e-9)));
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
