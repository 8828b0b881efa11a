package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * SPEC §4's canary: unique marker strings and numbers put into a dataset go through the whole loop
 * (run with Redis publication and metrics, feedback, learn, rules, review, a retrain registered in
 * MLflow, a recommend served by the MLflow champion, apply, privacy-report, maintain) and are found nowhere
 * afterwards — not in any warehouse file (raw bytes, and every table decoded row by row), the
 * embedded ledger, any log line or output line, any Redis key or value, anything the Pushgateway
 * holds, or anything MLflow holds (experiments, runs, artifacts, registered models). Numeric
 * markers are searched as numbers too ({@link CanaryScan}).
 */
class FullLoopCanaryTest {
  /** Markers that exist only in the input file. */
  static final List<String> MARKERS = List.of(
      "ZQX-CANARY-5a8f1e", "canary.zqx5a8f1e@example.org", "CANARYLABELqv7", "73519.8642", "4417-CANARY-0093");

  private static final String TENANT = "canary";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CanaryScan SCAN = new CanaryScan(MARKERS);

  @TempDir
  Path dir;

  @Test
  void markersNeverLeaveTheInput() throws Exception {
    String redisUrl = TestServices.redisUrl();
    String pushgatewayUrl = TestServices.pushgatewayUrl();
    String mlflowUri = TestServices.mlflowTrackingUri();
    SparkSession spark = SharedSpark.session();
    Path input = writeDataset(dir.resolve("patients.csv"));
    Path warehouse = dir.resolve("warehouse");
    String redisConf = "aurora.redis.url=" + redisUrl;
    String metricsConf = "aurora.metrics.pushgateway=" + pushgatewayUrl;

    List<CapturedRun> runs = new ArrayList<>();
    CapturedRun run = CapturedRun.of("run", "--input", input.toString(), "--tenant", TENANT,
        "--warehouse", warehouse.toString(), "--conf", redisConf, "--conf", metricsConf, "--json");
    runs.add(run);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> recommendations = run.outLines();
    assertThat(recommendations).hasSize(5);

    // an analyst corrects two recommendations and accepts one
    Path feedback = dir.resolve("feedback.csv");
    List<String> rows = new ArrayList<>(List.of("feedback_id,recommendation_id,verdict,correct_action,user"));
    for (int i = 0; i < 3; i++) {
      JsonNode rec = JSON.readTree(recommendations.get(i));
      String verdict = i == 2 ? "accept" : "correct";
      String action = i == 2 ? "" : (rec.get("action").asText().equals("drop") ? "keep_as_is" : "drop");
      rows.add("f" + i + "," + rec.get("recommendation_id").asText() + "," + verdict + "," + action + ",analyst");
    }
    Files.write(feedback, rows, StandardCharsets.UTF_8);
    String[] common = {"--tenant", TENANT, "--warehouse", warehouse.toString(), "--conf", metricsConf};
    runs.add(CapturedRun.of(concat(new String[] {"feedback", "--file", feedback.toString()}, common)));
    runs.add(CapturedRun.of(concat(new String[] {"learn"}, common)));
    runs.add(CapturedRun.of(concat(new String[] {"rules", "--json"}, common)));
    runs.add(CapturedRun.of(concat(new String[] {"review", "--dataset", "patients", "--json"}, common)));
    runs.add(CapturedRun.of(concat(new String[] {"recommend", "--dataset", "patients", "--json", "--conf", redisConf}, common)));
    // a retrain on the canary's feedback (and the built-in corpus) logged and registered in MLflow, then served from it
    String mlflowConf = "aurora.mlflow.tracking-uri=" + mlflowUri;
    CapturedRun retrain = CapturedRun.of(concat(new String[] {"retrain", "--force", "--rounds", "20", "--json",
        "--conf", mlflowConf}, common));
    runs.add(retrain);
    assertThat(retrain.exitCode()).as(retrain.err()).isZero();
    JsonNode retrained = JSON.readTree(retrain.out());
    if (!retrained.get("decision").asText().equals("promoted")) {
      // not better than the expert rules on the holdout: an operator makes it champion anyway (MLflow's alias move),
      // so the canary also covers serving from MLflow and the champion's copy in the warehouse
      try (io.aurora.model.ModelRegistry registry = new io.aurora.model.MlflowModelRegistry(mlflowUri, null,
          new org.apache.hadoop.conf.Configuration())) {
        registry.setAlias("aurora-recommender-" + TENANT, io.aurora.model.ModelRegistry.CHAMPION,
            retrained.get("version").asText());
      }
    }
    CapturedRun served = CapturedRun.of(concat(new String[] {"recommend", "--dataset", "patients", "--json", "--conf", mlflowConf},
        common));
    runs.add(served);
    // apply: the data owner's job reads the raw input and writes the prepared data and the fitted pipeline
    // (which hold its values) to the owner's path only; MLflow is configured but not asked for (--log-model)
    runs.add(CapturedRun.of(concat(new String[] {"apply", "--input", input.toString(), "--dataset", "patients",
        "--output", dir.resolve("prepared").toString(), "--include", "uncertain", "--target", "charge", "--conf", mlflowConf}, common)));
    // what is stored (printed), and the warehouse's upkeep (the lifecycle_events table, OPTIMIZE rewriting every table)
    runs.add(CapturedRun.of(concat(new String[] {"privacy-report", "--json"}, common)));
    runs.add(CapturedRun.of(concat(new String[] {"maintain", "--json"}, common)));
    for (CapturedRun r : runs) {
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
    assertThat(Files.isDirectory(dir.resolve("prepared_pipeline"))).as("the pipeline went to the owner's path").isTrue();
    assertThat(retrained.get("version").asText()).as("the retrain registered a version").isNotEmpty();
    assertThat(served.out()).as("served by the MLflow champion").contains("\"source\":\"model\"");

    // the markers really are in the input, so the checks below can fail
    String inputText = Files.readString(input, StandardCharsets.UTF_8);
    assertThat(MARKERS).allSatisfy(m -> assertThat(inputText).contains(m));
    // the numeric marker is its column's maximum, so a raw statistic pushed as a metric or logged to
    // MLflow would carry it; and no honest count of this run (600 rows, 5 columns) is a marker
    double maxCharge = inputText.lines().skip(1).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).max()
        .orElseThrow();
    assertThat(maxCharge).isEqualTo(Double.parseDouble(MARKERS.get(3)));
    assertThat(SCAN.found("600 5 1.0 10 9.0")).isEmpty();

    // 1. output and log lines
    for (CapturedRun r : runs) {
      SCAN.assertClean("stdout", r.out());
      SCAN.assertClean("stderr", r.err());
      for (String line : r.logLines()) {
        SCAN.assertClean("log line", line);
      }
    }
    assertThat(runs.get(0).logLines()).as("the run logged something that was searched").isNotEmpty();

    // 2. every file under the warehouse (tables, Delta logs, checkpoints, embedded ledger), as raw bytes
    List<Path> files;
    try (Stream<Path> walk = Files.walk(warehouse)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anySatisfy(f -> assertThat(f.toString()).contains("_ledger"));
    for (Path f : files) {
      SCAN.assertClean(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }

    // 3. every table decoded (Parquet pages are compressed and dictionary-encoded: raw bytes are not enough)
    boolean sawColumnName = false;
    for (String table : List.of("runs", "fingerprints", "recommendations", "feedback", "feedback_rejects", "rules", "lifecycle_events")) {
      Path location = warehouse.resolve(table);
      if (!Files.isDirectory(location)) {
        continue;
      }
      for (String row : spark.read().format("delta").load(location.toString()).toJSON().collectAsList()) {
        SCAN.assertClean("table " + table, row);
        sawColumnName |= row.contains("canary_text");
      }
    }
    assertThat(sawColumnName).as("decoded rows were searched (column names are metadata and may be stored)").isTrue();

    // 4. every Redis key and value of the tenant
    URI redis = URI.create(redisUrl);
    int keys = 0;
    try (Jedis jedis = new Jedis(redis.getHost(), redis.getPort())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("aurora:" + TENANT + ":*").count(500));
        for (String key : page.getResult()) {
          keys++;
          SCAN.assertClean("redis key", key);
          String type = jedis.type(key);
          if (type.equals("hash")) {
            jedis.hgetAll(key).forEach((k, v) -> {
              SCAN.assertClean("redis hash field of " + key, k);
              SCAN.assertClean("redis hash value of " + key, v);
            });
          } else if (type.equals("string")) {
            SCAN.assertClean("redis value of " + key, jedis.get(key));
          }
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    assertThat(keys).as("recommendations were published to Redis").isGreaterThanOrEqualTo(5);

    // 5. everything the Pushgateway holds (all groups, not only ours): text exposition and JSON API
    PushgatewayContent pushed = PushgatewayContent.fetch(pushgatewayUrl);
    SCAN.assertClean("pushgateway /metrics", pushed.text());
    SCAN.assertClean("pushgateway /api/v1/metrics", pushed.api().toString());
    for (String job : List.of("run", "recommend", "review", "apply")) {
      assertThat(pushed.group(Map.of("job", job, "tenant", TENANT, "dataset", "patients"))).as("metrics of " + job).isPresent();
    }
    for (String job : List.of("feedback", "learn", "rules", "privacy-report", "maintain")) {
      assertThat(pushed.group(Map.of("job", job, "tenant", TENANT))).as("metrics of " + job).isPresent();
    }
    JsonNode runGroup = pushed.group(Map.of("job", "run", "tenant", TENANT, "dataset", "patients")).orElseThrow();
    // the run's metrics, with the row count it released (noisy: the exact 600 stays on the job's stdout)
    double released = spark.read().format("delta").load(warehouse.resolve("fingerprints").toString())
        .where(org.apache.spark.sql.functions.col("tenant").equalTo(TENANT)).select("row_count").first().getDouble(0);
    assertThat(PushgatewayContent.value(runGroup, "aurora_rows_read")).as("the searched metrics are the run's")
        .isEqualTo(Math.max(0, Math.round(released)));
    JsonNode learnGroup = pushed.group(Map.of("job", "learn", "tenant", TENANT)).orElseThrow();
    assertThat(PushgatewayContent.values(learnGroup, "aurora_rules", Map.of("state", "active"))).hasSize(1);

    // 6. everything MLflow holds, the canary tenant's experiment, runs, artifacts and registered versions
    // among it. A probe run of our own, with a metric and an artifact, proves the search
    // reaches runs and downloads their artifacts. apply --log-model on a copy of the input without the
    // markers (and with a level of its own) proves that opting in does put the fitted pipeline, labels
    // included, into MLflow — so the first apply, which did not opt in, could have leaked there
    MlflowClient client = new MlflowClient(mlflowUri);
    String optInExperiment = "aurora-canary-optin-" + UUID.randomUUID().toString().replace("-", "");
    Files.createDirectories(dir.resolve("mlflow-optin"));
    String optInId = client.createExperiment(Service.CreateExperiment.newBuilder().setName(optInExperiment)
        .setArtifactLocation(dir.resolve("mlflow-optin").toUri().toString()).build());
    try (MlflowProbe probe = MlflowProbe.create(mlflowUri, dir.resolve("mlflow-artifacts"))) {
      // the analyst settles the ward's treatment first, so that the pipeline holds its labels whatever the noise
      // and the served model chose for it (a drop or a kept column would hold none, and the check below could not fail)
      String wardRecommendation = null;
      for (String line : served.outLines()) {
        JsonNode rec = JSON.readTree(line);
        if (rec.get("column").asText().equals("ward")) {
          wardRecommendation = rec.get("recommendation_id").asText();
        }
      }
      assertThat(wardRecommendation).as("the ward was recommended").isNotNull();
      Path settle = dir.resolve("feedback_ward.csv");
      Files.write(settle, List.of("feedback_id,recommendation_id,verdict,correct_action,user",
          "f-ward," + wardRecommendation + ",correct,one_hot_encode,analyst"), StandardCharsets.UTF_8);
      CapturedRun settled = CapturedRun.of(concat(new String[] {"feedback", "--file", settle.toString()}, common));
      assertThat(settled.exitCode()).as(settled.err()).isZero();
      Path optIn = withoutMarkers(input, dir.resolve("patients_optin.csv"));
      CapturedRun logged = CapturedRun.of(concat(new String[] {"apply", "--input", optIn.toString(), "--dataset", "patients",
          "--output", dir.resolve("prepared_optin").toString(), "--include", "uncertain", "--target", "charge",
          "--conf", mlflowConf, "--log-model", "--mlflow-experiment", optInExperiment}, common));
      assertThat(logged.exitCode()).as(logged.err()).isZero();
      assertThat(logged.out()).contains("logged to MLflow run").containsPattern("ward\\s+one_hot_encode");
      MlflowContent mlflow = MlflowContent.fetch(mlflowUri);
      assertThat(mlflow.contains(probe.metricKey())).as("runs with their metrics were fetched").isTrue();
      assertThat(mlflow.contains(probe.artifactText())).as("artifacts were listed and downloaded").isTrue();
      assertThat(mlflow.contains("aurora-recommender-" + TENANT)).as("the canary's model was searched").isTrue();
      assertThat(mlflow.contains("holdout.accuracy")).as("the retrain's metrics were searched").isTrue();
      assertThat(mlflow.contains("label_group")).as("the retrain's artifacts were downloaded").isTrue();
      assertThat(mlflow.contains(OPT_IN_LABEL)).as("the opted-in pipeline, with its labels, is in MLflow").isTrue();
      for (MlflowContent.Item item : mlflow.items()) {
        SCAN.assertClean("mlflow " + item.where(), item.body());
      }
    } finally {
      client.deleteExperiment(optInId);
      client.close();
    }
  }

  /** Markers of the ingest paths: a headerless file's first row, a later part file's mismatched header. */
  static final List<String> INGEST_MARKERS = List.of("HDRLESS-CANARY-7c1d", "PARTHDR-CANARY-e42b", "JSONKEY-CANARY-3b9d");
  /**
   * Distinctive malformed-record counts, tried in turn: the released count is noisy, so with a small
   * chance (under 1 %) it equals the exact one and the search for it would prove nothing; three tries
   * make that chance below 1e-6. Far apart, so no run's released count is another's exact one; each
   * test run adds an offset of its own below 20,000, so a released count left in the shared Pushgateway
   * by an earlier run that died before its clean-up is not this run's exact count.
   */
  static final long[] MALFORMED_COUNTS = {104_729, 130_363, 155_921};

  /**
   * The ingest paths of SPEC §4 (issue 15, points 1 and 3) through the run command with Redis and
   * metrics: an exact malformed-record count appears only on the operator's stdout (the runs table,
   * ledger, logs, Redis and the Pushgateway get the released, noisy one); a canary in a headerless
   * file's first row, read with --header false, becomes no name; a canary key in one JSON line is never
   * released (DP key selection); a canary in a later part file's
   * mismatched header is not echoed by the error.
   */
  @Test
  void ingestPathsLeaveNoCanaryAndNoExactCount() throws Exception {
    String redisUrl = TestServices.redisUrl();
    String pushgatewayUrl = TestServices.pushgatewayUrl();
    SparkSession spark = SharedSpark.session();
    String tenant = "canary-ingest-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      ingestPaths(spark, tenant, redisUrl, pushgatewayUrl, new Random().nextInt(20_000));
    } finally {
      // the Pushgateway is shared and its groups outlive the test: remove this tenant's
      for (String dataset : List.of("malformed0", "malformed1", "malformed2", "readings", "parts", "events")) {
        PushgatewayContent.delete(pushgatewayUrl, Map.of("job", "run", "tenant", tenant, "dataset", dataset));
      }
    }
  }

  private void ingestPaths(SparkSession spark, String tenant, String redisUrl, String pushgatewayUrl, long offset) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String[] sinks = {"--tenant", tenant, "--warehouse", warehouse.toString(), "--conf", "aurora.redis.url=" + redisUrl,
        "--conf", "aurora.metrics.pushgateway=" + pushgatewayUrl};
    List<CapturedRun> runs = new ArrayList<>();

    // 1. a distinctive malformed count: exact on stdout, released with noise everywhere else
    long exact = -1;
    for (int attempt = 0; attempt < MALFORMED_COUNTS.length && exact < 0; attempt++) {
      long count = MALFORMED_COUNTS[attempt] + offset;
      String dataset = "malformed" + attempt;
      Path file = writeWithMalformed(dir.resolve(dataset + ".csv"), count);
      CapturedRun run = CapturedRun.of(concat(new String[] {"run", "--input", file.toString(), "--dataset", dataset}, sinks));
      runs.add(run);
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).as("the operator's report keeps the exact count").contains(count + " malformed");
      long released = spark.read().format("delta").load(warehouse.resolve("runs").toString())
          .where(functions.col("tenant").equalTo(tenant).and(functions.col("dataset").equalTo(dataset)))
          .select("rows_malformed").first().getLong(0);
      assertThat(released).as("released, clamped at 0, near the exact count").isNotNegative().isCloseTo(count, within(2_000L));
      if (released != count) {
        exact = count;
      }
    }
    // three tries that all stored the exact count are a leak into the runs table, not bad luck (< 1e-6)
    assertThat(exact).as("the runs table held the exact malformed count in every try").isPositive();

    // 2. a headerless file whose first row holds a canary, read with --header false: names c0..c2
    Path headerless = dir.resolve("readings.csv");
    List<String> lines = new ArrayList<>(List.of(INGEST_MARKERS.get(0) + ",17,3.5"));
    for (int i = 0; i < 400; i++) {
      lines.add("r" + (i % 13) + "," + (i % 50) + "," + (i % 7) + ".25");
    }
    Files.write(headerless, lines, StandardCharsets.UTF_8);
    CapturedRun read = CapturedRun.of(concat(new String[] {"run", "--input", headerless.toString(), "--dataset", "readings",
        "--header", "false"}, sinks));
    runs.add(read);
    assertThat(read.exitCode()).as(read.err()).isZero();
    List<String> names = spark.read().format("delta").load(warehouse.resolve("fingerprints").toString())
        .where(functions.col("tenant").equalTo(tenant).and(functions.col("dataset").equalTo("readings")))
        .select("column_name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(names).containsExactlyInAnyOrder("c0", "c1", "c2");

    // 3. a part file whose header differs from the first one's by a canary: refused, nothing echoed
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Files.write(parts.resolve("part-0.csv"), List.of("id,amount", "1,2", "3,4"), StandardCharsets.UTF_8);
    Files.write(parts.resolve("part-1.csv"), List.of("id," + INGEST_MARKERS.get(1), "5,6", "7,8"), StandardCharsets.UTF_8);
    CapturedRun mismatched = CapturedRun.of(concat(new String[] {"run", "--input", parts.toString(), "--dataset", "parts"}, sinks));
    runs.add(mismatched);
    assertThat(mismatched.exitCode()).isEqualTo(2);
    assertThat(mismatched.err().strip().lines()).as("one line naming the file and the problem").hasSize(1)
        .first().asString().contains("part-1.csv").contains("header");

    // 4. a key in one JSON line (the first, inside any sample a reader might infer keys from): never a column
    Path events = dir.resolve("events.jsonl");
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      json.append("{\"sensor\": \"s").append(i % 9).append("\", \"reading\": ").append(i % 113).append(".5, \"ok\": ")
          .append(i % 4 != 0).append(i == 0 ? ", \"" + INGEST_MARKERS.get(2) + "\": 1" : "").append("}\n");
    }
    Files.writeString(events, json, StandardCharsets.UTF_8);
    CapturedRun keys = CapturedRun.of(concat(new String[] {"run", "--input", events.toString(), "--dataset", "events"}, sinks));
    runs.add(keys);
    assertThat(keys.exitCode()).as(keys.err()).isZero();
    List<String> keyNames = spark.read().format("delta").load(warehouse.resolve("fingerprints").toString())
        .where(functions.col("tenant").equalTo(tenant).and(functions.col("dataset").equalTo("events")))
        .select("column_name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(keyNames).containsExactlyInAnyOrder("ok", "reading", "sensor");

    // the markers really are in the inputs, so the checks below can fail
    assertThat(Files.readString(events)).contains(INGEST_MARKERS.get(2));
    assertThat(Files.readString(headerless)).contains(INGEST_MARKERS.get(0));
    assertThat(Files.readString(parts.resolve("part-1.csv"))).contains(INGEST_MARKERS.get(1));
    CanaryScan markers = new CanaryScan(INGEST_MARKERS);
    CanaryScan counts = new CanaryScan(List.of(), List.of(exact));
    assertThat(counts.found("x " + exact + " y")).as("the count search finds the count").isNotEmpty();
    for (CapturedRun r : runs) {
      // stdout is the operator's report: exact counts belong there, markers never
      markers.assertClean("stdout", r.out());
      for (CanaryScan scan : List.of(markers, counts)) {
        scan.assertClean("stderr", r.err());
        for (String line : r.logLines()) {
          scan.assertClean("log line", line);
        }
      }
    }
    for (CanaryScan scan : List.of(markers, counts)) {
      assertSinksClean(scan, spark, warehouse, tenant, redisUrl, pushgatewayUrl);
    }
    // the Pushgateway carries the released malformed count, as the runs table keeps it
    JsonNode group = PushgatewayContent.fetch(pushgatewayUrl).group(Map.of("job", "run", "tenant", tenant, "dataset", "readings"))
        .orElseThrow();
    assertThat(PushgatewayContent.values(group, "aurora_rows_malformed", Map.of())).hasSize(1);
  }

  /** {@code count} records with a field too many after enough good rows that the sniffer's sample sees only those. */
  private static Path writeWithMalformed(Path file, long count) throws IOException {
    StringBuilder text = new StringBuilder("id,amount\n");
    for (int i = 0; i < 8_000; i++) {
      text.append(i).append(',').append(i % 97).append('\n');
    }
    for (long i = 0; i < count; i++) {
      text.append("1,2,3\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Every sink outside the trust boundary holds nothing {@code scan} looks for: every warehouse file as
   * raw bytes (Delta logs carry column statistics as text), every table decoded, every Redis key and
   * value of the tenant, and everything the Pushgateway holds.
   */
  private static void assertSinksClean(CanaryScan scan, SparkSession spark, Path warehouse, String tenant, String redisUrl,
      String pushgatewayUrl) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(warehouse)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anySatisfy(f -> assertThat(f.toString()).contains("_ledger"));
    for (Path f : files) {
      scan.assertClean(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    int decoded = 0;
    for (String table : List.of("runs", "fingerprints", "recommendations")) {
      for (String row : spark.read().format("delta").load(warehouse.resolve(table).toString()).toJSON().collectAsList()) {
        scan.assertClean("table " + table, row);
        decoded++;
      }
    }
    assertThat(decoded).isPositive();
    URI redis = URI.create(redisUrl);
    int keys = 0;
    try (Jedis jedis = new Jedis(redis.getHost(), redis.getPort())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("aurora:" + tenant + ":*").count(500));
        for (String key : page.getResult()) {
          keys++;
          scan.assertClean("redis key", key);
          String type = jedis.type(key);
          if (type.equals("hash")) {
            jedis.hgetAll(key).forEach((k, v) -> {
              scan.assertClean("redis hash field of " + key, k);
              scan.assertClean("redis hash value of " + key, v);
            });
          } else if (type.equals("string")) {
            scan.assertClean("redis value of " + key, jedis.get(key));
          }
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    assertThat(keys).as("recommendations were published to Redis").isPositive();
    PushgatewayContent pushed = PushgatewayContent.fetch(pushgatewayUrl);
    scan.assertClean("pushgateway /metrics", pushed.text());
    scan.assertClean("pushgateway /api/v1/metrics", pushed.api().toString());
  }

  /** A level of the opted-in copy's ward column: no marker, but data all the same. */
  private static final String OPT_IN_LABEL = "OPTINWARDlevel7";

  /** {@code input} with every marker replaced by an ordinary value of its kind, and some wards renamed. */
  private static Path withoutMarkers(Path input, Path file) throws IOException {
    String[] plain = {"fever and cough", "someone@hospital.example", "north", "12.50", "P-999999"};
    List<String> lines = new ArrayList<>();
    int row = 0;
    for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < MARKERS.size(); i++) {
        line = line.replace(MARKERS.get(i), plain[i]);
      }
      if (row > 0 && row % 10 == 0) {
        line = line.replace(",north,", "," + OPT_IN_LABEL + ",").replace(",south,", "," + OPT_IN_LABEL + ",");
      }
      lines.add(line);
      row++;
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThat(SCAN.found(String.join("\n", lines))).isEmpty();
    return file;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** 600 rows; each marker appears in exactly one row, among ordinary values of the same kind. */
  static Path writeDataset(Path file) throws IOException {
    Random random = new Random(42);
    String[] words = {"fever", "cough", "headache", "fatigue", "nausea", "rash", "dizziness"};
    String[] wards = {"north", "south", "east", "west"};
    List<String> lines = new ArrayList<>(List.of("patient_ref,canary_text,contact,ward,charge"));
    for (int i = 0; i < 600; i++) {
      String ref = String.format("P-%06d", i);
      String text = words[random.nextInt(words.length)] + " and " + words[random.nextInt(words.length)];
      String contact = "user" + i + "@hospital.example";
      String ward = wards[random.nextInt(wards.length)];
      String charge = String.format(java.util.Locale.ROOT, "%.2f", Math.exp(3 + 2 * random.nextGaussian()));
      switch (i) {
        case 101 -> text = MARKERS.get(0);
        case 202 -> contact = MARKERS.get(1);
        case 303 -> ward = MARKERS.get(2);
        case 404 -> charge = MARKERS.get(3);
        case 505 -> ref = MARKERS.get(4);
        default -> { }
      }
      lines.add(ref + ",\"" + text + "\"," + contact + "," + ward + "," + charge);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
