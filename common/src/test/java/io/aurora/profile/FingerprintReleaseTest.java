package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.privacy.NoiseSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class FingerprintReleaseTest {
  private static final FingerprintRelease.RunIdentity ID =
      new FingerprintRelease.RunIdentity("t1", "d1", "run-1", null, new Timestamp(0));

  private static Fingerprint release(DataType type, int n, IntFunction<Object> value, NoiseSource noise, double epsilon) {
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(value.apply(i));
    }
    RawProfile raw = ColumnStates.profile("c", type, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), epsilon, 1e-9);
    return new FingerprintRelease(noise).release(raw, calibration, ID).fingerprints().get(0);
  }

  private static Fingerprint exact(DataType type, int n, IntFunction<Object> value) {
    return release(type, n, value, NoiseSource.none(), 1.0);
  }

  @Test
  void logNormalColumnIsPositiveSkewedAndSpansDecades() {
    SplittableRandom r = new SplittableRandom(1);
    Fingerprint f = exact(DataTypes.DoubleType, 20_000, i -> Math.exp(2.5 * nextGaussian(r)));
    assertThat(f.typeClass()).isEqualTo(TypeClass.NUMERIC);
    assertThat(f.negativeShare()).isZero();
    assertThat(f.skewness()).isGreaterThan(3);
    assertThat(f.magnitudeSpan()).isGreaterThan(3);
    assertThat(f.quantiles().get(3)).isCloseTo(1.0, within(0.25));
    assertThat(f.integerShare()).isZero();
    assertThat(f.distinctRatio()).isGreaterThan(0.9);
    assertThat(f.singletonShare()).isGreaterThan(0.9);
  }

  @Test
  void symmetricNormalColumn() {
    SplittableRandom r = new SplittableRandom(2);
    Fingerprint f = exact(DataTypes.DoubleType, 20_000, i -> 100 + 10 * nextGaussian(r));
    assertThat(f.skewness()).isCloseTo(0, within(0.3));
    assertThat(f.kurtosis()).isCloseTo(0, within(0.6));
    assertThat(f.mean()).isCloseTo(100, within(3.0));
    assertThat(f.stddev()).isCloseTo(10, within(2.0));
    assertThat(f.outlierMass()).isLessThan(0.01);
  }

  @Test
  void nonFiniteAndNullsAreCounted() {
    Fingerprint f = exact(DataTypes.DoubleType, 100_000, i -> i % 10 == 0 ? null : i % 10 == 1 ? Double.NaN : i % 10 == 2 ? Double.POSITIVE_INFINITY : (double) i);
    assertThat(f.nullFraction()).isCloseTo(0.1, within(1e-9));
    assertThat(f.nonFiniteShare()).isCloseTo(2.0 / 9, within(0.002));
    assertThat(f.integerShare()).isEqualTo(1.0);
  }

  @Test
  void categoricalStringsHaveFewLevelsAndHighTopShare() {
    String[] levels = {"red", "green", "blue"};
    Fingerprint f = exact(DataTypes.StringType, 3000, i -> levels[i % 7 == 0 ? 2 : i % 2]);
    assertThat(f.typeClass()).isEqualTo(TypeClass.STRING);
    assertThat(f.distinctEstimate()).isCloseTo(3, within(0.1));
    assertThat(f.top10Share()).isEqualTo(1.0);
    assertThat(f.top1Share()).isGreaterThan(0.4);
    assertThat(f.singletonShare()).isZero();
    assertThat(f.entropyNormalized()).isBetween(0.8, 1.0);
    assertThat(f.alphaCharShare()).isEqualTo(1.0);
  }

  @Test
  void identifierColumnLooksUnique() {
    Fingerprint f = exact(DataTypes.StringType, 50_000, i -> "id-" + Integer.toHexString(i * 7919));
    assertThat(f.distinctEstimate()).isCloseTo(50_000, within(5_000.0));
    assertThat(f.distinctRatio()).isGreaterThan(0.9);
    assertThat(f.singletonShare()).isGreaterThan(0.95);
    assertThat(f.top1Share()).isLessThan(0.02);
  }

  @Test
  void stringsThatParseGetTheirTypeClassAndShares() {
    assertThat(exact(DataTypes.StringType, 5000, i -> "2024-01-" + (1 + i % 28)).typeClass()).isEqualTo(TypeClass.DATETIME);
    assertThat(exact(DataTypes.StringType, 5000, i -> i % 2 == 0 ? "yes" : "no").typeClass()).isEqualTo(TypeClass.BOOLEAN);
    Fingerprint numbers = exact(DataTypes.StringType, 5000, i -> Integer.toString(i * 3));
    assertThat(numbers.typeClass()).isEqualTo(TypeClass.NUMERIC);
    assertThat(numbers.numberParseShare()).isEqualTo(1.0);
    assertThat(numbers.quantiles()).isNotNull();
    Fingerprint money = exact(DataTypes.StringType, 5000, i -> "$" + (1000 + i / 10) / 1000 + "," + String.format("%03d", (1000 + i / 10) % 1000));
    assertThat(money.typeClass()).isEqualTo(TypeClass.STRING);
    assertThat(money.numberWithUnitShare()).isEqualTo(1.0);
    assertThat(money.numericShare()).isEqualTo(1.0);
    assertThat(money.quantiles().get(3)).isBetween(1000.0, 1600.0);
    Fingerprint zips = exact(DataTypes.StringType, 5000, i -> String.format("%05d", i % 300 * 17));
    assertThat(zips.leadingZeroShare()).isGreaterThan(0.5);
    assertThat(zips.typeClass()).isEqualTo(TypeClass.STRING);
    Fingerprint lists = exact(DataTypes.StringType, 5000, i -> "a;b;" + i);
    assertThat(lists.listShare()).isEqualTo(1.0);
    Fingerprint missing = exact(DataTypes.StringType, 5000, i -> i % 2 == 0 ? "N/A" : "x" + i);
    assertThat(missing.nullFraction()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void everyColumnTypeIsReleasedWithoutCrashing() {
    assertThat(exact(DataTypes.BooleanType, 4000, i -> i % 4 == 0).typeClass()).isEqualTo(TypeClass.BOOLEAN);
    assertThat(exact(DataTypes.BooleanType, 4000, i -> i % 4 == 0).top1Share()).isCloseTo(0.75, within(1e-9));
    assertThat(exact(DataTypes.DateType, 4000, i -> 19000 + i % 10).typeClass()).isEqualTo(TypeClass.DATETIME);
    // without noise but at ε = 1's cleaning thresholds the hash buckets decide: linear counting of 10
    // values in 256 buckets has a collision error of std 0.45 (one shared bucket reads 9.2)
    assertThat(exact(DataTypes.DateType, 4000, i -> 19000 + i % 10).distinctEstimate()).isCloseTo(10, within(1.5));
    assertThat(exact(DataTypes.TimestampType, 4000, i -> 1_700_000_000_000_000L + i).distinctRatio()).isGreaterThan(0.9);
    assertThat(exact(DataTypes.BinaryType, 4000, i -> new byte[i % 5]).meanLength()).isCloseTo(2.0, within(1e-9));
    assertThat(exact(DataTypes.BinaryType, 4000, i -> new byte[i % 5]).typeClass()).isEqualTo(TypeClass.OTHER);
    assertThat(exact(DataTypes.IntegerType, 4000, i -> i).typeClass()).isEqualTo(TypeClass.NUMERIC);
    assertThat(exact(DataTypes.createDecimalType(10, 2), 4000, i -> org.apache.spark.sql.types.Decimal.apply(i / 100.0)).integerShare())
        .isCloseTo(0.01, within(0.005));
    assertThat(exact(DataTypes.StringType, 4000, i -> null).typeClass()).isEqualTo(TypeClass.EMPTY);
  }

  @Test
  void noiseIsAddedAndSmallDataIsFlaggedLowUtility() {
    SplittableRandom r = new SplittableRandom(3);
    Fingerprint small = release(DataTypes.DoubleType, 300, i -> r.nextDouble(), new SeededNoise(5), 1.0);
    assertThat(small.lowUtility()).isTrue();
    assertThat(small.noiseScales()).containsKeys("kinds", "magnitudes", "buckets", "frequencies");
    Fingerprint large = release(DataTypes.DoubleType, 200_000, i -> r.nextDouble(), new SeededNoise(5), 1.0);
    assertThat(large.lowUtility()).isFalse();
    assertThat(large.rowCount()).isNotEqualTo(200_000.0).isCloseTo(200_000, within(200.0));
  }

  @Test
  void runSummarySaysPlainlyWhenTheDataIsTooSmallForTheBudget() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      values.add((double) i);
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.DoubleType, values);
    ReleasedProfile small = new FingerprintRelease(new SeededNoise(9)).release(raw, NoiseCalibration.of(raw.columns(), 0.5, 1e-9), ID);
    assertThat(small.lowUtility()).isTrue();
    assertThat(small.expectedShareError()).isGreaterThan(0.01);
    assertThat(small.warnings()).singleElement().asString().startsWith("low utility").contains("--epsilon");
  }

  /**
   * The run-level flag sits where ProfileUtilityBench saw agreement with the exact statistics drop
   * below about 90 %: noise std 0.4 % of the rows is flagged (the old 1 % rule let it pass), 0.08 % is not.
   */
  @Test
  void lowUtilityThresholdFollowsTheMeasuredAgreement() {
    SplittableRandom r = new SplittableRandom(23);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      values.add(r.nextDouble());
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.DoubleType, values);
    NoiseCalibration noisy = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    ReleasedProfile flagged = new FingerprintRelease(new SeededNoise(3)).release(raw, noisy, ID);
    assertThat(flagged.expectedShareError()).isBetween(0.003, 0.006);
    assertThat(flagged.lowUtility()).isTrue();
    assertThat(flagged.fingerprints().get(0).lowUtility()).isTrue();
    NoiseCalibration quiet = NoiseCalibration.of(raw.columns(), 1.0, 1e-9);
    ReleasedProfile fine = new FingerprintRelease(new SeededNoise(3)).release(raw, quiet, ID);
    assertThat(fine.expectedShareError()).isLessThan(0.0012);
    assertThat(fine.lowUtility()).isFalse();
    assertThat(fine.warnings()).isEmpty();
  }

  /**
   * A column without missing values must say so under noise (any null fraction ≥ 0.1 % asks for an
   * imputation). Before, 1 − present / estimated rows carried the noise of every kinds bin and was
   * positive in about half of the releases.
   */
  @Test
  void columnWithoutMissingValuesHasNullFractionZeroUnderNoise() {
    SplittableRandom r = new SplittableRandom(21);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(r.nextDouble() * 100);
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.DoubleType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    int withMissing = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      withMissing += f.nullFraction() > 0 ? 1 : 0;
    }
    // the missing kinds are cleaned at a 1 %-false-alarm threshold: at most a stray release or two
    assertThat(withMissing).isLessThanOrEqualTo(2);
  }

  /**
   * A two-valued column stays binary under noise (distinct < 2.5, the expert rules' "binary" test).
   * Before, the false alarms of the weak hash-bucket band (±4 buckets) made it 3-6 values in about a
   * third of the releases at this noise (bucket std ≈ 55 rows, as for 20 columns at ε = 1).
   */
  @Test
  void twoValuedColumnStaysBinaryUnderNoise() {
    SplittableRandom r = new SplittableRandom(22);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(r.nextDouble() < 0.3 ? 1 : 0);
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.IntegerType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    assertThat(calibration.countStd(Statistic.BUCKETS)).isBetween(40.0, 80.0);
    int notBinary = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      notBinary += f.distinctEstimate() >= 2.5 ? 1 : 0;
      assertThat(f.noiseScales()).containsEntry("buckets", calibration.countStd(Statistic.BUCKETS))
          .containsEntry("kinds", calibration.countStd(Statistic.KINDS));
    }
    assertThat(notBinary).isLessThanOrEqualTo(2);
  }

  /**
   * A count bin of the frequency-of-frequencies histogram that noise lifts over its cleaning
   * threshold claims hundreds of rare values; for a two-valued column the hash buckets show no rows
   * for them beside the two strong buckets, so they are not counted. Before, such a release read a
   * two-valued flag as hundreds of values.
   */
  @Test
  void aFalseFrequencyBinDoesNotInventRareValues() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(i % 16 == 0 ? 1 : 0);
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.IntegerType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    double std = calibration.countStd(Statistic.FREQUENCIES);
    long spike = Math.round(6 * std);
    // draws: the kinds of the family, the magnitude bins, the hash buckets, then the frequency bins
    int singletonsBin = ColumnFamily.NUMERIC.kinds().size() + MagnitudeBins.COUNT + ColumnState.BUCKETS;
    // bins of 4, 16-19 and 1,024-1,217 rows per value: 2,000-500,000 rows that are not there (a bin of
    // single rows claims ≈ 500 rows, within 3 std of the rows beside the strong buckets in a one-column run)
    for (int bin : new int[] {3, 12, 36}) {
      NoiseSource spiked = new NoiseSource() {
        private int call;

        @Override
        public long discreteLaplace(double scale) {
          return call++ == singletonsBin + bin ? spike : 0;
        }

        @Override
        public long discreteGaussian(double sigmaSquared) {
          return call++ == singletonsBin + bin ? spike : 0;
        }
      };
      Fingerprint f = new FingerprintRelease(spiked).release(raw, calibration, ID).fingerprints().get(0);
      assertThat(f.distinctEstimate()).as("spike in frequency bin %d of %d values", bin, spike).isLessThan(2.5);
    }
    // a column that really has rare values beside two large ones keeps them
    List<Object> rare = new ArrayList<>(values);
    for (int i = 0; i < 400; i++) {
      rare.set(i * 7 + 3, 1000 + i);
    }
    RawProfile rawRare = ColumnStates.profile("c", DataTypes.IntegerType, rare);
    assertThat(new FingerprintRelease(NoiseSource.none()).release(rawRare, calibration, ID).fingerprints().get(0)
        .distinctEstimate()).isGreaterThan(300);
  }

  /**
   * A thin tail made of one repeated extreme value (0.4 % of the rows, ≈ 7 noise std, all in one
   * magnitude sub-bin) survives the noise. Before, octaves were kept only when their sum over eight
   * bins cleared ≈ 12.4 std, so the tail vanished and the column read symmetric (skewness ≈ 0).
   */
  @Test
  void thinTailOfOneExtremeValueSurvivesNoise() {
    SplittableRandom r = new SplittableRandom(23);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(i < 400 ? 1_000_000.0 : 100 + 10 * nextGaussian(r));
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.DoubleType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    double std = calibration.countStd(Statistic.MAGNITUDES);
    assertThat(400 / std).isBetween(5.5, 10.0);
    int skewed = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      skewed += f.skewness() > 3 ? 1 : 0;
    }
    assertThat(skewed).isGreaterThanOrEqualTo(38);
  }

  /**
   * A mostly empty column whose 80 values have about one bucket noise std of rows each (census place
   * codes bootstrapped to 100k rows) keeps a distinct count above the one-hot limit of 30. Before, only
   * the few buckets noise lifted into the weak band were counted (8-27 values), and a column with 19
   * such values came out as one constant value.
   */
  @Test
  void sparseLevelsOfAboutOneNoiseStdAreStillCounted() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      values.add(i % 10 == 0 ? "p" + (i / 10) % 80 : null);
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.StringType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.1, 1e-9);
    double std = calibration.countStd(Statistic.BUCKETS);
    assertThat(125 / std).isBetween(0.8, 1.5);
    int aboveOneHot = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      aboveOneHot += f.distinctEstimate() > 30 ? 1 : 0;
      assertThat(f.distinctEstimate()).isBetween(2.0, 200.0);
    }
    assertThat(aboveOneHot).isGreaterThanOrEqualTo(36);
  }

  /**
   * The present values of a column are counted from the run's rows less its missing values, so a
   * small real kind that noise cleaning drops (2.5 % of free text in a yes/no column) still counts in
   * the shares' denominator. Before, the type agreement and the top share read ≈ 100 % whenever that
   * kind was cleaned (the census flag NECTAPCI, 97.4 % "Y", came out as a constant column).
   */
  @Test
  void presentValuesIncludeKindsCleanedAwayByNoise() {
    int columns = 20;
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Object[] row = new Object[columns];
      row[0] = i % 5 != 0 ? null : i % 200 == 0 ? "not stated " + (i % 3) : "yes";
      for (int c = 1; c < columns; c++) {
        row[c] = "v" + (i + c) % 7;
      }
      rows.add(row);
    }
    RawProfile raw = ColumnStates.profile(columns, DataTypes.StringType, rows);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.25, 1e-9);
    double std = calibration.countStd(Statistic.KINDS);
    assertThat(500 / std).isBetween(1.0, 2.0);
    Fingerprint exact = new FingerprintRelease(NoiseSource.none()).release(raw, calibration, ID).fingerprints().get(0);
    assertThat(exact.typeClass()).isEqualTo(TypeClass.BOOLEAN);
    double agreement = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      agreement += f.typeAgreement() / 40;
    }
    assertThat(agreement).isCloseTo(0.975, within(0.006));
  }

  /**
   * Real values in the weak band of the hash buckets are counted without the false-alarm guard once
   * the band clearly holds them: 20 large values and 12 of ≈ 3.3 noise std of rows each (32 values,
   * above the one-hot limit of 30). Before, the guard subtracted one std of the false-alarm count
   * (≈ 4 values) from every weak estimate: the mean count was 27.3 (now 30.1).
   */
  @Test
  void clearlyOccupiedWeakBandIsCountedWithoutTheFalseAlarmGuard() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 80_000; i++) {
      values.add(i % 20);
    }
    for (int v = 0; v < 12; v++) {
      for (int i = 0; i < 200; i++) {
        values.add(1_000 + v);
      }
    }
    RawProfile raw = ColumnStates.profile("c", DataTypes.IntegerType, values);
    NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), 0.2, 1e-9);
    assertThat(200 / calibration.countStd(Statistic.BUCKETS)).isBetween(3.0, 4.0);
    double mean = 0;
    for (Fingerprint f : releases(raw, calibration, 40)) {
      mean += f.distinctEstimate() / 40;
    }
    assertThat(mean).isBetween(29.0, 36.0);
  }

  private static double nextGaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The first column's fingerprint in {@code n} releases of {@code raw}, with noise seeds 1..n. */
  private static List<Fingerprint> releases(RawProfile raw, NoiseCalibration calibration, int n) {
    List<Fingerprint> out = new ArrayList<>();
    for (long seed = 1; seed <= n; seed++) {
      out.add(new FingerprintRelease(new SeededNoise(seed)).release(raw, calibration, ID).fingerprints().get(0));
    }
    return out;
  }
}
