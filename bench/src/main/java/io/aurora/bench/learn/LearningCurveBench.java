package io.aurora.bench.learn;

import io.aurora.AuroraException;
import io.aurora.bench.profile.SeededNoise;
import io.aurora.bench.recommend.LabelledCorpusBench;
import io.aurora.bench.recommend.LabelledCorpusBench.LabelledFile;
import io.aurora.config.ConfigKeys;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.learn.PatternKey;
import io.aurora.learn.Rule;
import io.aurora.learn.RuleLifecycle;
import io.aurora.learn.RuleSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendationCombiner;
import io.aurora.recommend.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Learning curve on real data: the labelled corpus as one tenant's stream of datasets. Each file is
 * profiled once and released at ε with seeded noise, recommended with the tenant's learned rules
 * ahead of the shipped expert rules (the recommend job's {@link RecommendationCombiner}), and scored
 * against its labels <em>before</em> the analyst sees it; then the analyst works through it least
 * confident first and corrects up to {@code perFile} wrong columns to the first acceptable action,
 * and learn runs. The same files in the same order are scored with the expert rules alone (the cold
 * start), so every point of the curve compares the two on the same columns. Every order of the
 * files is an independent replicate with its own noise.
 *
 * <p>Two analysts work side by side: one who only corrects (the acceptance scenario of issue 18),
 * and one who also accepts the right recommendations seen on the way to those corrections (what a
 * review of the queue produces; accepts are the verdicts that keep a rule from spreading where the
 * expert was right).
 *
 * <p>Arguments: {@code labelled-dir (testdata/labelled) epsilon (1.0) orders (5) perFile (3)
 * minCorrections (5)}; {@code -Daurora.bench.files=a,b} keeps files whose name contains one of these.
 */
public final class LearningCurveBench {
  private static final double DELTA = 1e-9;
  private static final String TENANT = "bench";
  private static final int BIN = 10;

  private LearningCurveBench() {}

  /** How the simulated analyst treats a file. */
  enum Analyst { CORRECTS, REVIEWS }

  /** One file scored before its corrections: columns, right with rules, right cold; rule-matched columns alike. */
  record Point(int correctionsBefore, int columns, int right, int coldRight, int matched, int matchedRight,
      int matchedColdRight) {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "testdata/labelled");
    double epsilon = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    int orders = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int perFile = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int minCorrections = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    List<String> only = System.getProperty("aurora.bench.files", "").isBlank() ? List.of()
        : List.of(System.getProperty("aurora.bench.files").split(","));

    List<LabelledFile> labelled = LabelledCorpusBench.labelledFiles(dir, only);
    SparkSession spark = SparkSession.builder().appName("aurora-bench-learning-curve")
        .master(System.getProperty("spark.master", "local[*]")).config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    List<LabelledFile> files = new ArrayList<>();
    List<RawProfile> raws = new ArrayList<>();
    DatasetReader reader = new DatasetReader(spark);
    for (LabelledFile f : labelled) {
      try {
        raws.add(new Profiler().scan(reader.read(ReadOptions.of(f.data().toString())).rows()));
        files.add(f);
      } catch (AuroraException e) {
        System.out.println("not read: " + f.name() + ": " + e.getMessage());
      }
    }
    spark.stop();
    int columns = files.stream().mapToInt(f -> f.columns().size()).sum();

    ExpertRules expert = ExpertRules.shipped();
    double uncertainBelow = Double.parseDouble(ConfigKeys.UNCERTAIN_BELOW.defaultValue());
    RecommendationCombiner cold = new RecommendationCombiner(List.of(expert), uncertainBelow, null);
    Map<Analyst, List<Point>> points = new LinkedHashMap<>();
    Map<Analyst, List<String>> finals = new LinkedHashMap<>();
    for (Analyst a : Analyst.values()) {
      points.put(a, new ArrayList<>());
      finals.put(a, new ArrayList<>());
    }
    for (int order = 0; order < orders; order++) {
      List<Integer> sequence = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        sequence.add(i);
      }
      Collections.shuffle(sequence, new Random(order));
      Map<Integer, List<Fingerprint>> released = new HashMap<>();
      for (int i : sequence) {
        released.put(i, new FingerprintRelease(new SeededNoise(1000L * order + i)).release(raws.get(i),
            ReleaseBudget.of(epsilon, DELTA), new FingerprintRelease.RunIdentity(TENANT, "f" + i, "o" + order, null,
                new Timestamp(0))).fingerprints());
      }
      for (Analyst analyst : Analyst.values()) {
        InMemoryLearner learner = new InMemoryLearner(TENANT, new RuleLifecycle(minCorrections));
        int corrections = 0;
        long clock = 0;
        for (int i : sequence) {
          clock += 10;
          Timestamp at = new Timestamp(clock);
          RecommendationCombiner withRules = new RecommendationCombiner(
              List.of(RuleSource.of(TENANT, learner.rules()), expert), uncertainBelow, null);
          List<Scored> scored = score(files.get(i), released.get(i), withRules, cold, at);
          int right = 0;
          int coldRight = 0;
          int matched = 0;
          int matchedRight = 0;
          int matchedColdRight = 0;
          for (Scored s : scored) {
            right += s.right() ? 1 : 0;
            coldRight += s.coldRight() ? 1 : 0;
            if (s.recommendation() != null && s.recommendation().source() == Source.RULE) {
              matched++;
              matchedRight += s.right() ? 1 : 0;
              matchedColdRight += s.coldRight() ? 1 : 0;
            }
          }
          points.get(analyst).add(new Point(corrections, scored.size(), right, coldRight, matched, matchedRight,
              matchedColdRight));
          corrections += review(analyst, scored, perFile, learner, clock);
          learner.learn(clock + 5);
        }
        long active = learner.rules().stream().filter(Rule::active).count();
        finals.get(analyst).add(corrections + " corrections, " + active + " active rules");
      }
    }
    print(dir, files.size(), columns, epsilon, orders, perFile, minCorrections, points, finals);
  }

  /** A column of a file: its recommendation with rules and without (null when the reader did not produce it). */
  record Scored(Fingerprint fingerprint, Recommendation recommendation, Recommendation cold, List<Action> accept) {
    boolean right() {
      return recommendation != null && accept.contains(recommendation.action());
    }

    boolean coldRight() {
      return cold != null && accept.contains(cold.action());
    }
  }

  private static List<Scored> score(LabelledFile f, List<Fingerprint> fps, RecommendationCombiner withRules,
      RecommendationCombiner cold, Timestamp at) {
    boolean byIndex = fps.size() == f.columns().size();
    Map<String, Integer> byName = new HashMap<>();
    for (int c = 0; c < f.columns().size(); c++) {
      byName.putIfAbsent(f.columns().get(c).strip(), c);
    }
    Scored[] out = new Scored[f.columns().size()];
    for (Fingerprint fp : fps) {
      Integer label = byIndex ? Integer.valueOf(fp.columnIndex()) : byName.get(fp.columnName().strip());
      if (label == null || label >= out.length || out[label] != null) {
        continue;
      }
      out[label] = new Scored(fp, withRules.recommend(fp, at), cold.recommend(fp, at), f.accept().get(label));
    }
    List<Scored> all = new ArrayList<>();
    for (int c = 0; c < out.length; c++) {
      // a column the reader did not produce counts as wrong, as in score.py
      all.add(out[c] != null ? out[c] : new Scored(null, null, null, f.accept().get(c)));
    }
    return all;
  }

  /** The analyst's verdicts on one file, least confident first; returns the corrections made. */
  private static int review(Analyst analyst, List<Scored> scored, int perFile, InMemoryLearner learner, long at) {
    List<Scored> queue = new ArrayList<>(scored.stream().filter(s -> s.recommendation() != null).toList());
    queue.sort(Comparator.comparingDouble((Scored s) -> s.recommendation().confidence())
        .thenComparingInt(s -> s.recommendation().columnIndex()));
    int made = 0;
    for (Scored s : queue) {
      if (made >= perFile) {
        break;
      }
      Recommendation r = s.recommendation();
      Action label;
      if (!s.right()) {
        label = s.accept().get(0);
        made++;
      } else if (analyst == Analyst.REVIEWS) {
        label = r.action();
      } else {
        continue;
      }
      List<String> patterns = PatternKey.levels(s.fingerprint()).stream().map(PatternKey::value).toList();
      if (Boolean.getBoolean("aurora.bench.verbose") && label != r.action()) {
        System.out.printf(Locale.ROOT, "  %s %s:%s %s -> %s %s%n", analyst, r.dataset(), r.columnName(), r.action().wireName(),
            label.wireName(), patterns.get(0));
      }
      learner.add(new InMemoryLearner.Verdict(patterns, label, r.action(), r.source(), r.ruleId(), "analyst", at));
    }
    return made;
  }

  private static void print(Path dir, int files, int columns, double epsilon, int orders, int perFile, int minCorrections,
      Map<Analyst, List<Point>> points, Map<Analyst, List<String>> finals) {
    System.out.printf(Locale.ROOT, "# learning curve: the labelled corpus %s (%d files, %d columns) as one tenant's stream, "
        + "eps %.3g, %d orders, up to %d corrections per file, min-corrections %d%n", dir, files, columns, epsilon, orders,
        perFile, minCorrections);
    System.out.println("# accuracy on each file before its own corrections, with the learned rules and with the expert rules alone (cold)");
    for (Analyst analyst : Analyst.values()) {
      System.out.println();
      System.out.println(analyst == Analyst.CORRECTS ? "analyst corrects only:" : "analyst also accepts what is right on the way:");
      System.out.printf(Locale.ROOT, "%-12s %6s %8s %9s %8s %6s   %8s %9s %9s   %9s%n", "corrections", "files", "columns",
          "accuracy", "cold", "gain", "matched", "rule acc", "cold acc", "unmatched");
      Map<Integer, List<Point>> bins = new TreeMap<>();
      for (Point p : points.get(analyst)) {
        bins.computeIfAbsent(p.correctionsBefore() / BIN, k -> new ArrayList<>()).add(p);
      }
      bins.forEach((bin, ps) -> row(String.format(Locale.ROOT, "%d-%d", bin * BIN, bin * BIN + BIN - 1), ps));
      List<Point> late = points.get(analyst).stream().filter(p -> p.correctionsBefore() >= 50).toList();
      if (!late.isEmpty()) {
        row("50+", late);
      }
      row("all", points.get(analyst));
      System.out.println("end of each order: " + String.join("; ", finals.get(analyst)));
    }
  }

  private static void row(String label, List<Point> ps) {
    int n = 0;
    int right = 0;
    int coldRight = 0;
    int matched = 0;
    int matchedRight = 0;
    int matchedCold = 0;
    for (Point p : ps) {
      n += p.columns();
      right += p.right();
      coldRight += p.coldRight();
      matched += p.matched();
      matchedRight += p.matchedRight();
      matchedCold += p.matchedColdRight();
    }
    int unmatched = n - matched;
    System.out.printf(Locale.ROOT, "%-12s %6d %8d %8.1f%% %7.1f%% %+6.1f   %8d %8s %9s   %8s%n", label, ps.size(), n,
        pct(right, n), pct(coldRight, n), pct(right, n) - pct(coldRight, n), matched, share(matchedRight, matched),
        share(matchedCold, matched), unmatched == 0 ? "-" : String.format(Locale.ROOT, "%.1f/%.1f%%",
            pct(right - matchedRight, unmatched), pct(coldRight - matchedCold, unmatched)));
  }

  private static double pct(int k, int n) {
    return n == 0 ? Double.NaN : 100.0 * k / n;
  }

  private static String share(int k, int n) {
    return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", pct(k, n));
  }
}
