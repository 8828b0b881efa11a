package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.math.BigDecimal;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class PrivacyAccountantTest {
  private final NoiseSource noise = new SecureNoiseSource(new Random(1));

  @Test
  void allocationSplitsByWeightAndNeverOverspends() {
    PrivacyAccountant accountant = new PrivacyAccountant(1.0, 1e-9, noise);
    int columns = 997;
    double[] perColumn = accountant.allocate(1.0, weights(columns));
    BigDecimal total = BigDecimal.ZERO;
    for (double e : perColumn) {
      total = total.add(new BigDecimal(e));
    }
    assertThat(total).isLessThanOrEqualTo(BigDecimal.ONE);
    assertThat(total.doubleValue()).isGreaterThan(1.0 - 1e-9);
    // every column then splits its share over its statistics, and the whole lot fits the run
    for (double share : perColumn) {
      for (double e : accountant.allocate(share, 3, 1, 1)) {
        accountant.laplace(e, 1);
      }
    }
    assertThat(accountant.spent().epsilon()).isLessThanOrEqualTo(1.0).isGreaterThan(0.999999);
    assertThat(accountant.spent().delta()).isZero();
    assertThat(accountant.spent().mechanisms()).isEqualTo("laplace:" + (3 * columns));

    double[] weighted = new PrivacyAccountant(2.0, 1e-9, noise).allocate(2.0, 3, 1);
    assertThat(weighted[0] / weighted[1]).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void refusesToHandOutMoreThanTheRunsBudget() {
    PrivacyAccountant accountant = new PrivacyAccountant(1.0, 1e-9, noise);
    accountant.laplace(0.6, 1);
    assertThatThrownBy(() -> accountant.laplace(0.5, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("internal error");
    assertThatThrownBy(() -> accountant.allocate(0.5, 1, 1)).isInstanceOf(IllegalStateException.class);
    // the refused charge left no trace
    assertThat(accountant.spent().epsilon()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-15));
    accountant.laplace(0.4, 1);
    assertThat(accountant.spent().epsilon()).isEqualTo(1.0);
  }

  @Test
  void mixesPureAndConcentratedSpendsAtTheRunsDelta() {
    PrivacyAccountant accountant = new PrivacyAccountant(1.0, 1e-9, noise);
    accountant.laplace(0.5, 1);
    IntegerGaussianMechanism g = accountant.gaussianForEpsilon(0.5, 1);
    PrivacyAccountant.Spend spent = accountant.spent();
    assertThat(spent.epsilon()).isLessThanOrEqualTo(1.0).isGreaterThan(0.9);
    assertThat(spent.delta()).isEqualTo(1e-9);
    assertThat(spent.mechanisms()).isEqualTo("gaussian:1,laplace:1");
    assertThat(g.noiseStddev()).isGreaterThan(1);
    assertThatThrownBy(() -> accountant.gaussian(0.01, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void debitsTheRunOnceAndRefusesChargesAfterwards(@org.junit.jupiter.api.io.TempDir java.nio.file.Path warehouse) {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.WAREHOUSE, warehouse.toString());
    try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
      LedgerKey key = new LedgerKey("acme", "sales", null);
      PrivacyAccountant accountant = new PrivacyAccountant(1.0, 1e-9, noise);
      for (double e : accountant.allocate(1.0, 1, 1, 2)) {
        accountant.laplace(e, 1);
      }
      Debit debit = accountant.debit(ledger, key, "run-1", 10);
      assertThat(debit.epsilonCharged()).isEqualTo(1.0);
      assertThat(ledger.entries("acme")).singleElement().satisfies(e -> assertThat(e.mechanisms()).isEqualTo("laplace:3"));
      assertThatThrownBy(() -> accountant.laplace(0.001, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("unrecorded");
      assertThatThrownBy(() -> accountant.debit(ledger, key, "run-2", 10)).isInstanceOf(IllegalStateException.class);
      // a run that would exceed the lifetime budget is refused with exit 3 before any release
      PrivacyAccountant big = new PrivacyAccountant(9.5, 1e-9, noise);
      big.laplace(9.5, 1);
      assertThatThrownBy(() -> big.debit(ledger, key, "run-3", 10))
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BUDGET_EXHAUSTED));
    }
  }

  @Test
  void readsEpsilonAndDeltaFromConfiguration() {
    AuroraConfig config = AuroraConfig.defaults().with(ConfigKeys.EPSILON, "0.5");
    PrivacyAccountant accountant = PrivacyAccountant.fromConfig(config, noise);
    assertThat(accountant.epsilonBudget()).isEqualTo(0.5);
    assertThat(accountant.delta()).isEqualTo(1e-9);
    assertThatThrownBy(() -> PrivacyAccountant.fromConfig(config.with(ConfigKeys.EPSILON, "-1"), noise))
        .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

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
      assertThat(rho + 2 * Math.sqrt(rho * Math.log(1e9))).isCloseTo(epsilon, org.assertj.core.data.Offset.offset(epsilon * 1e-9));
    }
  }

  @Test
  void largestRhoWithinEpsilonSpendsTheWholeEpsilonUnderTheAccountantsConversionAndNoMore() {
    for (double delta : new double[] {1e-6, 1e-9, 1e-12}) {
      for (double epsilon : new double[] {0.01, 0.1, 1, 5}) {
        double rho = PrivacyCost.largestRhoWithin(epsilon, delta);
        assertThat(PrivacyCost.epsilonOfRho(rho, delta)).as("fits at eps %s delta %s", epsilon, delta).isLessThanOrEqualTo(epsilon);
        // the largest such ρ: a millionth more already converts to more than ε
        assertThat(PrivacyCost.epsilonOfRho(rho * (1 + 1e-6), delta)).as("largest at eps %s delta %s", epsilon, delta)
            .isGreaterThan(epsilon);
        // what the accountant reports for it is within the run's ε
        assertThat(PrivacyCost.zeroConcentrated(rho).epsilonAt(delta)).isLessThanOrEqualTo(epsilon);
        assertThat(rho).isGreaterThan(PrivacyCost.rhoFor(epsilon, delta));
        // independent check: the Gaussian mechanism that is exactly ρ-zCDP (σ² = 1/(2ρ), sensitivity 1)
        // meets (ε, δ) by its exact privacy profile
        assertThat(gaussianDelta(epsilon, rho)).as("exact delta at eps %s delta %s", epsilon, delta).isLessThanOrEqualTo(delta);
      }
    }
    // ε = 1, δ = 1e-9: 0.01178 with the Bun–Steinke closed form, about 27 % more with CKS20 Corollary 13
    assertThat(PrivacyCost.rhoFor(1, 1e-9)).isCloseTo(0.01178, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(PrivacyCost.largestRhoWithin(1, 1e-9)).isCloseTo(0.01497, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void mechanismsStateTheirScaleAndCost() {
    IntegerLaplaceMechanism laplace = new IntegerLaplaceMechanism(0.1, 2, noise);
    assertThat(laplace.noiseScale()).isGreaterThan(20.0).isLessThan(20.000001);
    assertThat(laplace.noiseStddev()).isCloseTo(Math.sqrt(2) * 20, org.assertj.core.data.Offset.offset(0.1));
    assertThat(laplace.cost()).isEqualTo(PrivacyCost.pure(0.1));
    IntegerGaussianMechanism gaussian = new IntegerGaussianMechanism(0.5, 3, noise);
    assertThat(gaussian.sigmaSquared()).isGreaterThanOrEqualTo(9.0).isLessThan(9.000001);
    assertThat(gaussian.cost()).isEqualTo(PrivacyCost.zeroConcentrated(0.5));
    ClampedSum sum = new ClampedSum(0, 100, 0.01);
    assertThat(sum.units(250)).isEqualTo(10_000);
    assertThat(sum.units(-3)).isZero();
    assertThat(sum.units(Double.NaN)).isZero();
    assertThatThrownBy(() -> sum.release(5, new IntegerLaplaceMechanism(1, 1, noise))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IntegerLaplaceMechanism(0, 1, noise)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IntegerLaplaceMechanism(1, 0, noise)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClampedSum(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Exact (ε, δ) profile of the Gaussian mechanism with Δ = 1, σ = 1/sqrt(2ρ) (Balle, Wang 2018). */
  private static double gaussianDelta(double epsilon, double rho) {
    double sigma = 1 / Math.sqrt(2 * rho);
    NormalDistribution n = new NormalDistribution();
    return n.cumulativeProbability(-epsilon * sigma + 1 / (2 * sigma))
        - Math.exp(epsilon) * n.cumulativeProbability(-epsilon * sigma - 1 / (2 * sigma));
  }

  private static double[] weights(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }
}
