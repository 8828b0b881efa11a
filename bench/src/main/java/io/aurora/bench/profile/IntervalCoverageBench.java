package io.aurora.bench.profile;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import io.aurora.profile.ReleasedProfile;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the value the estimator gives without noise lies inside the 90 % interval a release at
 * ε states (SPEC §4 utility: every number a person reads carries its uncertainty), per field, pooled
 * over the columns of the given files and noise seeds. Arguments: ε, seeds, files (CSV, .gz, Parquet).
 * {@code scripts/bench.sh IntervalCoverageBench 1.0 10 examples/ks_1033_data.csv testdata/labelled/files/…}
 */
public final class IntervalCoverageBench {
  private static final FingerprintRelease.RunIdentity ID =
      new FingerprintRelease.RunIdentity("t", "coverage", "run", null, new Timestamp(0));

  private IntervalCoverageBench() {}

  public static void main(String[] args) {
    double epsilon = Double.parseDouble(args[0]);
    int seeds = Integer.parseInt(args[1]);
    List<Path> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    SparkSession spark = BenchSpark.session("aurora-bench-coverage");
    Map<String, int[]> byField = new TreeMap<>();
    int inside = 0;
    int total = 0;
    for (Path file : files) {
      RawProfile raw = new Profiler().scan(new DatasetReader(spark).read(ReadOptions.of(file.toString())).rows());
      // ε = 1e9: noise far below every estimator's own resolution, the value the estimator aims at
      Map<String, Fingerprint> truth = byName(new FingerprintRelease(new SeededNoise(0)).release(raw, ReleaseBudget.of(1e9, 1e-9), ID));
      for (int seed = 1; seed <= seeds; seed++) {
        Map<String, Fingerprint> noisy = byName(new FingerprintRelease(new SeededNoise(seed)).release(raw, ReleaseBudget.of(epsilon, 1e-9), ID));
        for (Fingerprint f : noisy.values()) {
          Fingerprint t = truth.get(f.columnName());
          for (Map.Entry<String, List<Double>> e : f.intervals().entrySet()) {
            Double exact = t == null ? null : t.intervalValue(e.getKey());
            if (e.getKey().equals(FingerprintRelease.DISTINCT_FLOOR) || exact == null || exact.isNaN()) {
              continue;
            }
            boolean in = exact >= e.getValue().get(0) - 1e-9 && exact <= e.getValue().get(1) + 1e-9;
            int[] c = byField.computeIfAbsent(e.getKey(), k -> new int[2]);
            c[0] += in ? 1 : 0;
            c[1]++;
            inside += in ? 1 : 0;
            total++;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "coverage of the stated 90 %% intervals at epsilon %.3g, %d seeds, %d files: %d/%d = %.3f%n",
        epsilon, seeds, files.size(), inside, total, total == 0 ? Double.NaN : (double) inside / total);
    byField.forEach((k, c) -> System.out.printf(Locale.ROOT, "  %-24s %5d/%-5d %.3f%n", k, c[0], c[1], (double) c[0] / c[1]));
    spark.stop();
  }

  private static Map<String, Fingerprint> byName(ReleasedProfile released) {
    Map<String, Fingerprint> out = new LinkedHashMap<>();
    for (Fingerprint f : released.fingerprints()) {
      out.put(f.columnName(), f);
    }
    return out;
  }
}
