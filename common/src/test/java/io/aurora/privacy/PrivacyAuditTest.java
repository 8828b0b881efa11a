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
    NoiseSource noise = new SecureNoiseSource(new Random(11));
    // neighbouring datasets: 100 rows vs 101 rows; a count has sensitivity 1, so scale 1/ε
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, 0)
        .audit(() -> 100 + noise.discreteLaplace(1 / epsilon), () -> 101 + noise.discreteLaplace(1 / epsilon));
    assertThat(result.epsilonLowerBound()).isLessThanOrEqualTo(epsilon);
    // the audit has power: it gets close to the true ε of this mechanism
    assertThat(result.epsilonLowerBound()).isGreaterThan(0.8);
  }

  @Test
  void laplaceWithHalvedNoiseIsCaught() {
    double epsilon = 1.0;
    NoiseSource halved = new HalvedNoise(new SecureNoiseSource(new Random(12)));
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, 0)
        .audit(() -> 100 + halved.discreteLaplace(1 / epsilon), () -> 101 + halved.discreteLaplace(1 / epsilon));
    assertThat(result.epsilonLowerBound()).isGreaterThan(epsilon);
  }

  @Test
  void histogramWithUnderstatedSensitivityIsCaught() {
    // moving one row between buckets changes two counts: the L1 sensitivity is 2, not 1
    NoiseSource noise = new SecureNoiseSource(new Random(13));
    long[] before = {50, 30};
    long[] after = {49, 31};
    PrivacyAudit audit = new PrivacyAudit(TRIALS, ALPHA, 0);
    // post-processing: the statistic an attacker would look at is the difference of the two buckets
    PrivacyAudit.Result wrong = audit.audit(() -> difference(before, noise, 1.0), () -> difference(after, noise, 1.0));
    PrivacyAudit.Result right = audit.audit(() -> difference(before, noise, 2.0), () -> difference(after, noise, 2.0));
    assertThat(wrong.epsilonLowerBound()).isGreaterThan(1.0);
    assertThat(right.epsilonLowerBound()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void gaussianCountAtTheShippedCalibrationStaysWithinItsApproximateDpClaim() {
    // the profile run's calibration: ρ is the largest that converts to (ε, δ), a count of sensitivity 1 gets σ² = 1/(2ρ)
    double delta = 1e-9;
    double rho = PrivacyCost.largestRhoWithin(1.0, delta);
    NoiseSource noise = new SecureNoiseSource(new Random(15));
    PrivacyAudit.Result result = new PrivacyAudit(TRIALS, ALPHA, delta)
        .audit(() -> 7 + noise.discreteGaussian(1 / (2 * rho)), () -> 8 + noise.discreteGaussian(1 / (2 * rho)));
    assertThat(result.epsilonLowerBound()).isLessThanOrEqualTo(PrivacyCost.zeroConcentrated(rho).epsilonAt(delta));
  }

  @Test
  void clopperPearsonBracketsTheRate() {
    assertThat(PrivacyAudit.clopperPearsonLower(50, 100, 0.025)).isBetween(0.39, 0.41);
    assertThat(PrivacyAudit.clopperPearsonUpper(50, 100, 0.025)).isBetween(0.59, 0.61);
    assertThat(PrivacyAudit.clopperPearsonLower(0, 100, 0.025)).isZero();
    assertThat(PrivacyAudit.clopperPearsonUpper(100, 100, 0.025)).isEqualTo(1.0);
    assertThatThrownBy(() -> new PrivacyAudit(10, 0.01, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The difference of two noisy buckets, each with discrete Laplace noise of scale {@code sensitivity}/ε at ε = 1. */
  private static double difference(long[] counts, NoiseSource noise, double sensitivity) {
    return (counts[0] + noise.discreteLaplace(sensitivity)) - (counts[1] + noise.discreteLaplace(sensitivity));
  }
}
