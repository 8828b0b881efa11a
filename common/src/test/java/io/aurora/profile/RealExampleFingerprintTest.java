package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.NoiseSource;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.assertj.core.api.SoftAssertions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints of the bundled real example (Kansas 1033 program, 1,575 rows) against ground truth
 * computed independently with Python/pandas from the CSV (not by the code under test).
 */
class RealExampleFingerprintTest {
  private static final Logger LOG = LogManager.getLogger(RealExampleFingerprintTest.class);
  private static final Path FILE = Path.of("../examples/ks_1033_data.csv");
  private static final FingerprintRelease.RunIdentity ID =
      new FingerprintRelease.RunIdentity("t", "ks1033", "run", null, new Timestamp(0));
  private static RawProfile raw;

  @BeforeAll
  static void scan() {
    assertThat(Files.exists(FILE)).as("example file " + FILE.toAbsolutePath()).isTrue();
    ReadResult read = new DatasetReader(SharedSpark.session()).read(ReadOptions.of(FILE.toString()));
    raw = new Profiler().scan(read.rows());
  }

  private static Map<String, Fingerprint> release(NoiseSource noise, double epsilon) {
    Map<String, Fingerprint> out = new LinkedHashMap<>();
    for (Fingerprint f : new FingerprintRelease(noise).release(raw, ReleaseBudget.of(epsilon, 1e-9), ID).fingerprints()) {
      out.put(f.columnName(), f);
    }
    return out;
  }

  static String describe(Fingerprint f) {
    return String.format(Locale.ROOT, "%s %s type=%s null=%.3f distinct=%.1f top1=%.3f skew=%s kurt=%s span=%s low=%s",
        f.columnName(), f.sparkType(), f.typeClass(), f.nullFraction(), f.distinctEstimate(), f.top1Share(),
        f.skewness() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.skewness()),
        f.kurtosis() == null ? "-" : String.format(Locale.ROOT, "%.1f", f.kurtosis()),
        f.magnitudeSpan() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.magnitudeSpan()), f.lowUtility()) + " mean=" + f.mean() + " q=" + f.quantiles() + " outl=" + f.outlierMass() + " nonfin=" + f.nonFiniteShare();
  }

  /** Ground truth (pandas): distinct, top1 share, null fraction, skewness, excess kurtosis, span (NaN: not numeric). */
  private record Truth(String column, int distinct, double top1, double nullFraction, double skew, double kurtosis, double span) {}

  private static final Truth[] TRUTH = {
      new Truth("county", 73, 0.078, 0, Double.NaN, Double.NaN, Double.NaN),
      new Truth("fips", 73, 0.078, 0, 0.03, -1.4, 0.00),
      new Truth("nsn", 73, 0.375, 0, Double.NaN, Double.NaN, Double.NaN),
      new Truth("item_name", 54, 0.611, 0.0013, Double.NaN, Double.NaN, Double.NaN),
      new Truth("quantity", 16, 0.977, 0, 16.10, 282.7, 0.70),
      new Truth("ui", 5, 0.969, 0, Double.NaN, Double.NaN, Double.NaN),
      new Truth("acquisition_cost", 68, 0.375, 0, 19.44, 407.2, 2.78),
      new Truth("federal_supply_category", 22, 0.908, 0, 4.90, 24.1, 0.92),
  };

  /**
   * Without noise (a huge ε makes the empty-bin thresholds of post-processing negligible) the
   * estimators themselves must reproduce the ground truth: distinct within 10 %, shares within
   * 0.01, skewness within 10 %, kurtosis within 15 %, span within 0.1 decade (bins are 12.5 % wide).
   */
  @Test
  void noiselessFingerprintsMatchGroundTruth() {
    Map<String, Fingerprint> fps = release(NoiseSource.none(), 1e9);
    for (Truth t : TRUTH) {
      Fingerprint f = fps.get(t.column());
      LOG.info("noiseless " + describe(f));
      assertThat(f.distinctEstimate()).as(t.column() + " distinct").isCloseTo(t.distinct(), within(0.1 * t.distinct()));
      assertThat(f.top1Share()).as(t.column() + " top1").isCloseTo(t.top1(), within(0.01));
      assertThat(f.nullFraction()).as(t.column() + " null").isCloseTo(t.nullFraction(), within(0.005));
      if (!Double.isNaN(t.skew())) {
        assertThat(f.skewness()).as(t.column() + " skew").isCloseTo(t.skew(), within(Math.max(0.3, 0.1 * Math.abs(t.skew()))));
        assertThat(f.kurtosis()).as(t.column() + " kurtosis").isCloseTo(t.kurtosis(), within(Math.max(1.5, 0.15 * Math.abs(t.kurtosis()))));
        assertThat(f.magnitudeSpan()).as(t.column() + " span").isCloseTo(t.span(), within(0.1));
      }
    }
  }

  /**
   * The same shapes at 100k rows (a seeded bootstrap of the example, ×64) at ε = 1 with seeded noise:
   * the decision-relevant statistics land within stated tolerances of the bootstrap's exact values,
   * computed by Spark's own aggregates (not by the profiler).
   */
  @Test
  void atOneHundredThousandRowsEpsilonOneKeepsTheKeyStatistics() {
    Dataset<Row> real = new DatasetReader(SharedSpark.session()).read(ReadOptions.of(FILE.toString())).rows();
    Dataset<Row> big = real.sample(true, 64.0, 11L).cache();
    try {
      RawProfile bigRaw = new Profiler().scan(big);
      long n = big.count();
      ReleaseBudget calibration = ReleaseBudget.of(1.0, 1e-9);
      SoftAssertions soft = new SoftAssertions();
      for (long seed = 1; seed <= 3; seed++) {
        Map<String, Fingerprint> fps = new LinkedHashMap<>();
        for (Fingerprint f : new FingerprintRelease(new SeededNoise(seed)).release(bigRaw, calibration, ID).fingerprints()) {
          fps.put(f.columnName(), f);
        }
        for (Truth t : TRUTH) {
          Fingerprint f = fps.get(t.column());
          LOG.info("100k eps1 seed " + seed + " " + describe(f));
          Column c = functions.col(t.column());
          Row exact = big.agg(functions.countDistinct(c), functions.skewness(c.cast("double")), functions.kurtosis(c.cast("double"))).first();
          long top = big.groupBy(c).count().agg(functions.max("count")).first().getLong(0);
          double distinct = exact.getLong(0);
          soft.assertThat(f.lowUtility()).isFalse();
          soft.assertThat(f.rowCount()).isCloseTo(n, within(0.01 * n));
          soft.assertThat(f.nullFraction()).as(t.column() + " null").isCloseTo(t.nullFraction(), within(0.01));
          soft.assertThat(f.top1Share()).as(t.column() + " top1").isCloseTo(top / (double) n, within(0.01));
          // Values with about as many rows as the noise std (≈ 70) are seen only sometimes, and a
          // few-value column can gain noise buckets: county/fips (73 values, each ≥ 4 std) come out
          // within 20 %; the others only within the coarse band below (measured 0.3x..2.2x, see report)
          if (t.column().equals("county") || t.column().equals("fips")) {
            soft.assertThat(f.distinctEstimate()).as(t.column() + " distinct").isBetween(0.8 * distinct, 1.2 * distinct);
          } else {
            // values of a few file rows (64 bootstrapped rows each) hide in the noise: the count is the
            // capped count's, unbiased, and within three of its noise std of the truth
            soft.assertThat(f.distinctEstimate()).as(t.column() + " distinct")
                .isCloseTo(distinct, within(3 * f.std(Fingerprint.Field.DISTINCT_ESTIMATE) + 2));
          }
          soft.assertThat(f.distinctEstimate()).as(t.column() + " distinct ≥ 2 (top1 clearly < 1)").isGreaterThanOrEqualTo(2);
          soft.assertThat(f.distinctEstimate()).as(t.column() + " distinct ≥ 1/top1").isGreaterThanOrEqualTo(1 / f.top1Share() - 1e-9);
          // quantity's tail (2.3 % of rows over 15 values in 4 octaves, ≈ 500 rows per octave) is
          // below the octave threshold (≈ 870 rows at std 69): its skewness is not claimed here
          if (!Double.isNaN(t.skew()) && !t.column().equals("quantity")) {
            double skew = exact.getDouble(1);
            if (Math.abs(skew) < 1) {
              soft.assertThat(f.skewness()).as(t.column() + " skew").isCloseTo(skew, within(0.5));
            } else {
              // heavy tails: the rarest extreme rows are below the noise, so the size is a lower
              // estimate; sign and "heavily skewed" (≥ 1/3 of the true value, ≥ 2) must hold
              soft.assertThat(f.skewness()).as(t.column() + " skew").isBetween(Math.max(2, skew / 3), 1.5 * skew);
            }
            soft.assertThat(f.magnitudeSpan()).as(t.column() + " span").isCloseTo(t.span(), within(0.3));
          }
        }
      }
      soft.assertAll();
    } finally {
      big.unpersist();
    }
  }

  /**
   * At the default ε = 1 the 1,575-row example's 73-value columns get an unbiased distinct count:
   * within two of its noise std of the truth in at least 9 of 10 releases (county, fips and nsn).
   */
  @Test
  void atTheDefaultEpsilonTheExamplesDistinctCountsAreUnbiased() {
    for (String column : new String[] {"county", "fips", "nsn"}) {
      int within = 0;
      for (long seed = 1; seed <= 10; seed++) {
        Fingerprint f = release(new SeededNoise(seed), 1).get(column);
        within += Math.abs(f.distinctEstimate() - 73) <= 2 * f.std(Fingerprint.Field.DISTINCT_ESTIMATE) ? 1 : 0;
      }
      assertThat(within).as(column).isGreaterThanOrEqualTo(9);
    }
  }
}
