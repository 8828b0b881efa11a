package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.testing.HalvedNoise;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The empirical audit keeps correct mechanisms within their claimed ε and catches broken ones. */
class PrivacyAuditTest {
  private static final int TRIALS = 20_000;
  private static final double ALPHA = 0.01;

  @Test
  void laplaceCountStaysWithinItsEpsilonAndTheAuditIsTight() {
    double epsilon = 1.0;
    IntegerLaplaceMechanism count = new IntegerLaplaceMechanism(epsilon, 1, new SecureNoiseSource(new Random(11)));
    // neighbouring datasets: 100 rows vs 101 rows
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, 0).audit(() -> count.release(100), () -> count.release(101));
    assertThat(result.epsilonLowerBound()).isLessThanOrEqualTo(epsilon);
    // the audit has power: it gets close to the true ε of this mechanism
    assertThat(result.epsilonLowerBound()).isGreaterThan(0.8);
  }

  @Test
  void laplaceWithHalvedNoiseIsCaught() {
    double epsilon = 1.0;
    SecureNoiseSource exact = new SecureNoiseSource(new Random(12));
    NoiseSource halved = new HalvedNoise(exact);
    IntegerLaplaceMechanism broken = new IntegerLaplaceMechanism(epsilon, 1, halved);
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, 0).audit(() -> broken.release(100), () -> broken.release(101));
    assertThat(result.epsilonLowerBound()).isGreaterThan(epsilon);
  }

  @Test
  void histogramWithUnderstatedSensitivityIsCaught() {
    // moving one row between buckets changes two counts: the L1 sensitivity is 2, not 1
    SecureNoiseSource noise = new SecureNoiseSource(new Random(13));
    IntegerLaplaceMechanism understated = new IntegerLaplaceMechanism(1.0, 1, noise);
    IntegerLaplaceMechanism stated = new IntegerLaplaceMechanism(1.0, 2, noise);
    long[] before = {50, 30};
    long[] after = {49, 31};
    PrivacyAudit audit = new PrivacyAudit(TRIALS, ALPHA, 0);
    // post-processing: the statistic an attacker would look at is the difference of the two buckets
    PrivacyAudit.Result wrong = audit.audit(() -> difference(understated.release(before)), () -> difference(understated.release(after)));
    PrivacyAudit.Result right = audit.audit(() -> difference(stated.release(before)), () -> difference(stated.release(after)));
    assertThat(wrong.epsilonLowerBound()).isGreaterThan(1.0);
    assertThat(right.epsilonLowerBound()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void clampedSumStaysWithinItsEpsilonForAnExtremeNeighbour() {
    ClampedSum sum = new ClampedSum(-5, 10, 0.5);
    assertThat(sum.sensitivityUnits()).isEqualTo(20);
    IntegerLaplaceMechanism mechanism = sum.laplace(0.5, new SecureNoiseSource(new Random(14)));
    long base = 1000;
    // the neighbour adds one row at a value far above the public bound: clamping caps its effect
    long extra = sum.units(1e9);
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, 0)
        .audit(() -> sum.release(base, mechanism), () -> sum.release(base + extra, mechanism));
    assertThat(result.epsilonLowerBound()).isLessThanOrEqualTo(0.5);
    assertThat(result.epsilonLowerBound()).isGreaterThan(0.3);
  }

  @Test
  void gaussianCountStaysWithinItsApproximateDpClaim() {
    double delta = 1e-9;
    IntegerGaussianMechanism count = IntegerGaussianMechanism.forEpsilonDelta(1.0, delta, 1, new SecureNoiseSource(new Random(15)));
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, delta).audit(() -> count.release(7), () -> count.release(8));
    assertThat(result.epsilonLowerBound()).isLessThanOrEqualTo(count.cost().epsilonAt(delta));
  }

  @Test
  void clopperPearsonBracketsTheRate() {
    assertThat(PrivacyAudit.clopperPearsonLower(50, 100, 0.025)).isBetween(0.39, 0.41);
    assertThat(PrivacyAudit.clopperPearsonUpper(50, 100, 0.025)).isBetween(0.59, 0.61);
    assertThat(PrivacyAudit.clopperPearsonLower(0, 100, 0.025)).isZero();
    assertThat(PrivacyAudit.clopperPearsonUpper(100, 100, 0.025)).isEqualTo(1.0);
    assertThatThrownBy(() -> new PrivacyAudit(10, 0.01, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static double difference(long[] counts) {
    return counts[0] - counts[1];
  }
}
