package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.privacy.NoiseSource;
import io.aurora.testing.HalvedNoise;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Empirical privacy audit of the fingerprint mechanisms on two neighbouring datasets (one row
 * added). The release step runs many times on precomputed raw states (no Spark); the output event is
 * the likelihood-ratio-optimal one for independent discrete Laplace noise: every count the extra row
 * changes lies on the side of the larger dataset. Clopper-Pearson bounds on the two event rates give
 * a lower bound on ε that holds with 99.9 % confidence; it must not exceed the claimed ε, and it must
 * exceed it for a deliberately broken release whose noise is halved (the audit can fail).
 */
class FingerprintReleaseAuditTest {
  private static final double CLAIMED_EPSILON = 1.0;
  private static final double ALPHA = 1e-3;

  @Test
  void temporalColumnReleaseStaysWithinClaimedEpsilon() {
    Audit audit = new Audit(DataTypes.DateType, dates(false), dates(true));
    assertThat(audit.epsilonLowerBound(new SeededNoise(11), 50_000)).isLessThanOrEqualTo(CLAIMED_EPSILON);
  }

  @Test
  void auditFlagsTemporalReleaseWithHalvedNoise() {
    Audit audit = new Audit(DataTypes.DateType, dates(false), dates(true));
    assertThat(audit.epsilonLowerBound(new HalvedNoise(new SeededNoise(12)), 50_000)).isGreaterThan(CLAIMED_EPSILON);
  }

  @Test
  void numericColumnReleaseStaysWithinClaimedEpsilonAndHalvedNoiseIsFlagged() {
    Audit audit = new Audit(DataTypes.DoubleType, doubles(false), doubles(true));
    assertThat(audit.epsilonLowerBound(new SeededNoise(13), 20_000)).isLessThanOrEqualTo(CLAIMED_EPSILON);
    assertThat(audit.epsilonLowerBound(new HalvedNoise(new SeededNoise(14)), 20_000)).isGreaterThan(CLAIMED_EPSILON);
  }

  /** 2,000 dates; the value 7 appears exactly once, and once more in the neighbour. */
  private static List<Object> dates(boolean neighbour) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(100 + i % 50);
    }
    values.add(7);
    if (neighbour) {
      values.add(7);
    }
    return values;
  }

  private static List<Object> doubles(boolean neighbour) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(1.5 * (i % 40));
    }
    values.add(-7.25);
    if (neighbour) {
      values.add(-7.25);
    }
    return values;
  }

  /** Runs the release on both neighbours and bounds the privacy loss of the optimal event. */
  private static final class Audit {
    private final ColumnState small;
    private final ColumnState large;
    private final NoiseCalibration calibration;
    private final long[] rawSmall;
    private final int[] direction;

    Audit(DataType type, List<Object> smallValues, List<Object> largeValues) {
      small = ColumnStates.of(type, smallValues);
      large = ColumnStates.of(type, largeValues);
      calibration = NoiseCalibration.of(
          List.of(new ProfileColumn(0, "c", type.simpleString(), ColumnFamily.of(type))), CLAIMED_EPSILON, 0);
      NoisyColumn exactSmall = new FingerprintRelease(NoiseSource.none()).noisy(small, calibration);
      NoisyColumn exactLarge = new FingerprintRelease(NoiseSource.none()).noisy(large, calibration);
      rawSmall = flatten(exactSmall);
      long[] rawLarge = flatten(exactLarge);
      direction = new int[rawSmall.length];
      int changed = 0;
      for (int i = 0; i < rawSmall.length; i++) {
        direction[i] = Long.signum(rawLarge[i] - rawSmall[i]);
        changed += Math.abs(rawLarge[i] - rawSmall[i]);
        assertThat(Math.abs(rawLarge[i] - rawSmall[i])).as("one row changes a count by at most one").isLessThanOrEqualTo(1);
      }
      // the extra row must use the column's whole sensitivity, or the audit would be weak
      assertThat(changed).isEqualTo(ColumnFamily.of(type).l1Units());
    }

    private static long[] flatten(NoisyColumn c) {
      List<long[]> parts = new ArrayList<>();
      for (long[] p : new long[][] {c.kinds(), c.magnitudes(), c.buckets(), c.frequencies(), c.lengths(), c.tokens()}) {
        if (p != null) {
          parts.add(p);
        }
      }
      int n = parts.stream().mapToInt(p -> p.length).sum();
      long[] out = new long[n];
      int k = 0;
      for (long[] p : parts) {
        System.arraycopy(p, 0, out, k, p.length);
        k += p.length;
      }
      return out;
    }

    /** Event: every changed count is at least as far toward the larger dataset as the change. */
    private boolean event(long[] released) {
      for (int i = 0; i < released.length; i++) {
        if (direction[i] != 0 && direction[i] * (released[i] - rawSmall[i]) < 1) {
          return false;
        }
      }
      return true;
    }

    double epsilonLowerBound(NoiseSource noise, int trials) {
      FingerprintRelease release = new FingerprintRelease(noise);
      int hitsLarge = 0;
      int hitsSmall = 0;
      for (int t = 0; t < trials; t++) {
        hitsLarge += event(flatten(release.noisy(large, calibration))) ? 1 : 0;
        hitsSmall += event(flatten(release.noisy(small, calibration))) ? 1 : 0;
      }
      double lowerLarge = hitsLarge == 0 ? 0 : new BetaDistribution(hitsLarge, trials - hitsLarge + 1).inverseCumulativeProbability(ALPHA / 2);
      double upperSmall = hitsSmall == trials ? 1 : new BetaDistribution(hitsSmall + 1, trials - hitsSmall).inverseCumulativeProbability(1 - ALPHA / 2);
      double bound = Math.log(lowerLarge / upperSmall);
      System.err.printf(java.util.Locale.ROOT, "audit: %d trials, events %d vs %d, epsilon lower bound %.3f (claimed %.1f)%n",
          trials, hitsLarge, hitsSmall, bound, CLAIMED_EPSILON);
      return bound;
    }
  }
}
