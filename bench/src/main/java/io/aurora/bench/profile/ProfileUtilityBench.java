package io.aurora.bench.profile;

import io.aurora.AuroraException;
import io.aurora.config.ConfigKeys;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.privacy.NoiseSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.ReleaseBudget;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleasedProfile;
import io.aurora.profile.Statistic;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendationCombiner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Utility of the private fingerprints: how often the recommendation of the shipped expert rules
 * (through the same {@link RecommendationCombiner} the recommend job builds, no learned rules) on a
 * noisy release is the same action and imputation as on the noiseless release of the same scan
 * ({@link NoiseSource#none()}, same calibration), by dataset size. Data: the generated mixed columns,
 * and the real files of the test corpus — bootstrapped (rows sampled with replacement) to each size,
 * and once more at each file's natural size.
 *
 * <p>Arguments: {@code sizes (default 1000,10000,100000,1000000) repetitions (20) epsilon (1.0)
 * corpus-dir (testdata/csv of the repository; "none" skips) columns (20) min-corpus-rows (50)
 * [budget weights, e.g. {@code magnitudes=4,buckets=2}: compare another split with the shipped one]}.
 * System properties for diagnosis: {@code -Daurora.bench.files=ks_1033,milk} (only corpus files whose
 * name contains one of these), {@code -Daurora.bench.generated=false} (skip the generated data),
 * {@code -Daurora.bench.explain=true} (print the exact and the noisy fingerprint statistics the rules
 * read for every disagreement), {@code -Daurora.bench.natural=false} (skip the corpus at its natural sizes).
 */
public final class ProfileUtilityBench {
  private static final double DELTA = 1e-9;
  private static final FingerprintRelease.RunIdentity ID =
      new FingerprintRelease.RunIdentity("bench", "utility", "r", null, new Timestamp(0));
  private static final Timestamp CREATED = new Timestamp(0);
  private static final double EXACT_EPSILON = 1e9;
  private static final List<String> FILES = System.getProperty("aurora.bench.files", "").isBlank() ? List.of()
      : List.of(System.getProperty("aurora.bench.files").split(","));
  private static final boolean EXPLAIN = Boolean.getBoolean("aurora.bench.explain");
  private static final boolean NATURAL = Boolean.parseBoolean(System.getProperty("aurora.bench.natural", "true"));

  private ProfileUtilityBench() {}

  public static void main(String[] args) {
    String sizes = args.length > 0 ? args[0] : "1000,10000,100000,1000000";
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double epsilon = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
    String corpus = args.length > 3 ? args[3] : "testdata/csv";
    int columns = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int minCorpusRows = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    Map<Statistic, Double> weights = Statistic.shippedWeights();
    if (args.length > 6) {
      // e.g. "magnitudes=4,buckets=2": another split of the budget, to compare with the shipped one
      for (String kv : args[6].split(",")) {
        String[] p = kv.split("=");
        weights.put(Statistic.valueOf(p[0].trim().toUpperCase(Locale.ROOT)), Double.parseDouble(p[1]));
      }
    }
    RecommendationCombiner combiner = new RecommendationCombiner(List.of(ExpertRules.shipped()),
        Double.parseDouble(ConfigKeys.UNCERTAIN_BELOW.defaultValue()), null);
    SparkSession spark = BenchSpark.session("profile-utility");
    print("profile utility: recommendation (action + imputation) of the shipped expert rules on noisy vs noiseless "
        + "fingerprints, epsilon %.2f, delta %.0e, %d noisy releases per dataset, budget weights %s", epsilon, DELTA, repetitions,
        weights);

    List<Long> rowCounts = Stream.of(sizes.split(",")).map(s -> Long.parseLong(s.trim())).toList();
    boolean generated = Boolean.parseBoolean(System.getProperty("aurora.bench.generated", "true"));
    print("%n== generated data: GeneratedData.mixed, %d columns ==", columns);
    header();
    for (long rows : generated ? rowCounts : List.<Long>of()) {
      Tally tally = new Tally();
      RawProfile raw = new Profiler().scan(GeneratedData.mixed(spark, rows, columns, 2));
      measure(raw, rows, epsilon, weights, repetitions, combiner, tally, "", c -> kindOf(c));
      tally.print(rows);
    }

    if (!corpus.equals("none")) {
      List<CorpusFile> files = corpusFiles(spark, Path.of(corpus), minCorpusRows);
      print("%n== shared corpus: %d real files with >= %d rows under %s, bootstrapped to each size "
          + "(rows sampled with replacement, seeded) ==", files.size(), minCorpusRows, corpus);
      header();
      for (long rows : rowCounts) {
        Tally tally = new Tally();
        for (CorpusFile f : files) {
          Dataset<Row> boot = f.rows().sample(true, rows / (double) f.count(), 17L + rows).cache();
          try {
            RawProfile raw = new Profiler().scan(boot);
            measure(raw, rows, epsilon, weights, repetitions, combiner, tally, f.name() + ":", null);
          } finally {
            boot.unpersist();
          }
        }
        tally.print(rows);
      }
      if (!NATURAL) {
        spark.stop();
        return;
      }
      print("%n== shared corpus at each file's natural size ==");
      print("%-48s %8s %5s %10s %10s %12s %10s", "file", "rows", "cols", "vs exact", "vs noisel.", "share error", "low util");
      Tally all = new Tally();
      for (CorpusFile f : files) {
        Tally one = new Tally();
        RawProfile raw = new Profiler().scan(f.rows());
        measure(raw, f.count(), epsilon, weights, repetitions, combiner, one, f.name() + ":", null);
        all.agree += one.agree;
        all.total += one.total;
        all.agreeNoiseless += one.agreeNoiseless;
        print("%-48s %8d %5d %9.1f%% %9.1f%% %12.4f %10s", f.name(), f.count(), raw.columns().size(), one.agreement(),
            100.0 * one.agreeNoiseless / one.total,
            one.shareError, one.lowRuns == one.runs ? "yes" : one.lowRuns == 0 ? "no" : one.lowRuns + "/" + one.runs);
      }
      print("%-48s %8s %5s %9.1f%% %9.1f%%", "all files at natural size", "", "", all.agreement(), 100.0 * all.agreeNoiseless / all.total);
    }
    spark.stop();
  }

  private static void header() {
    print("%10s %10s %10s %12s %10s %12s  %s", "rows", "vs exact", "vs noisel.", "share error", "low util", "agree|low",
        "per kind vs exact (below 100 %) / worst columns");
  }

  /** The generated column kind from its name ({@code kind_index}). */
  private static String kindOf(String column) {
    int cut = column.lastIndexOf('_');
    return cut > 0 ? column.substring(0, cut) : column;
  }

  private interface Kind {
    String of(String column);
  }

  /** Releases {@code raw} noiselessly once and noisily {@code repetitions} times and tallies agreement. */
  private static void measure(RawProfile raw, long rows, double epsilon, Map<Statistic, Double> weights, int repetitions,
      RecommendationCombiner combiner,
      Tally tally, String prefix, Kind kind) {
    ReleaseBudget calibration = ReleaseBudget.of(epsilon, DELTA);
    // The reference: the exact statistics (no noise, and an ε so large that the noise-driven cleaning
    // thresholds of post-processing vanish). Also reported: the noiseless release at the run's own
    // calibration, whose cleaning is tuned to noise that is not there (it under-counts sparse values).
    ReleaseBudget exactCalibration = ReleaseBudget.of(EXACT_EPSILON, DELTA);
    List<Fingerprint> reference = new FingerprintRelease(NoiseSource.none()).release(raw, exactCalibration, ID).fingerprints();
    List<Recommendation> expected = reference.stream().map(f -> combiner.recommend(f, CREATED)).toList();
    List<Recommendation> noiseless = new FingerprintRelease(NoiseSource.none()).release(raw, calibration, ID).fingerprints()
        .stream().map(f -> combiner.recommend(f, CREATED)).toList();
    for (int r = 0; r < repetitions; r++) {
      ReleasedProfile noisy = new FingerprintRelease(new SeededNoise(1_000_003L * rows + 7919L * r + prefix.hashCode()))
          .release(raw, calibration, ID);
      tally.runs++;
      tally.lowRuns += noisy.lowUtility() ? 1 : 0;
      tally.shareError = noisy.expectedShareError();
      for (int c = 0; c < reference.size(); c++) {
        Recommendation want = expected.get(c);
        Recommendation got = combiner.recommend(noisy.fingerprints().get(c), CREATED);
        boolean same = got.action() == want.action() && got.imputation() == want.imputation();
        if (!same && EXPLAIN) {
          explain(prefix + reference.get(c).columnName(), reference.get(c), want, noisy.fingerprints().get(c), got);
        }
        tally.agreeNoiseless += got.action() == noiseless.get(c).action() && got.imputation() == noiseless.get(c).imputation() ? 1 : 0;
        String name = reference.get(c).columnName();
        String group = kind != null ? kind.of(name) : reference.get(c).sparkType() + "->" + want.action().wireName();
        tally.add(group, prefix + name + "(" + want.action().wireName() + ")", same, noisy.lowUtility(),
            same ? null : got.action().wireName() + (got.imputation() == want.imputation() ? "" : "/" + got.imputation()));
      }
    }
  }

  /** Prints what the rules read from the exact and from the noisy fingerprint of a disagreeing column. */
  private static void explain(String column, Fingerprint exact, Recommendation want, Fingerprint noisy, Recommendation got) {
    ExpertRules rules = ExpertRules.shipped();
    print("  diff %s", column);
    print("    exact %-18s %s", rules.decide(exact).ruleId() + ":" + want.action().wireName() + "/" + want.imputation(), stats(exact));
    print("    noisy %-18s %s", rules.decide(noisy).ruleId() + ":" + got.action().wireName() + "/" + got.imputation(), stats(noisy));
    print("    confidences exact %s | noisy %s", ranked(rules, exact), ranked(rules, noisy));
  }

  /** The expert proposal's three leading actions with their confidences. */
  private static String ranked(ExpertRules rules, Fingerprint f) {
    return rules.propose(f).map(p -> p.ranked().stream().limit(3)
        .map(a -> String.format(Locale.ROOT, "%s %.3f", a.action().wireName(), a.confidence()))
        .reduce((x, y) -> x + ", " + y).orElse("")).orElse("-");
  }

  private static String stats(Fingerprint f) {
    return String.format(Locale.ROOT, "type=%s agree=%.3f null=%.4f d=%.1f ratio=%.4f top1=%.3f num=%s unit=%s parse=%s "
            + "int=%s skew=%s kurt=%s out=%s span=%s neg=%s mean=%s",
        f.typeClass(), f.typeAgreement(), f.nullFraction(), f.distinctEstimate(), f.distinctRatio(), f.top1Share(),
        g(f.numericShare()), g(f.numberWithUnitShare()), g(f.numberParseShare()), g(f.integerShare()), g(f.skewness()),
        g(f.kurtosis()), g(f.outlierMass()), g(f.magnitudeSpan()), g(f.negativeShare()), g(f.mean()));
  }

  private static String g(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
  }

  /** Agreement counts of one size. */
  private static final class Tally {
    long runs;
    long lowRuns;
    double shareError;
    long agree;
    long agreeNoiseless;
    long total;
    long agreeLow;
    long totalLow;
    final Map<String, long[]> byKind = new TreeMap<>();
    final Map<String, long[]> byColumn = new TreeMap<>();
    final Map<String, Map<String, Integer>> flips = new TreeMap<>();

    void add(String kind, String column, boolean same, boolean low, String flippedTo) {
      total++;
      agree += same ? 1 : 0;
      if (low) {
        totalLow++;
        agreeLow += same ? 1 : 0;
      }
      long[] k = byKind.computeIfAbsent(kind, x -> new long[2]);
      k[0] += same ? 1 : 0;
      k[1]++;
      long[] c = byColumn.computeIfAbsent(column, x -> new long[2]);
      c[0] += same ? 1 : 0;
      c[1]++;
      if (flippedTo != null) {
        flips.computeIfAbsent(column, x -> new TreeMap<>()).merge(flippedTo, 1, Integer::sum);
      }
    }

    double agreement() {
      return total == 0 ? Double.NaN : 100.0 * agree / total;
    }

    void print(long rows) {
      List<String> kinds = new ArrayList<>();
      byKind.forEach((k, v) -> {
        if (v[0] < v[1]) {
          kinds.add(String.format(Locale.ROOT, "%s=%.0f%%", k, 100.0 * v[0] / v[1]));
        }
      });
      List<String> worst = byColumn.entrySet().stream()
          .filter(e -> e.getValue()[0] < e.getValue()[1])
          .sorted(Comparator.comparingDouble(e -> e.getValue()[0] / (double) e.getValue()[1]))
          .limit(5)
          .map(e -> String.format(Locale.ROOT, "%s %.0f%% -> %s", e.getKey(), 100.0 * e.getValue()[0] / e.getValue()[1], flips.get(e.getKey())))
          .toList();
      String low = lowRuns == 0 ? "no" : lowRuns == runs ? "yes" : lowRuns + "/" + runs;
      String agreeLowText = totalLow == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * agreeLow / totalLow);
      ProfileUtilityBench.print("%10d %9.2f%% %9.2f%% %12.5f %10s %12s  %s", rows, agreement(), 100.0 * agreeNoiseless / total,
          shareError, low, agreeLowText,
          kinds.isEmpty() ? "all 100%" : String.join(" ", kinds));
      for (String w : worst) {
        ProfileUtilityBench.print("%10s   worst: %s", "", w);
      }
    }
  }

  /** A real file of the corpus, read once and cached. */
  private record CorpusFile(String name, Dataset<Row> rows, long count) {}

  private static List<CorpusFile> corpusFiles(SparkSession spark, Path root, int minRows) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(Files::isRegularFile)
          .filter(p -> {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".csv") || n.endsWith(".tsv");
          })
          .filter(p -> FILES.isEmpty() || FILES.stream().anyMatch(f -> p.toString().contains(f)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DatasetReader reader = new DatasetReader(spark);
    List<CorpusFile> out = new ArrayList<>();
    for (Path p : paths) {
      try {
        Dataset<Row> rows = reader.read(ReadOptions.of(p.toString())).rows().cache();
        long n = rows.count();
        if (n >= minRows) {
          out.add(new CorpusFile(root.relativize(p).toString(), rows, n));
        } else {
          rows.unpersist();
        }
      } catch (AuroraException e) {
        System.err.println("skipped " + root.relativize(p) + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
