package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The zCDP arithmetic the calibration and the ledger share. */
class PrivacyCostTest {
  @Test
  void zcdpConversionIsValidForTheGaussianAndTighterThanTheStandardOne() {
    double delta = 1e-9;
    for (double rho : new double[] {0.005, 0.05, 0.5, 2}) {
      double ours = PrivacyCost.epsilonOfRho(rho, delta);
      double standard = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
      assertThat(ours).isLessThanOrEqualTo(Math.nextUp(standard));
      assertThat(ours).as("CKS20 improves on the standard bound at rho %s", rho).isLessThan(standard * 0.999);
      // the continuous Gaussian with sensitivity 1 and σ² = 1/(2ρ) is exactly ρ-zCDP: its exact
      // privacy profile at our ε must be within δ, and not far within it (the bound is not loose)
      assertThat(gaussianDelta(ours, rho)).isLessThanOrEqualTo(delta);
      assertThat(gaussianDelta(ours * 0.8, rho)).isGreaterThan(delta);
    }
  }

  @Test
  void rhoForEpsilonFitsTheEpsilon() {
    for (double epsilon : new double[] {0.01, 0.1, 1, 5}) {
      double rho = PrivacyCost.rhoFor(epsilon, 1e-9);
      assertThat(PrivacyCost.zeroConcentrated(rho).epsilonAt(1e-9)).isLessThanOrEqualTo(epsilon);
      assertThat(rho + 2 * Math.sqrt(rho * Math.log(1e9))).isCloseTo(epsilon, Offset.offset(epsilon * 1e-9));
    }
  }

  @Test
  void largestRhoWithinEpsilonSpendsTheWholeEpsilonAndNoMore() {
    for (double delta : new double[] {1e-6, 1e-9, 1e-12}) {
      for (double epsilon : new double[] {0.01, 0.1, 1, 5}) {
        double rho = PrivacyCost.largestRhoWithin(epsilon, delta);
        assertThat(PrivacyCost.epsilonOfRho(rho, delta)).as("fits at eps %s delta %s", epsilon, delta).isLessThanOrEqualTo(epsilon);
        // the largest such ρ: a millionth more already converts to more than ε
        assertThat(PrivacyCost.epsilonOfRho(rho * (1 + 1e-6), delta)).as("largest at eps %s delta %s", epsilon, delta)
            .isGreaterThan(epsilon);
        assertThat(PrivacyCost.zeroConcentrated(rho).epsilonAt(delta)).isLessThanOrEqualTo(epsilon);
        assertThat(rho).isGreaterThan(PrivacyCost.rhoFor(epsilon, delta));
        // independent check: the Gaussian mechanism that is exactly ρ-zCDP (σ² = 1/(2ρ), sensitivity 1)
        // meets (ε, δ) by its exact privacy profile
        assertThat(gaussianDelta(epsilon, rho)).as("exact delta at eps %s delta %s", epsilon, delta).isLessThanOrEqualTo(delta);
      }
    }
    // ε = 1, δ = 1e-9: 0.01178 with the Bun–Steinke closed form, about 27 % more with CKS20 Corollary 13
    assertThat(PrivacyCost.rhoFor(1, 1e-9)).isCloseTo(0.01178, Offset.offset(1e-5));
    assertThat(PrivacyCost.largestRhoWithin(1, 1e-9)).isCloseTo(0.01497, Offset.offset(1e-5));
  }

  @Test
  void pureAndConcentratedCostsComposeAndConvertOnce() {
    PrivacyCost mixed = PrivacyCost.pure(0.5).plus(PrivacyCost.zeroConcentrated(PrivacyCost.largestRhoWithin(0.5, 1e-9)));
    assertThat(mixed.needsDelta()).isTrue();
    assertThat(mixed.epsilonAt(1e-9)).isLessThanOrEqualTo(1.0).isGreaterThan(0.9);
    assertThat(PrivacyCost.pure(0.7).epsilonAt(1e-9)).isEqualTo(0.7);
    assertThatThrownBy(() -> PrivacyCost.pure(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivacyCost.zeroConcentrated(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Exact (ε, δ) profile of the Gaussian mechanism with Δ = 1, σ = 1/sqrt(2ρ) (Balle, Wang 2018). */
  static double gaussianDelta(double epsilon, double rho) {
    double sigma = 1 / Math.sqrt(2 * rho);
    NormalDistribution n = new NormalDistribution();
    return n.cumulativeProbability(-epsilon * sigma + 1 / (2 * sigma))
        - Math.exp(epsilon) * n.cumulativeProbability(-epsilon * sigma - 1 / (2 * sigma));
  }
}
