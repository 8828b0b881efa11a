package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.SecureNoiseSource;
import io.aurora.store.DeltaTableStore;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4: the keys of JSON lines are data. Without a declared schema they become columns only
 * through a differentially private key selection, charged to the ledger: a key in one row of 10,000
 * is never a column, a key in every row always is, and types come from released statistics.
 */
class JsonKeySelectionTest {
  private static final String RARE = "RAREKEY-Q7Z3-CANARY";

  private final SparkSession spark = SharedSpark.session();

  @TempDir
  Path dir;

  /** {@code rows} lines with keys id, amount, city, flag in every row, and a key {@link #RARE} in one of them. */
  private Path events(int rows) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      text.append("{\"id\": ").append(i).append(", \"amount\": ").append(10 + (i * 37) % 900).append('.').append(i % 10)
          .append(", \"city\": \"").append(i % 3 == 0 ? "Lyon" : "Oslo").append("\", \"flag\": ").append(i % 2 == 0);
      if (i == rows / 2) {
        text.append(", \"").append(RARE).append("\": 1");
      }
      text.append("}\n");
    }
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static PrivacyLedger ledger(Path warehouse) {
    return PrivacyLedgers.open(AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString()));
  }

  private ProfileJob job(PrivacyLedger ledger, Path warehouse) {
    return new ProfileJob(spark, new DeltaTableStore(spark, warehouse.toString()), ledger, new SecureNoiseSource(), Clock.systemUTC());
  }

  @Test
  void thresholdIsCalibratedToDeltaAndTheRowBound() {
    ReleaseBudget budget = ReleaseBudget.withKeySelection(1.0, 1e-9, 32, "x.jsonl");
    KeySelection selection = KeySelection.of(budget);
    assertThat(budget.selectionDelta()).isCloseTo(1e-12, within(1e-24));
    assertThat(selection.rho()).isCloseTo(budget.rho() * ReleaseBudget.KEY_SELECTION_SHARE, within(1e-15));
    // the two stages get what the selection leaves, and together with it spend exactly ρ
    assertThat(budget.stageAmount(1) + budget.stageAmount(2) + selection.rho()).isCloseTo(budget.rho(), within(1e-15));
    // δ = l0 · exp(−(τ−1)²/(2σ²)) at the threshold used
    double sigmaSquared = selection.sigmaSquared();
    double delta = 32 * Math.exp(-Math.pow(selection.threshold() - 1, 2) / (2 * sigmaSquared));
    assertThat(delta).isCloseTo(1e-12, within(1e-15));
    assertThat(sigmaSquared).isCloseTo(32 / (2 * selection.rho()), within(1e-6));
    // ρ converts to ε at the δ the selection leaves, not at the whole δ
    assertThat(budget.rho()).isLessThan(ReleaseBudget.of(1.0, 1e-9).rho());
    // a wider row bound means more noise and a higher threshold
    assertThat(KeySelection.of(ReleaseBudget.withKeySelection(1.0, 1e-9, 128, "x")).threshold()).isGreaterThan(selection.threshold());
  }

  @Test
  void aKeyInOneRowIsNeverReleasedAndAKeyInEveryRowAlwaysIs() {
    KeySelection selection = KeySelection.of(ReleaseBudget.withKeySelection(1.0, 1e-9, 32, "x.jsonl"));
    SecureNoiseSource noise = new SecureNoiseSource();
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("zeta", 10_000L);
    counts.put(RARE, 1L);
    counts.put("alpha", 10_000L);
    // a key near the threshold passes about half the time: the selection really is noisy
    counts.put("edge", Math.round(selection.threshold()));
    int edge = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      List<String> kept = selection.select(counts.entrySet().iterator(), noise);
      assertThat(kept).contains("alpha", "zeta").doesNotContain(RARE);
      assertThat(kept.indexOf("alpha")).as("released keys are sorted, not in data order").isZero();
      edge += kept.contains("edge") ? 1 : 0;
    }
    assertThat(edge).isBetween(850, 1150);
  }

  @Test
  void jsonKeysBecomeColumnsOnlyThroughTheChargedSelection() throws IOException {
    Path file = events(10_000);
    Path warehouse = dir.resolve("warehouse");
    ReadResult read = new DatasetReader(spark).readToRelease(ReadOptions.of(file.toString()));
    assertThat(read.pendingKeys()).as("keys wait for the selection").isNotNull();
    assertThat(read.rows().columns()).isEmpty();
    try (PrivacyLedger ledger = ledger(warehouse)) {
      ProfileJob job = job(ledger, warehouse);
      ProfileJob.Outcome outcome = job.run(new ProfileJob.Request("t", "events", null, 1.0, 1e-9), read);
      assertThat(outcome.fingerprints()).extracting(Fingerprint::columnName).containsExactly("amount", "city", "flag", "id");
      Map<String, TypeClass> types = new LinkedHashMap<>();
      for (Fingerprint f : outcome.fingerprints()) {
        assertThat(f.sparkType()).as("read as text: the sample does not type it").isEqualTo("string");
        types.put(f.columnName(), f.typeClass());
      }
      // types from the released kinds
      assertThat(types).containsEntry("amount", TypeClass.NUMERIC).containsEntry("id", TypeClass.NUMERIC)
          .containsEntry("city", TypeClass.STRING).containsEntry("flag", TypeClass.BOOLEAN);
      assertThat(outcome.run().warnings()).anyMatch(w -> w.contains("key selection"));
      PrivacyLedger.LedgerEntry entry = ledger.entries("t").get(0);
      assertThat(entry.mechanisms()).contains("key selection");
      assertThat(entry.rho()).isCloseTo(ReleaseBudget.withKeySelection(1.0, 1e-9, 32, "x").rho(), within(1e-9));
      // the selection's δ is charged outright, beside ρ, and counts against the dataset's lifetime δ
      assertThat(entry.selectionDelta()).isCloseTo(1e-12, within(1e-18));
      assertThat(ledger.spent(new LedgerKey("t", "events", null)).selectionDeltaSpent()).isCloseTo(1e-12, within(1e-18));
    }
  }

  @Test
  void aDeclaredSchemaNamesTheColumnsWithoutSelection() throws IOException {
    Path file = events(300);
    Path warehouse = dir.resolve("warehouse");
    ReadResult read = new DatasetReader(spark).readToRelease(ReadOptions.of(file.toString()).withSchema("id INT, `" + RARE + "` INT"));
    assertThat(read.pendingKeys()).isNull();
    try (PrivacyLedger ledger = ledger(warehouse)) {
      ProfileJob job = job(ledger, warehouse);
      ProfileJob.Outcome outcome = job.run(new ProfileJob.Request("t", "declared", null, 1.0, 0), read);
      // a declared name is public by declaration, however rare its key
      assertThat(outcome.fingerprints()).extracting(Fingerprint::columnName).containsExactly("id", RARE);
      assertThat(ledger.entries("t").get(0).mechanisms()).doesNotContain("key selection");
    }
  }

  @Test
  void pureEpsilonWithoutASchemaIsRefusedBeforeAnyCharge() throws IOException {
    Path file = events(300);
    Path warehouse = dir.resolve("warehouse");
    ReadResult read = new DatasetReader(spark).readToRelease(ReadOptions.of(file.toString()));
    try (PrivacyLedger ledger = ledger(warehouse)) {
      ProfileJob job = job(ledger, warehouse);
      assertThatThrownBy(() -> job.run(new ProfileJob.Request("t", "pure", null, 1.0, 0), read))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("events.jsonl").hasMessageContaining("--schema").hasMessageNotContaining(RARE);
      assertThat(ledger.entries("t")).isEmpty();
      assertThat(ledger.spent(new LedgerKey("t", "pure", null)).rhoSpent()).isZero();
    }
  }

  @Test
  void tooFewRowsForAnyKeyIsChargedAndSaysSo() throws IOException {
    Path file = events(200);
    Path warehouse = dir.resolve("warehouse");
    ReadResult read = new DatasetReader(spark).readToRelease(ReadOptions.of(file.toString()));
    try (PrivacyLedger ledger = ledger(warehouse)) {
      ProfileJob job = job(ledger, warehouse);
      assertThatThrownBy(() -> job.run(new ProfileJob.Request("t", "small", null, 1.0, 1e-9), read))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("no JSON key").hasMessageContaining("charged").hasMessageContaining("--schema")
          .hasMessageNotContaining(RARE);
      // the selection drew noise: its outcome (no key) is a release, and stays charged
      assertThat(ledger.spent(new LedgerKey("t", "small", null)).rhoSpent()).isPositive();
    }
  }
}
