package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.testing.TestServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger under concurrent and killed processes (separate JVMs running {@link LedgerProbe}), on the
 * embedded file and on PostgreSQL: a debit that returned survives {@code kill -9}; a process killed
 * while others debit loses nobody's debit; a fresh ledger created by four processes at once admits
 * exactly what the budget and the quota admit.
 */
class LedgerProcessesTest {
  private static final String SCHEMA = "ledger_proc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static boolean postgresUsed;

  @TempDir
  Path dir;

  /** The --conf arguments of a probe using {@code database}; a fresh PostgreSQL schema per call when {@code schema} is given. */
  private static List<String> conf(String database, Path warehouse, String schema) {
    List<String> conf = new ArrayList<>(List.of("--conf", "aurora.warehouse=" + warehouse));
    if (database.equals("postgres")) {
      postgresUsed = true;
      conf.addAll(List.of("--conf", "aurora.postgres.url=" + TestServices.postgresUrl(), "--conf",
          "aurora.postgres.user=" + TestServices.postgresUser(), "--conf", "aurora.ledger.schema=" + schema));
    }
    return conf;
  }

  private static AuroraConfig config(String database, Path warehouse, String schema) {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    if (database.equals("postgres")) {
      config = config.with(ConfigKeys.POSTGRES_URL, TestServices.postgresUrl()).with(ConfigKeys.POSTGRES_USER, TestServices.postgresUser())
          .with(ConfigKeys.POSTGRES_PASSWORD, TestServices.postgresPassword()).with(ConfigKeys.LEDGER_SCHEMA, schema);
    }
    return config;
  }

  private static Process probe(List<String> args, List<String> conf) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LedgerProbe.class.getName()));
    command.addAll(args);
    command.add("--");
    command.addAll(conf);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    if (conf.stream().anyMatch(c -> c.startsWith("aurora.postgres.url"))) {
      builder.environment().put("AURORA_POSTGRES_PASSWORD", TestServices.postgresPassword());
    }
    return builder.start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aDebitThatReturnedSurvivesAKillNinetyMillisecondsLater(String database) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String schema = SCHEMA + "_kill";
    for (int round = 0; round < 3; round++) {
      Process p = probe(List.of("debit", "acme", "sales", "0.2", "1e-9", "round" + round, "1", "60000"), conf(database, warehouse, schema));
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).isEqualTo("debited round" + round + "-0");
      Thread.sleep(100);
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try (PrivacyLedger ledger = PrivacyLedgers.open(config(database, warehouse, schema))) {
        assertThat(ledger.entries("acme")).extracting(PrivacyLedger.LedgerEntry::releaseId).contains("round" + round + "-0");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aProcessKilledWhileAnotherDebitsLosesNobodysDebit(String database) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String schema = SCHEMA + "_two";
    List<String> conf = conf(database, warehouse, schema);
    conf.addAll(List.of("--conf", "aurora.privacy.dataset-budget=1000"));
    Process victim = probe(List.of("debit", "acme", "a", "0.01", "1e-9", "victim", "400", "0"), conf);
    Process survivor = probe(List.of("debit", "acme", "b", "0.01", "1e-9", "survivor", "25", "0"), conf);
    List<String> victimDebits = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (l.startsWith("debited ")) {
            victimDebits.add(l.substring("debited ".length()));
          }
        }
      } catch (java.io.IOException e) {
        // the process was killed
      }
    });
    reader.start();
    // kill it in the middle of its loop: once it has debited a few, at a random instant within the next 0.4 s
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (victimDebits.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(new Random(7).nextInt(400));
    victim.destroyForcibly();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    String survivorOut = new String(survivor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(survivor.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(survivor.exitValue()).as(survivorOut).isZero();
    try (PrivacyLedger ledger = PrivacyLedgers.open(config(database, warehouse, schema))) {
      List<String> recorded = ledger.entries("acme").stream().map(PrivacyLedger.LedgerEntry::releaseId).toList();
      for (int i = 0; i < 25; i++) {
        assertThat(recorded).contains("survivor-" + i);
      }
      assertThat(recorded).containsAll(List.copyOf(victimDebits));
      assertThat(victimDebits).isNotEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void fourProcessesOnAFreshLedgerSpendExactlyTheBudget(String database) throws Exception {
    for (int round = 0; round < 2; round++) {
      Path warehouse = dir.resolve("fresh" + round);
      String schema = SCHEMA + "_fresh" + round;
      List<String> conf = conf(database, warehouse, schema);
      conf.addAll(List.of("--conf", "aurora.privacy.dataset-budget=2.5"));
      // a lifetime ε of 2.5 holds 2.63 runs of ε = 1.5 in ρ
      List<Integer> codes = run(4, i -> List.of("debit", "acme", "sales", "1.5", "1e-9", "run" + i), conf);
      assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(0, 0, 3, 3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void fourProcessesShareATenantsQuotaOfTwoRunsPerHour(String database) throws Exception {
    Path warehouse = dir.resolve("quota");
    List<String> conf = conf(database, warehouse, SCHEMA + "_quota");
    conf.addAll(List.of("--conf", "aurora.quota.profile-runs-per-hour=2"));
    List<Integer> codes = run(4, i -> List.of("debit", "acme", "dataset" + i, "0.5", "1e-9", "q" + i), conf);
    assertThat(codes).containsExactlyInAnyOrder(0, 0, 5, 5);
  }

  private static List<Integer> run(int processes, java.util.function.IntFunction<List<String>> args, List<String> conf) throws Exception {
    List<Process> started = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      started.add(probe(args.apply(i), conf));
    }
    List<Integer> codes = new ArrayList<>();
    for (Process p : started) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      if (p.exitValue() == 5) {
        assertThat(out).contains("retry after");
      }
      assertThat(p.exitValue()).as(out).isIn(0, 3, 5);
      codes.add(p.exitValue());
    }
    return codes;
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    if (!postgresUsed) {
      return;
    }
    try (Connection c = DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword());
        Statement s = c.createStatement()) {
      for (String suffix : List.of("_kill", "_two", "_fresh0", "_fresh1", "_quota")) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + suffix + " CASCADE");
      }
    }
  }
}
