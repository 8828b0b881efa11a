package io.aurora.bench.profile;

import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.IntervalCoverage;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import io.aurora.profile.ReleasedProfile;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often the value the estimator gives without noise lies inside the 90 % interval a release at
 * ε states (SPEC §4 utility: every number a person reads carries its uncertainty), per field, pooled
 * over the columns of the given files and noise seeds. Arguments: ε, seeds, files (CSV, .gz, Parquet).
 * {@code scripts/bench.sh IntervalCoverageBench 1.0 10 examples/ks_1033_data.csv testdata/labelled/files/…};
 * {@code -Daurora.bench.missesOf=top1_share} (a field or quantile key) also lists every miss.
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
    String missesOf = System.getProperty("aurora.bench.missesOf", "");
    SparkSession spark = BenchSpark.session("aurora-bench-coverage");
    IntervalCoverage coverage = new IntervalCoverage();
    for (Path file : files) {
      RawProfile raw = new Profiler().scan(new DatasetReader(spark).read(ReadOptions.of(file.toString())).rows());
      // ε = 1e9: noise far below every estimator's own resolution, the value the estimator aims at
      ReleasedProfile truth = new FingerprintRelease(new SeededNoise(0)).release(raw, ReleaseBudget.of(1e9, 1e-9), ID);
      for (int seed = 1; seed <= seeds; seed++) {
        ReleasedProfile noisy = new FingerprintRelease(new SeededNoise(seed)).release(raw, ReleaseBudget.of(epsilon, 1e-9), ID);
        coverage.add(truth, noisy);
        if (!missesOf.isBlank()) {
          printMisses(file, seed, truth, noisy, missesOf);
        }
      }
    }
    System.out.printf(Locale.ROOT, "coverage of the stated 90 %% intervals at epsilon %.3g, %d seeds, %d files: %d/%d = %.3f%n",
        epsilon, seeds, files.size(), coverage.inside(), coverage.total(), coverage.share());
    coverage.byKey().forEach((k, c) -> System.out.printf(Locale.ROOT, "  %-24s %5d/%-5d %.3f%n", k, c[0], c[1], (double) c[0] / c[1]));
    spark.stop();
  }

  /** {@code -Daurora.bench.missesOf=key}: every release whose interval of that key misses the noiseless value. */
  private static void printMisses(Path file, int seed, ReleasedProfile truth, ReleasedProfile noisy, String key) {
    for (int c = 0; c < noisy.fingerprints().size(); c++) {
      var f = noisy.fingerprints().get(c);
      List<Double> interval = f.intervals().get(key);
      Double exact = truth.fingerprints().get(c).intervalValue(key);
      if (interval != null && exact != null && !exact.isNaN() && (exact < interval.get(0) - 1e-9 || exact > interval.get(1) + 1e-9)) {
        System.out.printf(Locale.ROOT, "  miss %s seed %d %s: noiseless %.4g, released %.4g, interval [%.4g, %.4g]%n",
            file.getFileName(), seed, f.columnName(), exact, f.intervalValue(key), interval.get(0), interval.get(1));
      }
    }
  }
}
