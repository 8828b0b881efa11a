package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.Release;
import io.aurora.privacy.Spend;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.profile.ReleaseBudget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivacyReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path warehouse;

  @Test
  void listsSpendPerDatasetAndPartitionAsJsonLines() throws Exception {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    String gaussian = ReleaseBudget.of(0.5, 1e-9).describe();
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(new Release(new LedgerKey("acme", "sales", null), "r1", "r1", 1.0, 0, Release.rhoOf(1.0, 0), "laplace:12", null, null, false));
      ledger.debit(new Release(new LedgerKey("acme", "sales", "2024-01-02"), "r2", "r2", 0.5, 1e-9, Release.rhoOf(0.5, 1e-9), gaussian, null, null, false));
      ledger.debit(new Release(new LedgerKey("acme", "sales", "2024-01-02"), "r3", "r3", 0.5, 0, Release.rhoOf(0.5, 0), ReleaseBudget.of(0.5, 0).describe(), null, null, false));
      ledger.debit(new Release(new LedgerKey("other", "secret", null), "r4", "r4", 0.5, 0, Release.rhoOf(0.5, 0), "laplace:1", null, null, false));
    }
    // releases add up in ρ; the ε a line reports is the ledger's (ε, δ) equivalent of that ρ at the lifetime δ
    Spend wholeSpend;
    Spend partitionSpend;
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      wholeSpend = ledger.spent(new LedgerKey("acme", "sales", null));
      partitionSpend = ledger.spent(new LedgerKey("acme", "sales", "2024-01-02"));
    }
    assertThat(wholeSpend.rhoSpent()).isCloseTo(0.5 + Release.rhoOf(0.5, 1e-9) + 0.125, org.assertj.core.data.Offset.offset(1e-9));
    List<String> lines = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme", "--json").lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(String.join("\n", lines)).doesNotContain("secret").doesNotContain("other");
    JsonNode whole = JSON.readTree(lines.get(0));
    assertThat(whole.get("record").asText()).isEqualTo("dataset");
    assertThat(whole.get("dataset").asText()).isEqualTo("sales");
    assertThat(whole.get("partition").isNull()).isTrue();
    assertThat(whole.get("epsilon_spent").asDouble()).isEqualTo(wholeSpend.epsilonSpent());
    assertThat(whole.get("rho_spent").asDouble()).isEqualTo(wholeSpend.rhoSpent());
    assertThat(whole.get("releases")).hasSize(1);
    assertThat(whole.get("mechanisms").toString()).isEqualTo("[{\"releases\":1,\"families\":{\"laplace\":12}}]");
    assertThat(whole.get("releases").get(0).get("rho").asDouble()).isEqualTo(0.5); // pure ε = 1 is ρ = 1/2

    JsonNode partition = JSON.readTree(lines.get(1));
    assertThat(partition.get("partition").asText()).isEqualTo("2024-01-02");
    assertThat(partition.get("epsilon_recorded").asDouble()).isEqualTo(1.0);
    // its own releases plus the whole-dataset release, which touched its rows too
    assertThat(partition.get("rho_spent").asDouble()).isEqualTo(partitionSpend.rhoSpent()).isEqualTo(wholeSpend.rhoSpent());
    assertThat(partition.get("epsilon_spent").asDouble()).isEqualTo(partitionSpend.epsilonSpent());
    assertThat(partition.get("epsilon_remaining").asDouble()).isEqualTo(partitionSpend.epsilonRemaining());
    assertThat(partition.get("releases")).hasSize(2);
    // issue 17: the mechanism text is a structure, not split on its commas into keys like "(kinds 60.19"
    JsonNode mechanisms = partition.get("mechanisms");
    assertThat(mechanisms.isArray()).isTrue();
    assertThat(mechanisms).hasSize(2);
    JsonNode g = mechanisms.get(0);
    assertThat(g.get("distribution").asText()).isEqualTo("discrete_gaussian");
    assertThat(g.get("epsilon").asDouble()).isEqualTo(0.5);
    assertThat(g.get("delta").asDouble()).isEqualTo(1e-9);
    assertThat(g.get("stages")).hasSize(2);
    assertThat(g.get("stages").get(0).get("rho").asDouble()).isPositive();
    assertThat(mechanisms.get(1).get("distribution").asText()).isEqualTo("discrete_laplace");
    List<String> keys = new java.util.ArrayList<>();
    partition.get("releases").forEach(n -> n.fieldNames().forEachRemaining(keys::add));
    mechanisms.forEach(m -> m.fieldNames().forEachRemaining(keys::add));
    assertThat(keys).allSatisfy(k -> assertThat(k).matches("[a-z_0-9]+"));
    JsonNode release = partition.get("releases").get(0);
    // the release's ρ is the ledger's own record; its mechanism line states it to four digits
    assertThat(release.get("rho").asDouble()).isEqualTo(Release.rhoOf(0.5, 1e-9));
    assertThat(g.get("rho").asDouble()).isCloseTo(Release.rhoOf(0.5, 1e-9), org.assertj.core.data.Percentage.withPercentage(0.1));
    com.fasterxml.jackson.databind.node.ObjectNode expected = g.deepCopy();
    expected.remove("releases");
    assertThat(release.get("mechanism")).isEqualTo(expected);
    assertThat(partition.get("rho_recorded").asDouble()).isCloseTo(Release.rhoOf(0.5, 1e-9) + 0.125,
        org.assertj.core.data.Offset.offset(1e-12));

    JsonNode tenant = JSON.readTree(lines.get(2));
    assertThat(tenant.get("record").asText()).isEqualTo("tenant");
    assertThat(tenant.get("raw_values_stored").asBoolean()).isFalse();
    assertThat(tenant.get("guarantee").asText()).contains("FullLoopCanaryTest");
    assertThat(tenant.get("last_forget").isNull()).isTrue();

    String text = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme");
    assertThat(text).contains("sales").contains("(all rows)").contains("2024-01-02").contains("laplace:12")
        .contains("discrete Gaussian").contains("No raw values are stored").contains("FullLoopCanaryTest");
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "nobody")).contains("No releases recorded");
  }

  @Test
  void pushesSpendAndRemainingBudgetPerDatasetAndPartition() throws Exception {
    String url = io.aurora.testing.TestServices.pushgatewayUrl();
    String tenant = "privacy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      ledger.debit(new Release(new LedgerKey(tenant, "sales", null), "r1", "r1", 1.0, 0, Release.rhoOf(1.0, 0), "laplace:12", null, null, false));
      ledger.debit(new Release(new LedgerKey(tenant, "sales", "2024-01-02"), "r2", "r2", 0.5, 0, Release.rhoOf(0.5, 0), "laplace:3", null, null, false));
    }
    Spend spend;
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      spend = ledger.spent(new LedgerKey(tenant, "sales", "2024-01-02"));
    }
    assertThat(spend.rhoSpent()).isCloseTo(0.5 + 0.125, org.assertj.core.data.Offset.offset(1e-12)); // pure ε is ε²/2 in ρ
    run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", tenant, "--conf", "aurora.metrics.pushgateway=" + url);
    com.fasterxml.jackson.databind.JsonNode group = PushgatewayContent.fetch(url)
        .group(java.util.Map.of("job", "privacy-report", "tenant", tenant)).orElseThrow();
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .containsExactly(spend.epsilonSpent());
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_remaining", java.util.Map.of("dataset", "sales", "partition", "2024-01-02")))
        .containsExactly(spend.epsilonRemaining());
    // the whole-dataset line has no partition label; the ledger charges it the partition's release too
    assertThat(PushgatewayContent.values(group, "aurora_privacy_epsilon_spent", java.util.Map.of("dataset", "sales")))
        .containsExactly(spend.epsilonSpent(), spend.epsilonSpent());
    assertThat(PushgatewayContent.values(group, "aurora_privacy_releases", java.util.Map.of("dataset", "sales"))).containsExactlyInAnyOrder(1.0, 1.0);
    assertThat(PushgatewayContent.value(group, "aurora_epsilon_budget")).isEqualTo(10.0);
    assertThat(PushgatewayContent.value(group, "aurora_job_success")).isEqualTo(1.0);
  }

  @Test
  void aFreshWarehouseReportsNothingAndCreatesNothing() throws Exception {
    assertThat(run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme")).contains("No releases recorded")
        .contains("nothing stored in the warehouse").contains("last forget:   none");
    List<String> json = run("privacy-report", "--warehouse", warehouse.toString(), "--tenant", "acme", "--json").lines().toList();
    assertThat(json).hasSize(1);
    JsonNode tenant = JSON.readTree(json.get(0));
    assertThat(tenant.get("record").asText()).isEqualTo("tenant");
    assertThat(tenant.get("stored").size()).isZero();
    assertThat(warehouse.toFile().list()).as("no ledger, no table, no key").isEmpty();
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
