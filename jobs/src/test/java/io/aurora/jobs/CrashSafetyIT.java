package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.privacy.JdbcPrivacyLedger;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.profile.ProfileRun;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the real {@code ./aurora run} (issue 17): child processes killed with SIGKILL at
 * seeded random instants across the whole run, on the embedded ledger and on PostgreSQL. After every
 * kill the warehouse's tables are read by Spark and by delta-rs (Python {@code deltalake}, in
 * {@code AURORA_TEST_PYTHON}) with the same row counts, no duplicate or orphan row is visible, and
 * every run that published anything is charged in the ledger; at the end a retry completes. The seed
 * is printed; {@code -Daurora.crash.seed=N} replays a sequence, {@code -Daurora.crash.kills=N} (per
 * ledger: N embedded, N/2 PostgreSQL) sets how many instants.
 */
class CrashSafetyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READ_TABLES = String.join("\n",
      "import json, os, sys",
      "from deltalake import DeltaTable",
      "keys = {'runs': ['run_id'], 'fingerprints': ['run_id', 'column_name'], 'recommendations': ['run_id', 'column_name']}",
      "out = {}",
      "for name, key in keys.items():",
      "    try:",
      "        df = DeltaTable(sys.argv[1] + '/' + name).to_pandas()",
      "    except Exception as e:",
      "        if type(e).__name__ == 'TableNotFoundError':",
      "            out[name] = None",
      "            continue",
      "        raise",
      "    out[name] = {'rows': len(df), 'keys': len(df.drop_duplicates(subset=key))}",
      "print(json.dumps(out), flush=True)",
      // delta-rs' runtime threads can abort the interpreter's teardown ("terminate called without an active
      // exception", exit 134) after the tables were read: the answer is printed, leave without the teardown
      "os._exit(0)");

  @TempDir
  Path dir;

  private static Path root() {
    return Path.of(System.getProperty("aurora.repo.root", "..")).toAbsolutePath();
  }

  record Result(int code, String out, String err) {}

  /** The launcher as a child process: the operator's way of running a job. */
  private ProcessBuilder aurora(Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>(List.of(root().resolve("aurora").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("AURORA_JAVA_OPTS");
    builder.environment().remove("AURORA_CLASS_ARCHIVE");
    builder.environment().put("AURORA_DRIVER_MEMORY", "1g");
    builder.environment().putAll(env);
    return builder;
  }

  private Result run(Map<String, String> env, List<String> args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = aurora(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A small real-looking CSV; {@code variant} changes some rows, so that each is a new input. */
  private Path input(String name, int variant) throws IOException {
    Random random = new Random(variant);
    StringBuilder sb = new StringBuilder("id,price,city,quantity,created,comment\n");
    String[] cities = {"Oslo", "Lima", "Pune", "Kyiv", "Quito"};
    for (int i = 0; i < 2500; i++) {
      sb.append(i).append(',').append(Math.round(Math.exp(random.nextGaussian() * 1.5 + 3) * 100) / 100.0).append(',')
          .append(cities[random.nextInt(cities.length)]).append(',').append(random.nextInt(12)).append(',')
          .append(String.format("2024-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))).append(',')
          .append(random.nextInt(5) == 0 ? "" : "note " + random.nextInt(300)).append('\n');
    }
    return Files.writeString(dir.resolve(name), sb.toString());
  }

  @Test
  void killedAtRandomInstantsTheWarehouseStaysConsistentOnBothLedgers() throws Exception {
    String python = TestServices.require("AURORA_TEST_PYTHON");
    long seed = Long.getLong("aurora.crash.seed", System.nanoTime());
    int kills = Integer.getInteger("aurora.crash.kills", 10);
    System.out.println("CrashSafetyIT seed " + seed + " (replay with -Daurora.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path script = Files.writeString(dir.resolve("read_tables.py"), READ_TABLES);

    Path embedded = dir.resolve("embedded");
    Map<String, String> none = Map.of();
    List<String> embeddedConf = List.of("--warehouse", embedded.toString(), "--conf", "aurora.privacy.dataset-budget=1000");
    int instants = crashes("embedded", embedded, none, embeddedConf, kills, random, python, script, config(embedded, null), true);

    String schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Path postgres = dir.resolve("postgres");
    Map<String, String> pgEnv = Map.of("AURORA_POSTGRES_PASSWORD", TestServices.postgresPassword());
    List<String> pgConf = List.of("--warehouse", postgres.toString(), "--conf", "aurora.privacy.dataset-budget=1000",
        "--conf", "aurora.postgres.url=" + TestServices.postgresUrl(), "--conf", "aurora.postgres.user=" + TestServices.postgresUser(),
        "--conf", "aurora.ledger.schema=" + schema);
    try {
      // the class archive the embedded pass saved serves this one: no warm-up run
      instants += crashes("postgres", postgres, pgEnv, pgConf, Math.max(1, kills / 2), random, python, script, config(postgres, schema), false);
    } finally {
      try (Connection c = DriverManager.getConnection(TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword());
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    System.out.println("CrashSafetyIT seed " + seed + ": " + instants + " kill instants, every check held");
    assertThat(instants).isGreaterThanOrEqualTo(kills + Math.max(1, kills / 2));
  }

  @Test
  void fourConcurrentRunsOfOneDatasetOnAFreshWarehouseSpendExactlyTheBudget() throws Exception {
    Path warehouse = dir.resolve("fresh");
    Path source = input("sales.csv", 42);
    List<Process> processes = new ArrayList<>();
    List<Path> errs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // the same rows under the same dataset key, at four paths: four releases, none re-usable by another
      Path copy = Files.copy(source, dir.resolve("sales-" + i + ".csv"));
      Path err = dir.resolve("err-" + i + ".txt");
      errs.add(err);
      processes.add(aurora(Map.of(), List.of("profile", "--input", copy.toString(), "--dataset", "sales", "--epsilon", "1.5",
          "--warehouse", warehouse.toString(), "--conf", "aurora.privacy.dataset-budget=2.5"))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start());
    }
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      assertThat(processes.get(i).waitFor(5, TimeUnit.MINUTES)).isTrue();
      int code = processes.get(i).exitValue();
      codes.add(code);
      if (code == 3) {
        assertThat(Files.readString(errs.get(i)).lines().filter(l -> l.startsWith("aurora:"))).singleElement()
            .satisfies(l -> assertThat(l).contains("privacy budget exhausted"));
      }
    }
    // a lifetime ε of 2.5 holds 2.63 runs of ε = 1.5 in ρ: always exactly two
    assertThat(codes).as("exit codes; stderr in " + errs).containsExactlyInAnyOrder(0, 0, 3, 3);
  }

  @Test
  void theEmbeddedLedgerListensOnNoPortWhileAJobRuns() throws Exception {
    Path warehouse = dir.resolve("ports");
    Path ledger = warehouse.resolve("_ledger").resolve("ledger");
    Process p = aurora(Map.of(), List.of("run", "--input", input("ports.csv", 3).toString(), "--warehouse", warehouse.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Set<Integer> tried = new HashSet<>();
    int polls = 0;
    while (p.isAlive()) {
      List<ProcessHandle> jvm = new ArrayList<>(p.toHandle().descendants().toList());
      jvm.add(p.toHandle());
      for (ProcessHandle h : jvm) {
        for (Listening socket : listening(h.pid())) {
          assertThat(socket.loopback()).as("a port open beyond this machine: " + socket).isTrue();
          if (tried.add(socket.port())) {
            // what AUTO_SERVER offered anyone who could read the lock file: a TCP connection to the ledger
            try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + socket.port() + "/" + ledger, "aurora", "")) {
              throw new AssertionError("the ledger answered on port " + socket.port());
            } catch (java.sql.SQLException expected) {
              // not an H2 server
            }
          }
        }
      }
      if (Files.isDirectory(ledger.getParent())) {
        try (var files = Files.list(ledger.getParent())) {
          assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".lock.db"));
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ledger.getParent())))
            .isEqualTo("rwx------");
      }
      polls++;
      Thread.sleep(100);
    }
    assertThat(p.exitValue()).isZero();
    assertThat(polls).isGreaterThan(10);
  }

  /** A listening TCP socket of a process. */
  record Listening(String address, int port) {
    boolean loopback() {
      // /proc/net/tcp prints addresses little-endian: 127.x.y.z ends in 7F (also IPv4-mapped in tcp6); ::1 is 0…01000000
      return address.endsWith("7F") && (address.length() == 8 || address.startsWith("0000000000000000FFFF0000"))
          || address.equals("00000000000000000000000001000000");
    }
  }

  /** The listening TCP sockets of process {@code pid} (Linux /proc: its socket inodes matched in /proc/net/tcp*). */
  private static List<Listening> listening(long pid) {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    } catch (IOException gone) {
      return List.of(); // the process ended
    }
    List<Listening> out = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table)).stream().skip(1).toList()) {
          String[] f = line.trim().split("\\s+");
          if (f[3].equals("0A") && inodes.contains(f[9])) {
            String[] local = f[1].split(":");
            out.add(new Listening(local[0], Integer.parseInt(local[1], 16)));
          }
        }
      } catch (IOException gone) {
        return out;
      }
    }
    return out;
  }

  private static AuroraConfig config(Path warehouse, String schema) {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    if (schema != null) {
      config = config.with(ConfigKeys.POSTGRES_URL, TestServices.postgresUrl()).with(ConfigKeys.POSTGRES_USER, TestServices.postgresUser())
          .with(ConfigKeys.POSTGRES_PASSWORD, TestServices.postgresPassword()).with(ConfigKeys.LEDGER_SCHEMA, schema);
    }
    return config;
  }

  /**
   * Runs {@code ./aurora run} {@code kills} times, each killed at a random instant of a run's span; a
   * killed run is retried under its run id half of the time, otherwise a new input comes. Checks the
   * warehouse after every kill; the last run is retried to completion. Returns the number of kills.
   * With {@code warmUp}, an uninterrupted run first, which may save the launcher's class archive.
   */
  private int crashes(String label, Path warehouse, Map<String, String> env, List<String> conf, int kills, Random random, String python,
      Path script, AuroraConfig ledgerConfig, boolean warmUp) throws Exception {
    if (warmUp) {
      Result warm = run(env, args(conf, input(label + "-warm.csv", -1), "warm-" + label));
      assertThat(warm.code()).as(warm.err()).isZero();
    }
    // an uninterrupted run: its duration is the span the kills fall in
    long started = System.nanoTime();
    Result measured = run(env, args(conf, input(label + "-0.csv", 0), "measured-" + label));
    assertThat(measured.code()).as(measured.err()).isZero();
    double span = Math.max(4, (System.nanoTime() - started) / 1e9);
    check(label + " after uninterrupted runs", warehouse, python, script, ledgerConfig);
    String runId = null;
    Path file = null;
    int variant = 1;
    int killed = 0;
    for (int attempt = 0; killed < kills && attempt < 3 * kills; attempt++) {
      boolean retry = runId != null && random.nextBoolean();
      if (!retry) {
        runId = label + "-run-" + attempt;
        file = input(label + "-" + variant + ".csv", variant++);
      }
      double at = 0.2 + random.nextDouble() * span * 0.95;
      Process p = aurora(env, args(conf, file, runId)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      boolean finished = p.waitFor((long) (at * 1000), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        killed++;
      }
      System.out.printf("CrashSafetyIT %s: run %s%s %s at %.2f s of a %.1f s run%n", label, runId, retry ? " (retry)" : "",
          finished ? "had finished (exit " + p.exitValue() + ")" : "killed", at, span);
      check(label + " after the run " + runId + " stopped at " + at + " s", warehouse, python, script, ledgerConfig);
    }
    // a retry of the last run completes, and re-publishes or charges as the protocol says
    Result last = run(env, args(conf, file, runId));
    assertThat(last.code()).as(last.err()).isZero();
    Set<String> completed = check(label + " after the final retry", warehouse, python, script, ledgerConfig);
    assertThat(completed).contains(runId);
    return killed;
  }

  private static List<String> args(List<String> conf, Path input, String runId) {
    List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--dataset", "crash", "--run-id", runId));
    args.addAll(conf);
    return args;
  }

  /**
   * Readable by Spark and delta-rs with the same counts; no duplicate or orphan rows visible; every
   * completed run complete; the ledger charged every run that published anything. Returns completed run ids.
   */
  private static Set<String> check(String when, Path warehouse, String python, Path script, AuroraConfig ledgerConfig) throws Exception {
    SparkSession spark = SharedSpark.session();
    Map<String, long[]> sparkCounts = new HashMap<>();
    Map<String, Dataset<Row>> tables = new HashMap<>();
    for (String name : List.of("runs", "fingerprints", "recommendations")) {
      Path table = warehouse.resolve(name);
      if (!Files.isDirectory(table.resolve("_delta_log"))) {
        continue;
      }
      Dataset<Row> rows = spark.read().format("delta").load(table.toString()).cache();
      tables.put(name, rows);
      String[] key = name.equals("runs") ? new String[] {"run_id"} : new String[] {"run_id", "column_name"};
      long count = rows.count();
      long keys = rows.dropDuplicates(key).count();
      assertThat(keys).as(when + ": duplicate rows in " + name).isEqualTo(count);
      sparkCounts.put(name, new long[] {count, keys});
    }
    Process p = new ProcessBuilder(python, script.toString(), warehouse.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(when + ": delta-rs could not read the tables: " + out).isZero();
    JsonNode deltaRs = JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    for (String name : List.of("runs", "fingerprints", "recommendations")) {
      long[] counts = sparkCounts.get(name);
      JsonNode read = deltaRs.get(name);
      if (counts == null) {
        assertThat(read == null || read.isNull()).as(when + ": " + name).isTrue();
      } else {
        assertThat(read.get("rows").asLong()).as(when + ": delta-rs rows of " + name).isEqualTo(counts[0]);
        assertThat(read.get("keys").asLong()).as(when + ": delta-rs keys of " + name).isEqualTo(counts[1]);
      }
    }
    Set<String> published = new HashSet<>();
    Set<String> completed = new HashSet<>();
    Map<String, Integer> columns = new HashMap<>();
    if (tables.containsKey("runs")) {
      for (Row r : tables.get("runs").select("run_id", "status", "columns").collectAsList()) {
        published.add(r.getString(0));
        if (r.getString(1).equals(ProfileRun.COMPLETED)) {
          completed.add(r.getString(0));
          columns.put(r.getString(0), r.getInt(2));
        }
      }
    }
    if (tables.containsKey("fingerprints")) {
      Map<String, Long> perRun = new HashMap<>();
      for (Row r : tables.get("fingerprints").groupBy("run_id").count().collectAsList()) {
        perRun.put(r.getString(0), r.getLong(1));
      }
      assertThat(published).as(when + ": fingerprints without their run's row").containsAll(perRun.keySet());
      for (String run : completed) {
        assertThat(perRun.get(run)).as(when + ": fingerprints of completed run " + run).isEqualTo((long) columns.get(run));
      }
    }
    if (tables.containsKey("recommendations")) {
      List<String> recommended = tables.get("recommendations").select("run_id").distinct().collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      assertThat(completed).as(when + ": recommendations of a run that is not completed").containsAll(recommended);
    }
    try (PrivacyLedger ledger = PrivacyLedgers.openForReading(ledgerConfig)) {
      Set<String> charged = new HashSet<>();
      for (PrivacyLedger.LedgerEntry e : ledger.entries("default")) {
        if (!e.status().equals(JdbcPrivacyLedger.VOIDED)) {
          charged.add(e.runId());
        }
      }
      assertThat(charged).as(when + ": published runs the ledger did not charge").containsAll(published);
    }
    tables.values().forEach(Dataset::unpersist);
    return completed;
  }
}
