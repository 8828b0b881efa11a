package io.aurora.bench.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.config.AuroraConfig;
import io.aurora.config.AuroraConfigLoader;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.SecureNoiseSource;
import io.aurora.profile.ProfileJob;
import io.aurora.store.DeltaTableStore;
import java.time.Clock;
import io.aurora.spark.SparkSessions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Regenerates the built-in labelled corpus that {@code retrain} starts from: every file of the
 * public labelled set ({@code testdata/labelled}: 38 real CSV files, each column labelled with
 * its acceptable actions) is read by AURORA's own reader (dialect sniffed, as {@code LabelledCorpusBench}
 * reads it) and profiled at the default ε, as a user's run would be, and each
 * resulting fingerprint — a differentially private release of public data, never a value — is
 * written with its file's name and acceptable actions as one JSON line. Run it whenever the
 * fingerprint changes:
 *
 * <pre>
 * scripts/bench.sh LabelledCorpusGenerator testdata/labelled \
 *   train/src/main/resources/io/aurora/train/labelled-corpus.jsonl.gz [epsilon=1.0]
 * </pre>
 */
public final class LabelledCorpusGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelledCorpusGenerator() {}

  public static void main(String[] args) throws Exception {
    Path labelled = Path.of(args.length > 0 ? args[0] : "testdata/labelled");
    Path out = Path.of(args.length > 1 ? args[1] : "train/src/main/resources/io/aurora/train/labelled-corpus.jsonl.gz");
    String epsilon = args.length > 2 ? args[2] : "1.0";
    Path warehouse = Files.createTempDirectory("aurora-corpus-warehouse");
    List<Path> labels;
    try (Stream<Path> s = Files.list(labelled.resolve("labels"))) {
      labels = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Map<String, JsonNode> byDataset = new HashMap<>();
    AuroraConfig config = AuroraConfigLoader.load(Map.of("aurora.warehouse", warehouse.toString(), "aurora.tenant", "corpus"),
        List.of(), Map.of(), Map.of(), null);
    SparkSession spark = SparkSessions.create("aurora-labelled-corpus", config);
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      for (Path label : labels) {
        JsonNode spec = JSON.readTree(label.toFile());
        String fileName = label.getFileName().toString().replaceFirst("\\.json$", "");
        Path data = labelled.resolve("files").resolve(fileName);
        if (!Files.exists(data)) {
          data = labelled.resolve("files").resolve(fileName + ".gz");
        }
        String dataset = datasetId(fileName);
        byDataset.put(dataset, spec);
        ReadOptions options = ReadOptions.of(data.toString());
        ProfileJob job = new ProfileJob(spark, store, ledger, new SecureNoiseSource(), Clock.systemUTC());
        // the default ε of a user's run; each file is its own dataset with its own budget
        ProfileJob.Outcome outcome = job.run(new ProfileJob.Request("corpus", dataset, null, Double.parseDouble(epsilon),
            1e-9, null, false), new DatasetReader(spark).read(options));
        System.err.println("profiled " + dataset + ": " + outcome.run().columns() + " columns");
      }
    }
    List<Row> rows = spark.read().format("delta").load(warehouse.resolve("fingerprints").toString())
        .orderBy(functions.col("dataset"), functions.col("column_index")).collectAsList();
    Map<String, Integer> columnsOf = new HashMap<>();
    for (Row r : rows) {
      columnsOf.merge(r.getString(r.fieldIndex("dataset")), 1, Integer::sum);
    }
    int written = 0;
    int unlabelled = 0;
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)),
        StandardCharsets.UTF_8))) {
      for (Row r : rows) {
        Fingerprint f = Fingerprint.fromRow(r);
        JsonNode spec = byDataset.get(f.dataset());
        JsonNode label = label(spec.path("columns"), f, columnsOf.get(f.dataset()));
        if (label == null) {
          unlabelled++;
          continue;
        }
        ObjectNode line = (ObjectNode) JSON.readTree(rowJson(spark, r));
        line.put("corpus_file", spec.path("file").asText());
        line.set("accept", label.path("accept"));
        w.write(JSON.writeValueAsString(line));
        w.write('\n');
        written++;
      }
    }
    System.out.printf("wrote %d labelled fingerprints of %d files to %s (%d columns without a label)%n", written,
        labels.size(), out, unlabelled);
    try (Stream<Path> walk = Files.walk(warehouse)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The label of {@code f}: the label file lists every header field in order, so by position when the
   * profile has as many columns as the label file, else by (stripped) name, as LabelledCorpusBench matches.
   */
  private static JsonNode label(JsonNode columns, Fingerprint f, int profiled) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    columns.fields().forEachRemaining(entries::add);
    if (profiled == entries.size()) {
      return f.columnIndex() < entries.size() ? entries.get(f.columnIndex()).getValue() : null;
    }
    for (Map.Entry<String, JsonNode> e : entries) {
      if (e.getKey().strip().equals(f.columnName().strip())) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String rowJson(SparkSession spark, Row r) {
    return spark.createDataFrame(List.of(r), Fingerprint.SCHEMA).toJSON().first();
  }

  /** A dataset id from a file name: the file name without {@code .csv}, characters outside the id alphabet as '-'. */
  static String datasetId(String fileName) {
    String stem = fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
    String id = stem.replaceAll("[^A-Za-z0-9._=-]", "-");
    // ids are at most 128 characters: a long path keeps its start and a hash of the whole
    return id.length() <= 120 ? id : id.substring(0, 100) + "-" + Integer.toHexString(id.hashCode());
  }
}
