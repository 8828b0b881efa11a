package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.privacy.PrivacyCost;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {
  private static final List<ProfileColumn> COLUMNS = List.of(
      new ProfileColumn(0, "a", "string", ColumnFamily.STRING),
      new ProfileColumn(1, "b", "double", ColumnFamily.NUMERIC),
      new ProfileColumn(2, "c", "boolean", ColumnFamily.BOOLEAN));

  private static Map<Statistic, Double> equalWeights() {
    Map<Statistic, Double> w = new EnumMap<>(Statistic.class);
    for (Statistic s : Statistic.values()) {
      w.put(s, 1.0);
    }
    return w;
  }

  /** Σ over columns × statistics of the cost of each statistic at its own noise: ε (Laplace) or ρ (Gaussian). */
  private static double composedCost(NoiseCalibration c) {
    double sum = 0;
    for (ProfileColumn column : COLUMNS) {
      for (Statistic s : column.family().statistics()) {
        sum += c.mechanism() == NoiseCalibration.Mechanism.DISCRETE_LAPLACE
            ? s.l1Sensitivity() / c.parameter(s)
            : s.l2SquaredSensitivity() / (2 * c.parameter(s));
      }
    }
    return sum;
  }

  @Test
  void equalWeightsGiveEveryCountTheScaleOfAllSensitivityUnits() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 0.5, 0, equalWeights());
    assertThat(c.mechanism()).isEqualTo(NoiseCalibration.Mechanism.DISCRETE_LAPLACE);
    assertThat(c.units()).isEqualTo(8 + 5 + 1);
    for (Statistic s : Statistic.values()) {
      assertThat(c.parameter(s)).isGreaterThanOrEqualTo(14 / 0.5).isCloseTo(14 / 0.5, within(1e-9));
    }
  }

  @Test
  void pureEpsilonSplitComposesExactlyToEpsilonOverColumnsAndStatistics() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 0.5, 0);
    assertThat(composedCost(c)).isCloseTo(0.5, within(1e-12));
    assertThat(c.epsilonShare(ColumnFamily.STRING) + c.epsilonShare(ColumnFamily.NUMERIC) + c.epsilonShare(ColumnFamily.BOOLEAN))
        .isCloseTo(0.5, within(1e-12));
    // Laplace scale is inverse to the weight
    assertThat(c.parameter(Statistic.MAGNITUDES) * Statistic.MAGNITUDES.budgetWeight())
        .isCloseTo(c.parameter(Statistic.LENGTHS) * Statistic.LENGTHS.budgetWeight(), within(1e-9));
  }

  @Test
  void gaussianSplitComposesExactlyToRhoWhichConvertsBackToTheRequestedEpsilon() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 1.0, 1e-9);
    assertThat(c.mechanism()).isEqualTo(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN);
    double rho = c.rho();
    // ρ spends the whole ε under the accountant's conversion (CKS20 Cor. 13): within, but only just
    assertThat(PrivacyCost.zeroConcentrated(rho).epsilonAt(1e-9)).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-9));
    assertThat(composedCost(c)).isCloseTo(rho, within(1e-12));
    assertThat(c.epsilonShare(ColumnFamily.STRING) + c.epsilonShare(ColumnFamily.NUMERIC) + c.epsilonShare(ColumnFamily.BOOLEAN))
        .isCloseTo(1.0, within(1e-12));
    // σ_s² = U₂ / (2ρ w_s): the variance ratio of two statistics is the inverse ratio of their weights
    assertThat(c.parameter(Statistic.LENGTHS) / c.parameter(Statistic.MAGNITUDES))
        .isCloseTo(Statistic.MAGNITUDES.budgetWeight() / Statistic.LENGTHS.budgetWeight(), within(1e-9));
    assertThat(c.countStd(Statistic.KINDS)).isCloseTo(Math.sqrt(c.parameter(Statistic.KINDS)), within(1e-9));
    assertThat(c.countStd()).isEqualTo(c.countStd(Statistic.KINDS));
    // more columns: more noise per count
    assertThat(NoiseCalibration.of(List.of(COLUMNS.get(0)), 1.0, 1e-9).countStd()).isLessThan(c.countStd());
  }

  @Test
  void gaussianRhoIsTheLargestTheAccountantsConversionAllows() {
    for (double epsilon : new double[] {0.1, 1.0, 3.0}) {
      NoiseCalibration c = NoiseCalibration.of(COLUMNS, epsilon, 1e-9);
      double rho = c.rho();
      assertThat(PrivacyCost.epsilonOfRho(rho, 1e-9)).isLessThanOrEqualTo(epsilon);
      // within 1e-6 relative of the largest fitting ρ
      assertThat(PrivacyCost.epsilonOfRho(rho * (1 + 1e-6), 1e-9)).isGreaterThan(epsilon);
    }
    // strictly more ρ than the Bun–Steinke closed form ρ + 2√(ρ ln 1/δ) = ε (0.01178 at ε = 1, δ = 1e-9): less noise
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 1.0, 1e-9);
    double l = Math.log(1e9);
    double bunSteinke = Math.pow(Math.sqrt(l + 1) - Math.sqrt(l), 2);
    assertThat(c.rho()).isGreaterThan(bunSteinke * 1.25).isCloseTo(0.01497, within(1e-5));
    // σ² = U₂ / (2ρ w): the noise std shrinks by √(ρ_BS / ρ) ≈ 0.887
    assertThat(c.countStd() * c.countStd()).isCloseTo(c.units() / (2 * c.rho()), within(1e-9));
  }

  @Test
  void laplaceScaleDoesNotDependOnTheZcdpConversion() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 1.0, 0);
    assertThat(c.rho()).isZero();
    // b_s = U₁ / (ε w_s), as before, and never below it (a relative margin of 1e-12 absorbs the rounding)
    for (Statistic s : Statistic.values()) {
      assertThat(c.parameter(s)).isGreaterThanOrEqualTo(c.units() / 1.0 / s.budgetWeight())
          .isCloseTo(c.units() / 1.0 / s.budgetWeight(), within(1e-9));
    }
  }

  /**
   * Σ Δ1_s / b_s over every column and statistic, computed exactly from the doubles b_s the samplers
   * receive (each division rounded up), never exceeds ε: floating-point rounding of U₁ / (ε w_s)
   * must not buy a single ulp of budget.
   */
  @Test
  void laplaceScalesComposeToAtMostEpsilonInExactArithmetic() {
    java.util.Random random = new java.util.Random(20261126);
    ColumnFamily[] families = ColumnFamily.values();
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + random.nextInt(trial % 10 == 0 ? 3000 : 40);
      List<ProfileColumn> columns = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        columns.add(new ProfileColumn(i, "c" + i, "t", families[random.nextInt(families.length)]));
      }
      double epsilon = trial < 20 ? new double[] {0.1, 0.3, 0.7, 1.0, 1.1, 2.9, 3.3, 0.01, 7.7, 9.9}[trial % 10] * (1 + trial / 10)
          : Math.exp(random.nextDouble() * 9 - 6);
      NoiseCalibration c = NoiseCalibration.of(columns, epsilon, 0);
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      java.math.MathContext up = new java.math.MathContext(80, java.math.RoundingMode.UP);
      for (ProfileColumn column : columns) {
        for (Statistic s : column.family().statistics()) {
          sum = sum.add(java.math.BigDecimal.valueOf(s.l1Sensitivity()).divide(new java.math.BigDecimal(c.parameter(s)), up));
        }
      }
      assertThat(sum).as("%d columns at eps %s", n, epsilon).isLessThanOrEqualTo(new java.math.BigDecimal(epsilon));
      // the margin is a relative 1e-12 at most: no utility is given away
      assertThat(sum.doubleValue()).isGreaterThan(epsilon * (1 - 1e-11));
    }
  }

  @Test
  void shippedSplitFavoursTheStatisticsThatDecideRecommendations() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 1.0, 1e-9);
    NoiseCalibration equal = NoiseCalibration.of(COLUMNS, 1.0, 1e-9, equalWeights());
    assertThat(c.countStd(Statistic.MAGNITUDES)).isLessThan(equal.countStd(Statistic.MAGNITUDES));
    assertThat(c.countStd(Statistic.BUCKETS)).isLessThan(equal.countStd(Statistic.BUCKETS));
    assertThat(c.countStd(Statistic.LENGTHS)).isGreaterThan(equal.countStd(Statistic.LENGTHS));
    assertThat(c.describe()).contains("magnitudes", "lengths", "rho=");
  }

  @Test
  void rejectsNonsenseBudgetsAndWeights() {
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    Map<Statistic, Double> zero = equalWeights();
    zero.put(Statistic.TOKENS, 0.0);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 1, 1e-9, zero)).isInstanceOf(IllegalArgumentException.class);
    Map<Statistic, Double> missing = equalWeights();
    missing.remove(Statistic.KINDS);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 1, 1e-9, missing)).isInstanceOf(IllegalArgumentException.class);
  }
}
