package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.privacy.NoiseSource;
import io.aurora.privacy.PrivacyAudit;
import io.aurora.testing.HalvedNoise;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Empirical privacy audit of the shipped release — both stages, exactly the code
 * {@link FingerprintRelease#release} runs — on two neighbouring datasets (one row added), with the
 * production budgets: pure ε = 1 (discrete Laplace) and (ε = 1, δ = 10⁻⁹) through ρ-zCDP (discrete
 * Gaussian, the default). Each release is reduced to the score the neighbouring row moves most (the
 * noise-weighted sum of the changed counts, the likelihood-ratio test for independent noise), and
 * {@link PrivacyAudit} turns threshold events on it into a lower bound on ε that must stay at or below
 * the claim — and must exceed it when the noise is halved, so the audit can fail.
 */
class FingerprintReleaseAuditTest {
  private static final double CLAIMED_EPSILON = 1.0;
  private static final double ALPHA = 1e-3;
  private static final int TRIALS = 8_000;

  @Test
  void theLaplaceReleaseOfANumericColumnStaysWithinItsEpsilonAndHalvedNoiseIsCaught() {
    Audit audit = new Audit(DataTypes.DoubleType, doubles(false), doubles(true), ReleaseBudget.of(CLAIMED_EPSILON, 0));
    // the event that every count the row moves is on the larger side: the tight one for Laplace noise
    assertThat(audit.bound(new SeededNoise(13), TRIALS, 0, true)).isLessThanOrEqualTo(CLAIMED_EPSILON);
    assertThat(audit.bound(new HalvedNoise(new SeededNoise(14)), TRIALS, 0, true)).isGreaterThan(CLAIMED_EPSILON);
  }

  @Test
  void theGaussianReleaseOfAStringColumnStaysWithinItsEpsilonAndDelta() {
    Audit audit = new Audit(DataTypes.StringType, strings(false), strings(true), ReleaseBudget.of(CLAIMED_EPSILON, 1e-9));
    assertThat(audit.bound(new SeededNoise(15), TRIALS, 1e-9, false)).isLessThanOrEqualTo(CLAIMED_EPSILON);
  }

  /**
   * The default path. A Gaussian mechanism's privacy loss at ε = 1, δ = 10⁻⁹ lives in tails no audit
   * of a few thousand runs reaches, so the broken control here has a tenth of the noise (ρ × 100):
   * then events that likely on one side and rare on the other are common, and the audit must see them.
   */
  @Test
  void theGaussianReleaseOfANumericColumnStaysWithinItsEpsilonAndTooLittleNoiseIsCaught() {
    Audit audit = new Audit(DataTypes.DoubleType, doubles(false), doubles(true), ReleaseBudget.of(CLAIMED_EPSILON, 1e-9));
    assertThat(audit.bound(new SeededNoise(16), TRIALS, 1e-9, false)).isLessThanOrEqualTo(CLAIMED_EPSILON);
    assertThat(audit.bound(new ScaledNoise(new SeededNoise(17), 0.1), TRIALS, 1e-9, false)).isGreaterThan(CLAIMED_EPSILON);
  }

  /** Noise with {@code factor} times the standard deviation it is asked for: a broken mechanism. */
  private record ScaledNoise(NoiseSource inner, double factor) implements NoiseSource {
    @Override
    public long discreteLaplace(double scale) {
      return inner.discreteLaplace(scale * factor);
    }

    @Override
    public long discreteGaussian(double sigmaSquared) {
      return inner.discreteGaussian(sigmaSquared * factor * factor);
    }
  }

  /** 2,000 numbers on 40 values; -7.25 appears once, and once more in the neighbour. */
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

  /** 2,000 short words on 30 values; a new word appears in the neighbour only (a new distinct value). */
  private static List<Object> strings(boolean neighbour) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add("w" + i % 30);
    }
    if (neighbour) {
      values.add("one more word");
    }
    return values;
  }

  /** Runs the mechanisms on both neighbours and scores each release by the changed counts. */
  private static final class Audit {
    private final RawProfile small;
    private final RawProfile large;
    private final ReleaseBudget budget;
    private final Map<Statistic, long[]> exactSmall;
    private final Map<Statistic, long[]> change = new EnumMap<>(Statistic.class);

    Audit(DataType type, List<Object> smallValues, List<Object> largeValues, ReleaseBudget budget) {
      this.small = ColumnStates.profile("c", type, smallValues);
      this.large = ColumnStates.profile("c", type, largeValues);
      this.budget = budget;
      FingerprintRelease none = new FingerprintRelease(NoiseSource.none());
      exactSmall = counts(none.mechanisms(small, budget));
      Map<Statistic, long[]> exactLarge = counts(none.mechanisms(large, budget));
      assertThat(exactLarge.keySet()).as("both neighbours take the same branch without noise").isEqualTo(exactSmall.keySet());
      int l1 = 0;
      int l2 = 0;
      for (Statistic s : exactSmall.keySet()) {
        long[] d = new long[exactSmall.get(s).length];
        for (int i = 0; i < d.length; i++) {
          d[i] = exactLarge.get(s)[i] - exactSmall.get(s)[i];
          assertThat(Math.abs(d[i])).as("one row moves a count by at most one").isLessThanOrEqualTo(1);
          l1 += Math.abs(d[i]);
        }
        l2 += s.l2SquaredSensitivity();
        change.put(s, d);
      }
      // the extra row uses a statistic's whole sensitivity wherever it can: the audit is not weak
      assertThat(l1).isGreaterThanOrEqualTo(exactSmall.size()).isLessThanOrEqualTo(l2);
    }

    private static Map<Statistic, long[]> counts(FingerprintRelease.Mechanisms m) {
      Map<Statistic, long[]> out = new EnumMap<>(Statistic.class);
      out.put(Statistic.KINDS, m.kinds().get(0));
      out.putAll(m.released().get(0));
      return out;
    }

    /**
     * The score of one release: the noise-weighted sum of the released counts along the direction the
     * extra row moves them (the likelihood-ratio test for Gaussian noise), or, with {@code allMoved},
     * how many of those counts lie at least one step toward the larger dataset.
     */
    private double score(FingerprintRelease.Mechanisms m, boolean allMoved) {
      Map<Statistic, long[]> released = counts(m);
      double sum = 0;
      for (Map.Entry<Statistic, long[]> e : change.entrySet()) {
        long[] y = released.get(e.getKey());
        if (y == null) {
          continue; // a noisy stage 1 took another branch: this release carries less about the row
        }
        double variance = Math.pow((e.getKey() == Statistic.KINDS ? m.one() : m.two()).countStd(e.getKey()), 2);
        long[] base = exactSmall.get(e.getKey());
        for (int i = 0; i < y.length; i++) {
          if (e.getValue()[i] != 0) {
            sum += allMoved ? (e.getValue()[i] * (y[i] - base[i]) >= 1 ? 1 : 0) : e.getValue()[i] * (y[i] - base[i]) / variance;
          }
        }
      }
      return sum;
    }

    double bound(NoiseSource noise, int trials, double delta, boolean allMoved) {
      FingerprintRelease release = new FingerprintRelease(noise);
      PrivacyAudit.Result r = new PrivacyAudit(trials, ALPHA, delta).audit(
          () -> score(release.mechanisms(large, budget), allMoved), () -> score(release.mechanisms(small, budget), allMoved));
      System.err.printf(java.util.Locale.ROOT, "audit %s: %d trials, events %d vs %d, epsilon lower bound %.3f (claimed %.1f)%n",
          budget.mechanism(), trials, r.hits(), r.neighbourHits(), r.epsilonLowerBound(), CLAIMED_EPSILON);
      return r.epsilonLowerBound();
    }
  }
}
