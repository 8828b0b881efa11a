package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
      assertThat(c.parameter(s)).isEqualTo(14 / 0.5);
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
    assertThat(rho + 2 * Math.sqrt(rho * Math.log(1e9))).isCloseTo(1.0, within(1e-9));
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
