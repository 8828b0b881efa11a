package io.aurora.bench.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.bench.profile.SeededNoise;
import io.aurora.config.ConfigKeys;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.NoiseSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.ReleaseBudget;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleasedProfile;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendationCombiner;
import io.aurora.recommend.ScoredAction;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * End-to-end quality of the recommendations on real labelled files: each file is read as a user's
 * {@code aurora run} reads it (dialect and encoding sniffed), profiled once, released at the given ε
 * with seeded noise (and once without noise, a bench-only switch), recommended by the shipped sources
 * with the same {@link RecommendationCombiner} the recommend job builds, and scored against the
 * file's acceptable actions per column (the rules of the labelled set's {@code score.py}): accuracy,
 * top-3, balanced accuracy over first-choice classes, per-class recall, the confident share and the
 * accuracy of confident recommendations.
 *
 * <p>Arguments: {@code labelled-dir (testdata/labelled) epsilon (1.0) seeds (5) [predictions.jsonl]}.
 * {@code -Daurora.bench.files=a,b} keeps files whose name contains one of these;
 * {@code -Daurora.bench.misses=N} prints N wrong columns of the first seed with their explanation;
 * {@code -Daurora.bench.precisionOut=file} writes each expert rule's measured precision
 * ({@link RulePrecisionReport}) as the {@code expert-rule-precision.properties} resource.
 */
public final class LabelledCorpusBench {
  private static final Timestamp CREATED = new Timestamp(0);
  private static final double DELTA = 1e-9;
  private static final double NOISELESS_EPSILON = 1e9;
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabelledCorpusBench() {}

  /** One labelled file: its data path, its columns' acceptable actions in header order. */
  public record LabelledFile(String name, Path data, List<String> columns, List<List<Action>> accept) {}

  /** One scored column of one release. */
  record Scored(String file, int index, String column, Action action, List<Action> alternatives, boolean confident,
      List<Action> accept, String explanation, String ruleId, double confidence) {
    boolean right() {
      return accept.contains(action);
    }

    boolean top3() {
      if (right()) {
        return true;
      }
      for (int i = 0; i < Math.min(2, alternatives.size()); i++) {
        if (accept.contains(alternatives.get(i))) {
          return true;
        }
      }
      return false;
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "testdata/labelled");
    double epsilon = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path predictions = args.length > 3 ? Path.of(args[3]) : null;
    List<String> only = System.getProperty("aurora.bench.files", "").isBlank() ? List.of()
        : List.of(System.getProperty("aurora.bench.files").split(","));
    int misses = Integer.getInteger("aurora.bench.misses", 0);

    List<LabelledFile> files = labelledFiles(dir, only);
    ExpertRules rules = ExpertRules.shipped();
    RecommendationCombiner combiner = new RecommendationCombiner(List.of(rules),
        Double.parseDouble(ConfigKeys.UNCERTAIN_BELOW.defaultValue()), null);
    SparkSession spark = SparkSession.builder()
        .appName("aurora-bench-labelled")
        .master(System.getProperty("spark.master", "local[*]"))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    System.out.printf(Locale.ROOT, "labelled corpus: %d files under %s, epsilon %.3g, delta %.0e, %d noise seeds%n",
        files.size(), dir, epsilon, DELTA, seeds);

    List<List<Scored>> noisy = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      noisy.add(new ArrayList<>());
    }
    List<Scored> noiseless = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    DatasetReader reader = new DatasetReader(spark);
    for (LabelledFile f : files) {
      RawProfile raw;
      try {
        ReadResult read = reader.read(ReadOptions.of(f.data().toString()));
        raw = new Profiler().scan(read.rows());
      } catch (AuroraException e) {
        unread.add(f.name() + ": " + e.getMessage());
        continue;
      }
      ReleaseBudget calibration = ReleaseBudget.of(epsilon, DELTA);
      // noise off: no noise drawn, and a calibration whose noise scales are negligible, so that the
      // post-processing does not treat real counts as noise either
      ReleaseBudget exact = ReleaseBudget.of(NOISELESS_EPSILON, DELTA);
      noiseless.addAll(score(f, release(raw, exact, NoiseSource.none(), "noiseless"), combiner));
      for (int s = 0; s < seeds; s++) {
        noisy.get(s).addAll(score(f, release(raw, calibration, new SeededNoise(1000L * s + f.name().hashCode()), "r" + s), combiner));
      }
    }
    spark.stop();
    for (String u : unread) {
      System.out.println("not read: " + u);
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "%-10s %9s %7s %9s %10s %11s%n", "release", "accuracy", "top-3", "balanced", "confident",
        "conf. acc.");
    Summary off = Summary.of(noiseless);
    off.printRow("noise off");
    List<Summary> runs = noisy.stream().map(Summary::of).toList();
    for (int s = 0; s < runs.size(); s++) {
      runs.get(s).printRow("seed " + s);
    }
    Summary mean = Summary.mean(runs);
    mean.printRow("mean");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-16s %8s %14s %14s%n", "first choice", "columns", "noise off", "eps mean");
    for (Action a : off.classTotal.keySet()) {
      System.out.printf(Locale.ROOT, "%-16s %8d %14s %14s%n", a.wireName(), off.classTotal.get(a),
          off.classRight.get(a) + "/" + off.classTotal.get(a),
          String.format(Locale.ROOT, "%.1f/%d", mean.classRightMean(a), off.classTotal.get(a)));
    }
    if (misses > 0) {
      boolean ofNoiseless = noisy.isEmpty() || Boolean.getBoolean("aurora.bench.missesNoiseless");
      System.out.println();
      System.out.println("wrong " + (ofNoiseless ? "without noise" : "at seed 0") + " (file:column action [accept] explanation):");
      int shown = 0;
      for (Scored c : ofNoiseless ? noiseless : noisy.get(0)) {
        if (!c.right() && shown++ < misses) {
          System.out.printf(Locale.ROOT, "  %s:%s %s %s%s %s%n", c.file(), c.column(), c.action().wireName(), c.accept(),
              c.confident() ? " CONFIDENT" : "", c.explanation());
        }
      }
    }
    if (!noisy.isEmpty()) {
      RulePrecisionReport.print(noisy, rules.precision(), Double.parseDouble(ConfigKeys.UNCERTAIN_BELOW.defaultValue()),
          System.getProperty("aurora.bench.precisionOut"));
    }
    if (predictions != null && !noisy.isEmpty()) {
      writePredictions(predictions, noisy.get(0));
      System.out.println("predictions of seed 0 (for score.py): " + predictions);
    }
  }

  /** A release as run {@code runId}: each seed its own id, as each production run (the id seeds the bootstrap's replicates). */
  private static ReleasedProfile release(RawProfile raw, ReleaseBudget calibration, NoiseSource noise, String runId) {
    return new FingerprintRelease(noise).release(raw, calibration,
        new FingerprintRelease.RunIdentity("bench", "labelled", runId, null, CREATED));
  }

  private static List<Scored> score(LabelledFile f, ReleasedProfile released, RecommendationCombiner combiner) {
    List<Scored> out = new ArrayList<>();
    List<Fingerprint> fps = released.fingerprints();
    boolean byIndex = fps.size() == f.columns().size();
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (int i = 0; i < f.columns().size(); i++) {
      byName.putIfAbsent(f.columns().get(i).strip(), i);
    }
    boolean[] seen = new boolean[f.columns().size()];
    for (Fingerprint fp : fps) {
      Integer label = byIndex ? Integer.valueOf(fp.columnIndex()) : byName.get(fp.columnName().strip());
      if (label == null || label >= seen.length || seen[label]) {
        continue;
      }
      seen[label] = true;
      Recommendation r = combiner.recommend(fp, CREATED);
      if (fp.columnName().equals(System.getProperty("aurora.bench.dump"))) {
        System.out.println("DUMP " + f.name() + " " + fp);
      }
      out.add(new Scored(f.name(), label, f.columns().get(label), r.action(),
          r.alternatives().stream().map(ScoredAction::action).toList(), Recommendation.CONFIDENT.equals(r.status()),
          f.accept().get(label), r.explanation(), r.ruleId(), r.confidence()));
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        // a column the reader did not produce counts as wrong, as in score.py
        out.add(new Scored(f.name(), i, f.columns().get(i), null, List.of(), false, f.accept().get(i), "not produced", null, 0));
      }
    }
    return out;
  }

  /** The labelled files under {@code dir} (labels/*.json, files/), those whose name contains one of {@code only} when given. */
  public static List<LabelledFile> labelledFiles(Path dir, List<String> only) throws IOException {
    List<LabelledFile> out = new ArrayList<>();
    try (Stream<Path> labels = Files.list(dir.resolve("labels"))) {
      for (Path label : labels.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String flat = label.getFileName().toString().replaceFirst("\\.json$", "");
        if (!only.isEmpty() && only.stream().noneMatch(flat::contains)) {
          continue;
        }
        Path data = dir.resolve("files").resolve(flat);
        if (!Files.exists(data)) {
          data = dir.resolve("files").resolve(flat + ".gz");
        }
        JsonNode root = JSON.readTree(label.toFile());
        List<String> columns = new ArrayList<>();
        List<List<Action>> accept = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("columns").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> c = it.next();
          columns.add(c.getKey());
          List<Action> actions = new ArrayList<>();
          c.getValue().get("accept").forEach(a -> actions.add(Action.fromWire(a.asText())));
          accept.add(actions);
        }
        out.add(new LabelledFile(flat, data, columns, accept));
      }
    }
    return out;
  }

  private static void writePredictions(Path path, List<Scored> scored) throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      for (Scored c : scored) {
        if (c.action() == null) {
          continue;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", c.file());
        line.put("column", c.column());
        line.put("action", c.action().wireName());
        line.put("alternatives", c.alternatives().stream().map(Action::wireName).toList());
        w.write(JSON.writeValueAsString(line));
        w.write('\n');
      }
    }
  }

  /** Accuracy figures of one release of every file. */
  static final class Summary {
    int columns;
    int right;
    int top3;
    int confident;
    int confidentRight;
    final Map<Action, Integer> classTotal = new TreeMap<>();
    final Map<Action, Integer> classRight = new TreeMap<>();
    Map<Action, Double> classRightMean;

    static Summary of(List<Scored> scored) {
      Summary s = new Summary();
      for (Scored c : scored) {
        s.columns++;
        Action first = c.accept().get(0);
        s.classTotal.merge(first, 1, Integer::sum);
        s.classRight.merge(first, 0, Integer::sum);
        if (c.action() != null && c.right()) {
          s.right++;
          s.classRight.merge(first, 1, Integer::sum);
        }
        if (c.action() != null && c.top3()) {
          s.top3++;
        }
        if (c.confident()) {
          s.confident++;
          s.confidentRight += c.right() ? 1 : 0;
        }
      }
      return s;
    }

    static Summary mean(List<Summary> runs) {
      Summary m = new Summary();
      m.classRightMean = new EnumMap<>(Action.class);
      for (Summary r : runs) {
        m.columns += r.columns;
        m.right += r.right;
        m.top3 += r.top3;
        m.confident += r.confident;
        m.confidentRight += r.confidentRight;
        r.classTotal.forEach((a, n) -> m.classTotal.merge(a, n, Integer::sum));
        r.classRight.forEach((a, n) -> {
          m.classRight.merge(a, n, Integer::sum);
          m.classRightMean.merge(a, n / (double) runs.size(), Double::sum);
        });
      }
      return m;
    }

    double classRightMean(Action a) {
      return classRightMean == null ? classRight.getOrDefault(a, 0) : classRightMean.getOrDefault(a, 0.0);
    }

    double balanced() {
      double sum = 0;
      for (Action a : classTotal.keySet()) {
        sum += classRight.getOrDefault(a, 0) / (double) classTotal.get(a);
      }
      return classTotal.isEmpty() ? 0 : sum / classTotal.size();
    }

    void printRow(String name) {
      System.out.printf(Locale.ROOT, "%-10s %9.3f %7.3f %9.3f %10.3f %11.3f%n", name, right / (double) columns,
          top3 / (double) columns, balanced(), confident / (double) columns,
          confident == 0 ? Double.NaN : confidentRight / (double) confident);
    }
  }
}
