package io.aurora.bench.recommend;

import io.aurora.bench.profile.BenchSpark;
import io.aurora.bench.profile.SeededNoise;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.privacy.NoiseSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendationCombiner;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How often the recommendation on a noisy release equals the one on the noiseless release of the
 * same rows (the cost of privacy alone), per column and overall, over seeded noise: on a real file
 * and on real random samples of it (rows drawn without replacement, seeded). Also the share of
 * confident recommendations and how many of those equal the noiseless one; each disagreeing column
 * says in how many seeds it was confident and different.
 * {@code -Daurora.bench.explain=true} prints both explanations at each column's first disagreement and
 * at its first confident one.
 *
 * <p>Arguments: {@code input (examples/flights.csv.gz) sizes (all,100000,30000,3000) seeds (20) epsilon (1.0)}.
 */
public final class AgreementBench {
  private static final Timestamp CREATED = new Timestamp(0);

  private AgreementBench() {}

  public static void main(String[] args) {
    String input = args.length > 0 ? args[0] : "examples/flights.csv.gz";
    String sizes = args.length > 1 ? args[1] : "all,100000,30000,3000";
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    double epsilon = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    SparkSession spark = BenchSpark.session("agreement");
    RecommendationCombiner combiner = new RecommendationCombiner(List.of(ExpertRules.shipped()), 0.6, null);
    Dataset<Row> all = new DatasetReader(spark).read(ReadOptions.of(input)).rows().cache();
    long total = all.count();
    System.out.printf(Locale.ROOT, "agreement with the noiseless recommendation: %s (%d rows, %d columns), epsilon %.3g, %d seeds%n",
        input, total, all.columns().length, epsilon, seeds);
    System.out.printf(Locale.ROOT, "%-10s %10s %10s %10s %14s%n", "rows", "agreement", "confident", "conf. agree", "low utility");
    for (String size : sizes.split(",")) {
      Dataset<Row> rows = sample(all, total, size);
      RawProfile raw = new Profiler().scan(rows);
      Map<String, Action> noiseless = new LinkedHashMap<>();
      Map<String, String> noiselessWhy = new LinkedHashMap<>();
      for (Fingerprint f : release(raw, ReleaseBudget.of(1e9, 1e-9), NoiseSource.none(), "noiseless")) {
        Recommendation r = combiner.recommend(f, CREATED);
        noiseless.put(f.columnName(), r.action());
        noiselessWhy.put(f.columnName(), r.explanation());
      }
      Map<String, int[]> perColumn = new LinkedHashMap<>();
      int agree = 0;
      int confident = 0;
      int confidentAgree = 0;
      int n = 0;
      int low = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        for (Fingerprint f : release(raw, ReleaseBudget.of(epsilon, 1e-9), new SeededNoise(seed * 7919L), "r" + seed)) {
          Recommendation r = combiner.recommend(f, CREATED);
          boolean same = r.action() == noiseless.get(f.columnName());
          int[] seen = perColumn.get(f.columnName());
          boolean sure = Recommendation.CONFIDENT.equals(r.status());
          // this column's first disagreement, and its first confident one
          boolean firstMiss = seen == null || seen[0] == seen[1] || (sure && seen[2] == 0);
          if (!same && firstMiss && Boolean.getBoolean("aurora.bench.explain")) {
            System.out.println("  " + f.columnName() + ": noisy " + r.action().wireName() + " " + r.status() + " — " + r.explanation());
            System.out.println("  " + f.columnName() + ": noiseless — " + noiselessWhy.get(f.columnName()));
          }
          int[] c = perColumn.computeIfAbsent(f.columnName(), k -> new int[3]);
          c[0] += same ? 1 : 0;
          c[1]++;
          c[2] += !same && sure ? 1 : 0;
          n++;
          agree += same ? 1 : 0;
          low += f.lowUtility() ? 1 : 0;
          if (sure) {
            confident++;
            confidentAgree += same ? 1 : 0;
          }
        }
      }
      System.out.printf(Locale.ROOT, "%-10s %9.1f%% %9.1f%% %9.1f%% %13.1f%%%n", size.equals("all") ? Long.toString(total) : size,
          100.0 * agree / n, 100.0 * confident / n, confident == 0 ? Double.NaN : 100.0 * confidentAgree / confident, 100.0 * low / n);
      List<String> weak = new ArrayList<>();
      perColumn.forEach((name, c) -> {
        if (c[0] < c[1]) {
          weak.add(String.format(Locale.ROOT, "%s %d/%d (noiseless %s%s)", name, c[0], c[1], noiseless.get(name).wireName(),
              c[2] > 0 ? ", " + c[2] + " confident and different" : ""));
        }
      });
      if (!weak.isEmpty()) {
        System.out.println("    disagreeing columns: " + String.join("; ", weak));
      }
      if (!size.equals("all")) {
        rows.unpersist();
      }
    }
    spark.stop();
  }

  /** All rows, or a seeded random sample of {@code size} rows drawn without replacement (cached). */
  static Dataset<Row> sample(Dataset<Row> all, long total, String size) {
    return size.equals("all") ? all
        : all.sample(false, Math.min(1.0, 1.15 * Long.parseLong(size) / total), 42L).limit((int) Long.parseLong(size)).cache();
  }

  /** A release as run {@code runId}: each run its own id, as in production (the id seeds the bootstrap's replicates). */
  private static List<Fingerprint> release(RawProfile raw, ReleaseBudget budget, NoiseSource noise, String runId) {
    return new FingerprintRelease(noise).release(raw, budget, new FingerprintRelease.RunIdentity("bench", "agreement", runId, null, CREATED))
        .fingerprints();
  }
}
