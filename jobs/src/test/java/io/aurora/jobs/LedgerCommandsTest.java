package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.ReadOnlyFiles;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's promises through the real commands: parameters, budgets, partitions, URLs, read-only warehouses. */
class LedgerCommandsTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void spark() {
    SharedSpark.session();
  }

  private Path csv(String name, int rows) throws Exception {
    StringBuilder sb = new StringBuilder("id,amount,city\n");
    for (int i = 0; i < rows; i++) {
      sb.append(i).append(',').append(i * 7 % 31).append(',').append(i % 3 == 0 ? "Oslo" : "Lima").append('\n');
    }
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, sb.toString());
  }

  private static void oneLineExit(CapturedRun run, int code, String contains) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
    List<String> lines = run.err().lines().filter(l -> l.startsWith("aurora:")).toList();
    assertThat(lines).as(run.err()).singleElement().satisfies(l -> assertThat(l).contains(contains));
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void privacyParametersOutOfRangeAreUsageErrorsAndTouchNothing() throws Exception {
    Path input = csv("small.csv", 50);
    Path warehouse = dir.resolve("warehouse");
    for (String[] bad : new String[][] {{"--conf", "aurora.privacy.delta=1"}, {"--conf", "aurora.privacy.delta=-1"},
        {"--conf", "aurora.privacy.delta=0.5"}, {"--conf", "aurora.privacy.delta=NaN"}, {"--conf", "aurora.privacy.delta=1e-5"},
        {"--epsilon", "1e-300"}, {"--epsilon", "NaN"}, {"--epsilon", "Infinity"}, {"--epsilon", "0"}, {"--epsilon", "-1"}}) {
      CapturedRun run = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", warehouse.toString(), bad[0], bad[1]);
      oneLineExit(run, 2, bad[0].equals("--epsilon") ? "--epsilon" : "delta");
      assertThat(warehouse.resolve("_ledger")).doesNotExist();
      assertThat(warehouse.resolve("runs")).doesNotExist();
    }
    CapturedRun budget = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", warehouse.toString(),
        "--conf", "aurora.privacy.dataset-budget=-3");
    oneLineExit(budget, 2, "lifetime");
  }

  @Test
  void onlyAPostgresqlUrlIsAcceptedByEveryCommandThatConnects() throws Exception {
    Path input = csv("small.csv", 50);
    Path warehouse = dir.resolve("warehouse");
    String h2 = "aurora.postgres.url=jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'classpath:nothing.sql'";
    List<String[]> commands = List.of(
        new String[] {"profile", "--input", input.toString()},
        new String[] {"privacy-report"},
        new String[] {"privacy-budget", "--dataset", "small"},
        new String[] {"doctor"},
        new String[] {"feedback", "--from-postgres"});
    for (String[] command : commands) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--warehouse", warehouse.toString(), "--conf", h2));
      CapturedRun run = CapturedRun.of(args.toArray(String[]::new));
      oneLineExit(run, 2, "jdbc:postgresql://");
      assertThat(run.err()).doesNotContain("RUNSCRIPT");
    }
    assertThat(warehouse.resolve("_ledger")).doesNotExist();
  }

  @Test
  void privacyBudgetShowsAndChangesTheRecordedBudgetAndTheChangeIsWhatRaisesIt() throws Exception {
    Path input = csv("sales.csv", 200);
    Path warehouse = dir.resolve("warehouse");
    String wh = warehouse.toString();
    ObjectMapper json = new ObjectMapper();
    // never seen: the configured initial budget is what its first release will record
    JsonNode before = json.readTree(run(0, "privacy-budget", "--warehouse", wh, "--dataset", "sales", "--json").out());
    assertThat(before.get("budget").isNull()).isTrue();
    assertThat(before.get("initial_budget").get("epsilon").asDouble()).isEqualTo(10.0);

    run(0, "profile", "--input", input.toString(), "--warehouse", wh, "--epsilon", "1.5", "--conf", "aurora.privacy.dataset-budget=2.5");
    // two runs of ε = 1.5 fit a lifetime ε of 2.5 in ρ, a third does not
    Files.writeString(input, Files.readString(input) + "998,1,Oslo\n");
    run(0, "profile", "--input", input.toString(), "--warehouse", wh, "--epsilon", "1.5");
    // a bigger configured budget does not apply to a dataset the ledger has seen
    Files.writeString(input, Files.readString(input) + "999,1,Oslo\n");
    CapturedRun refused = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", wh, "--epsilon", "1.5",
        "--conf", "aurora.privacy.dataset-budget=1000");
    oneLineExit(refused, 3, "privacy-budget");

    CapturedRun changed = run(0, "privacy-budget", "--warehouse", wh, "--dataset", "sales", "--set-epsilon", "5");
    assertThat(changed.out()).contains("changed from (epsilon 2.5, delta 1.0E-9").contains("to (epsilon 5, delta 1.0E-9");
    run(0, "profile", "--input", input.toString(), "--warehouse", wh, "--epsilon", "1.5");
    JsonNode after = json.readTree(run(0, "privacy-budget", "--warehouse", wh, "--dataset", "sales", "--json").out());
    assertThat(after.get("budget").get("epsilon").asDouble()).isEqualTo(5.0);
    assertThat(after.get("keys").get(0).get("releases").asInt()).isEqualTo(3);
    assertThat(after.get("changes")).hasSize(2);
    assertThat(after.get("changes").get(0).get("via").asText()).isEqualTo("first release");
    assertThat(after.get("changes").get(1).get("via").asText()).isEqualTo("privacy-budget");
    oneLineExit(CapturedRun.of("privacy-budget", "--warehouse", wh, "--dataset", "sales", "--set-epsilon", "5", "--set-delta", "0.5"),
        2, "δ");
  }

  @Test
  void theSameFilesUnderAnotherDatasetNeedForceAndAPartitionMustBeItsRows() throws Exception {
    Path input = csv("events/date=2024-05-01/part.csv", 200);
    String wh = dir.resolve("warehouse").toString();
    run(0, "profile", "--input", input.toString(), "--warehouse", wh, "--dataset", "events", "--partition", "2024-05-01");
    Path copy = Files.copy(input, dir.resolve("copy.csv"));
    oneLineExit(CapturedRun.of("profile", "--input", copy.toString(), "--warehouse", wh, "--dataset", "events_again"), 2,
        "--force-new-dataset");
    CapturedRun forced = run(0, "profile", "--input", copy.toString(), "--warehouse", wh, "--dataset", "events_again", "--force-new-dataset");
    assertThat(forced.logLines()).anyMatch(l -> l.contains("forced, recorded"));
    // a file outside the partition's folder is not that partition; a column can select it
    oneLineExit(CapturedRun.of("profile", "--input", csv("other.csv", 90).toString(), "--warehouse", wh, "--dataset", "other",
        "--partition", "2024-05-02"), 2, "--partition 2024-05-02");
    CapturedRun oslo = run(0, "profile", "--input", dir.resolve("other.csv").toString(), "--warehouse", wh, "--dataset", "other",
        "--partition", "city=Oslo", "--json");
    assertThat(new ObjectMapper().readTree(oslo.out()).get("rows_read").asLong()).isEqualTo(30);
  }

  @Test
  void columnsAreSelectedByNameAndAnUnknownNameChargesNothing() throws Exception {
    Path input = csv("chosen.csv", 300);
    String wh = dir.resolve("warehouse").toString();
    CapturedRun chosen = run(0, "run", "--input", input.toString(), "--warehouse", wh, "--columns", "city", "--columns", "amount,id",
        "--exclude-columns", "id", "--json");
    List<String> columns = new ArrayList<>();
    for (String line : chosen.out().lines().toList()) {
      columns.add(new ObjectMapper().readTree(line).get("column").asText());
    }
    assertThat(columns).containsExactly("amount", "city");
    oneLineExit(CapturedRun.of("profile", "--input", input.toString(), "--warehouse", wh, "--exclude-columns", "id,nope"), 2,
        "'nope'");
    assertThat(run(0, "privacy-report", "--warehouse", wh).out()).contains("1 release(s)");
  }

  @Test
  void aReadOnlyWarehouseServesReadingCommandsAndRefusesProfilingWithTheRealCause() throws Exception {
    Path input = csv("sales.csv", 200);
    Path warehouse = dir.resolve("warehouse");
    String wh = warehouse.toString();
    run(0, "run", "--input", input.toString(), "--warehouse", wh);
    try (ReadOnlyFiles readOnly = ReadOnlyFiles.of(warehouse)) {
      assertThat(run(0, "privacy-report", "--warehouse", wh).out()).contains("sales");
      run(0, "review", "--warehouse", wh, "--dataset", "sales");
      run(0, "rules", "--warehouse", wh);
      run(0, "privacy-budget", "--warehouse", wh, "--dataset", "sales");
      Files.writeString(dir.resolve("new.csv"), "a,b\n1,2\n3,4\n");
      oneLineExit(CapturedRun.of("profile", "--input", dir.resolve("new.csv").toString(), "--warehouse", wh), 2, "read-only");
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      assertThat(files.filter(p -> p.toString().contains("new"))).isEmpty();
    }
  }

  private static CapturedRun run(int code, String... args) {
    CapturedRun run = CapturedRun.of(args);
    assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(code);
    return run;
  }
}
