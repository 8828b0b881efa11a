package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurora.learn.FeedbackInbox;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Issue 22 pt 1: a tenant goes through the whole loop (run with Redis and metrics, feedback from a
 * file and from the PostgreSQL inbox, learn), another tenant beside it; {@code forget} the first,
 * then search every warehouse file, every table at every version still readable, Redis, the inbox
 * and the Pushgateway for its identifiers and its data values: nothing. The other tenant's rows are
 * all there. Then one dataset of the other tenant is forgotten, and only that dataset goes.
 */
class ForgetCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What only the forgotten tenant's input and identifiers hold: its id is added per run. */
  private static final List<String> DATA_MARKERS = new ArrayList<>(FullLoopCanaryTest.MARKERS);
  private static final List<String> TABLES = List.of("runs", "fingerprints", "recommendations", "feedback", "feedback_rejects", "rules",
      "lifecycle_events");

  @TempDir
  Path dir;

  private HikariDataSource db;
  private String inboxSchema;

  @AfterEach
  void dropInbox() throws Exception {
    if (db != null) {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + inboxSchema + " CASCADE");
      }
      db.close();
    }
  }

  @Test
  void forgottenTenantLeavesNoTraceAnywhereAndOthersKeepEveryRow() throws Exception {
    SparkSession spark = SharedSpark.session();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String gone = "zqxgone" + id;
    String keeper = "keeper" + id;
    Path warehouse = dir.resolve("warehouse");
    String[] services = services(id);
    String[] noLedgerServices = withoutPostgres(services);

    // the tenant to forget: the canary dataset through run (Redis, metrics), feedback (file + inbox), learn
    Path patients = FullLoopCanaryTest.writeDataset(dir.resolve("patients.csv"));
    List<String> recs = ok(run(gone, warehouse, concat(new String[] {"run", "--input", patients.toString(), "--json"}, noLedgerServices)))
        .outLines();
    assertThat(recs).hasSize(5);
    Path verdicts = dir.resolve("verdicts.csv");
    List<String> rows = new ArrayList<>(List.of("feedback_id,recommendation_id,verdict,correct_action,user"));
    for (int i = 0; i < 3; i++) {
      JsonNode rec = JSON.readTree(recs.get(i));
      rows.add("f" + i + "," + rec.get("recommendation_id").asText() + "," + (i == 0 ? "accept" : "correct") + ","
          + (i == 0 ? "" : rec.get("action").asText().equals("drop") ? "keep_as_is" : "drop") + ",analyst");
    }
    rows.add("f9," + JSON.readTree(recs.get(3)).get("recommendation_id").asText() + ",correct,shrink_it,analyst"); // a reject
    Files.write(verdicts, rows, StandardCharsets.UTF_8);
    ok(run(gone, warehouse, concat(new String[] {"feedback", "--file", verdicts.toString()}, noLedgerServices)));
    FeedbackInbox inbox = new FeedbackInbox(db, inboxSchema);
    inbox.migrate();
    inbox.submit(gone, "in-1", JSON.readTree(recs.get(4)).get("recommendation_id").asText(), "accept", null, "inbox-user");
    ok(run(gone, warehouse, concat(new String[] {"feedback", "--from-postgres"}, services)));
    inbox.submit(gone, "in-2", JSON.readTree(recs.get(4)).get("recommendation_id").asText(), "correct", "drop", "inbox-user");
    ok(run(gone, warehouse, concat(new String[] {"learn"}, noLedgerServices)));

    // the other tenant: two datasets, feedback, rules, an inbox row
    Path sales = writeTable(dir.resolve("keeper_sales.csv"), "amount,region,units", 11);
    Path drop = writeTable(dir.resolve("zqxdropset.csv"), "zqxdrop_amount,zqxdrop_region,zqxdrop_units", 12);
    List<String> keeperRecs = ok(run(keeper, warehouse, concat(new String[] {"run", "--input", sales.toString(), "--json"}, noLedgerServices)))
        .outLines();
    List<String> dropRecs = ok(run(keeper, warehouse, concat(new String[] {"run", "--input", drop.toString(), "--json"}, noLedgerServices)))
        .outLines();
    Path keeperVerdicts = dir.resolve("keeper.csv");
    Files.write(keeperVerdicts, List.of("feedback_id,recommendation_id,verdict,correct_action,user",
        "k1," + JSON.readTree(keeperRecs.get(0)).get("recommendation_id").asText() + ",accept,,ann",
        "k2," + JSON.readTree(dropRecs.get(0)).get("recommendation_id").asText() + ",accept,,ann",
        "k3," + JSON.readTree(dropRecs.get(1)).get("recommendation_id").asText() + ",correct,no_such_action,ann"), StandardCharsets.UTF_8);
    ok(run(keeper, warehouse, concat(new String[] {"feedback", "--file", keeperVerdicts.toString()}, noLedgerServices)));
    ok(run(keeper, warehouse, concat(new String[] {"learn"}, noLedgerServices)));
    inbox.submit(keeper, "kin-1", JSON.readTree(keeperRecs.get(1)).get("recommendation_id").asText(), "accept", null, "bob");
    inbox.submit(keeper, "kin-2", JSON.readTree(dropRecs.get(2)).get("recommendation_id").asText(), "accept", null, "bob");
    Map<String, Long> keeperBefore = rowCounts(spark, warehouse, keeper, null);
    assertThat(keeperBefore.get("feedback_rejects")).isPositive();

    // what is stored about the tenant, before
    JsonNode before = JSON.readTree(ok(run(gone, warehouse, new String[] {"privacy-report", "--json"})).outLines().get(0));
    assertThat(before.path("stored").fieldNames()).toIterable().contains("runs", "fingerprints", "recommendations", "feedback");
    DATA_MARKERS.add(gone);
    DATA_MARKERS.addAll(List.of("patient_ref", "canary_text", "inbox-user"));
    // the markers are really in the warehouse and the services before the forget, so the checks below can fail
    assertThat(filesHolding(warehouse, gone)).isNotEmpty();
    assertThat(redisKeys(gone)).isNotEmpty();
    assertThat(pushedGroups(gone)).isNotEmpty();
    assertThat(inboxRows(gone)).isEqualTo(2);

    CapturedRun forget = ok(run(gone, warehouse, concat(new String[] {"forget", "--json"}, services)));
    Map<String, JsonNode> stores = new HashMap<>();
    JsonNode summary = null;
    for (String line : forget.outLines()) {
      JsonNode n = JSON.readTree(line);
      switch (n.get("record").asText()) {
        case "store" -> stores.put(n.get("store").asText(), n);
        case "forget" -> summary = n;
        default -> assertThat(n.get("record").asText()).isEqualTo("table");
      }
    }
    assertThat(summary).isNotNull();
    assertThat(summary.get("leftover_rows").asLong()).isZero();
    assertThat(stores.get("redis").get("outcome").asText()).isEqualTo("done");
    assertThat(stores.get("redis").get("removed").asLong()).isGreaterThanOrEqualTo(5);
    assertThat(stores.get("feedback inbox").get("removed").asLong()).isEqualTo(2);
    assertThat(stores.get("pushgateway").get("removed").asLong()).isGreaterThanOrEqualTo(3);
    // LEDGER-FORGET: the ledger's forget is wired at merge; then expect "done" here and scan _ledger below too
    assertThat(stores.get("privacy ledger").get("outcome").asText()).isEqualTo("pending");
    // the forget's own steps log the event, not the tenant (the job's start line names it, as every job's does)
    assertThat(forget.logLines()).filteredOn(l -> l.startsWith("io.aurora.lifecycle") || l.startsWith("io.aurora.store")
        || l.startsWith("io.aurora.learn") || l.startsWith("io.aurora.jobs.ForgetCommand")).isNotEmpty()
        .allSatisfy(l -> assertThat(l).doesNotContain(gone));

    // 1. every file of the warehouse, as bytes (LEDGER-FORGET: the embedded ledger is left out until the ledger forgets)
    for (String marker : DATA_MARKERS) {
      assertThat(filesHolding(warehouse, marker)).as(marker).isEmpty();
    }
    // 2. every table at every version that can still be read, decoded; earlier versions cannot be read
    for (String table : TABLES) {
      Path location = warehouse.resolve(table);
      if (!Files.isDirectory(location)) {
        continue;
      }
      List<Long> versions = DeltaTable.forPath(spark, location.toString()).history().select("version").collectAsList().stream()
          .map(r -> r.getLong(0)).toList();
      boolean purged = !table.equals("lifecycle_events"); // created by the forget itself; it never held the tenant
      if (purged) {
        assertThat(versions).as(table).doesNotContain(0L);
      }
      for (long version : versions) {
        for (String row : spark.read().format("delta").option("versionAsOf", version).load(location.toString()).toJSON().collectAsList()) {
          for (String marker : DATA_MARKERS) {
            assertThat(row).as(table + " version " + version).doesNotContain(marker);
          }
        }
      }
      if (purged) {
        assertThatThrownBy(() -> spark.read().format("delta").option("versionAsOf", 0).load(location.toString()).count())
            .as(table + " time travel to version 0").isNotNull();
      }
    }
    // 3. Redis, the inbox, the Pushgateway
    assertThat(redisKeys(gone)).isEmpty();
    assertThat(inboxRows(gone)).isZero();
    assertThat(pushedGroups(gone)).isEmpty();
    // 4. the other tenant: every row, its Redis keys, its inbox rows, its metrics
    assertThat(rowCounts(spark, warehouse, keeper, null)).isEqualTo(keeperBefore);
    assertThat(redisKeys(keeper)).isNotEmpty();
    assertThat(inboxRows(keeper)).isEqualTo(2);
    assertThat(pushedGroups(keeper)).isNotEmpty();

    // what is stored about the tenant, after: nothing in the warehouse, and the forget
    List<String> report = ok(run(gone, warehouse, new String[] {"privacy-report", "--json"})).outLines();
    JsonNode tenantLine = JSON.readTree(report.get(report.size() - 1));
    assertThat(tenantLine.get("record").asText()).isEqualTo("tenant");
    assertThat(tenantLine.get("stored").size()).isZero();
    assertThat(tenantLine.path("last_forget").path("scope").asText()).isEqualTo("tenant");
    // LEDGER-FORGET: "completed" once the ledger forgets too
    assertThat(tenantLine.path("last_forget").path("status").asText()).isEqualTo("incomplete");
    // a second forget finds nothing left and changes nothing of the other tenant
    CapturedRun again = ok(run(gone, warehouse, concat(new String[] {"forget", "--json"}, services)));
    assertThat(again.outLines()).filteredOn(l -> l.contains("\"record\":\"table\"")).allSatisfy(l -> assertThat(l).contains("\"rows_deleted\":0"));
    assertThat(rowCounts(spark, warehouse, keeper, null)).isEqualTo(keeperBefore);

    // one dataset of the other tenant
    Map<String, Long> salesBefore = rowCounts(spark, warehouse, keeper, "keeper_sales");
    long rulesBefore = keeperBefore.getOrDefault("rules", 0L);
    ok(run(keeper, warehouse, concat(new String[] {"forget", "--dataset", "zqxdropset"}, services)));
    for (String marker : List.of("zqxdropset", "zqxdrop_")) {
      assertThat(filesHolding(warehouse, marker)).as(marker).isEmpty();
    }
    assertThat(rowCounts(spark, warehouse, keeper, "zqxdropset").values()).allMatch(n -> n == 0);
    assertThat(rowCounts(spark, warehouse, keeper, "keeper_sales")).isEqualTo(salesBefore);
    assertThat(rowCounts(spark, warehouse, keeper, null).getOrDefault("rules", 0L)).isEqualTo(rulesBefore);
    assertThat(rowCounts(spark, warehouse, keeper, null).get("feedback_rejects")).as("the reject judged a dropped recommendation").isZero();
    assertThat(redisKeys(keeper)).isNotEmpty().noneMatch(k -> k.contains("zqxdropset"));
    assertThat(inboxRows(keeper)).isEqualTo(1);
  }

  @Test
  void forgetNeedsAnExplicitTenant() {
    CapturedRun run = CapturedRun.of("forget", "--warehouse", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("aurora: forget needs --tenant").doesNotContain("\n");
    assertThat(CapturedRun.of("forget", "--warehouse", dir.toString(), "--tenant", "a b").exitCode()).isEqualTo(2);
    assertThat(CapturedRun.of("forget", "--warehouse", dir.toString(), "--tenant", "a", "--dataset", "../x").exitCode()).isEqualTo(2);
    assertThat(dir.toFile().list()).isEmpty();
  }

  private String[] services(String id) throws IOException {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(TestServices.postgresUrl());
    hc.setUsername(TestServices.postgresUser());
    hc.setPassword(TestServices.postgresPassword());
    hc.setMaximumPoolSize(2);
    db = new HikariDataSource(hc);
    inboxSchema = "forget_test_" + id;
    Path secret = dir.resolve("pg-password");
    Files.writeString(secret, TestServices.postgresPassword(), StandardCharsets.UTF_8);
    return new String[] {"--conf", "aurora.redis.url=" + TestServices.redisUrl(), "--conf",
        "aurora.metrics.pushgateway=" + TestServices.pushgatewayUrl(), "--conf", "aurora.postgres.url=" + TestServices.postgresUrl(),
        "--conf", "aurora.postgres.user=" + TestServices.postgresUser(), "--conf", "aurora.postgres.password-file=" + secret,
        "--conf", "aurora.inbox.schema=" + inboxSchema};
  }

  /** The services without PostgreSQL: profile runs keep the embedded ledger, so they share no ledger schema with other tests. */
  private static String[] withoutPostgres(String[] services) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < services.length; i += 2) {
      if (!services[i + 1].startsWith("aurora.postgres.") && !services[i + 1].startsWith("aurora.inbox.")) {
        out.add(services[i]);
        out.add(services[i + 1]);
      }
    }
    return out.toArray(String[]::new);
  }

  private static CapturedRun run(String tenant, Path warehouse, String[] args) {
    return CapturedRun.of(concat(args, new String[] {"--tenant", tenant, "--warehouse", warehouse.toString()}));
  }

  private static CapturedRun ok(CapturedRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A small real-looking table of 400 rows: an amount, a region, a count. */
  private static Path writeTable(Path file, String header, long seed) throws IOException {
    Random random = new Random(seed);
    String[] regions = {"north", "south", "east", "west"};
    List<String> lines = new ArrayList<>(List.of(header));
    for (int i = 0; i < 400; i++) {
      lines.add(String.format(Locale.ROOT, "%.2f,%s,%d", Math.exp(2 + random.nextGaussian()), regions[random.nextInt(4)], random.nextInt(20)));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** Rows of {@code tenant} (and {@code dataset}, where the table has that column) per table. */
  private static Map<String, Long> rowCounts(SparkSession spark, Path warehouse, String tenant, String dataset) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String table : TABLES) {
      Path location = warehouse.resolve(table);
      if (!Files.isDirectory(location) || table.equals("lifecycle_events")) {
        continue;
      }
      var rows = spark.read().format("delta").load(location.toString()).where("tenant = '" + tenant + "'");
      if (dataset != null) {
        if (!java.util.Arrays.asList(rows.columns()).contains("dataset")) {
          continue;
        }
        rows = rows.where("dataset = '" + dataset + "'");
      }
      counts.put(table, rows.count());
    }
    return counts;
  }

  /** Files under {@code root} holding {@code text} as bytes; the embedded ledger left out (LEDGER-FORGET). */
  private static List<Path> filesHolding(Path root, String text) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/_ledger/")).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text)
              || f.toString().contains(text);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static List<String> redisKeys(String tenant) {
    URI redis = URI.create(TestServices.redisUrl());
    List<String> keys = new ArrayList<>();
    try (Jedis jedis = new Jedis(redis.getHost(), redis.getPort())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("aurora:" + tenant + ":*").count(500));
        keys.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return keys;
  }

  private List<JsonNode> pushedGroups(String tenant) throws Exception {
    List<JsonNode> groups = new ArrayList<>();
    for (JsonNode group : PushgatewayContent.fetch(TestServices.pushgatewayUrl()).api().path("data")) {
      if (tenant.equals(group.path("labels").path("tenant").asText())) {
        groups.add(group);
      }
    }
    return groups;
  }

  private long inboxRows(String tenant) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + inboxSchema + ".feedback_inbox WHERE tenant = '" + tenant + "'")) {
      r.next();
      return r.getLong(1);
    }
  }
}
