package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {
  private static final List<ProfileColumn> COLUMNS = List.of(
      new ProfileColumn(0, "a", "string", ColumnFamily.STRING),
      new ProfileColumn(1, "b", "double", ColumnFamily.NUMERIC),
      new ProfileColumn(2, "c", "boolean", ColumnFamily.BOOLEAN));

  @Test
  void pureEpsilonUsesLaplaceWithScaleOfAllSensitivityUnits() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 0.5, 0);
    assertThat(c.mechanism()).isEqualTo(NoiseCalibration.Mechanism.DISCRETE_LAPLACE);
    assertThat(c.units()).isEqualTo(8 + 5 + 1);
    assertThat(c.parameter()).isEqualTo(14 / 0.5);
    assertThat(c.epsilonShare(ColumnFamily.STRING) + c.epsilonShare(ColumnFamily.NUMERIC) + c.epsilonShare(ColumnFamily.BOOLEAN))
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void gaussianRhoConvertsBackToTheRequestedEpsilon() {
    NoiseCalibration c = NoiseCalibration.of(COLUMNS, 1.0, 1e-9);
    assertThat(c.mechanism()).isEqualTo(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN);
    double rho = c.rho();
    assertThat(rho + 2 * Math.sqrt(rho * Math.log(1e9))).isCloseTo(1.0, within(1e-9));
    assertThat(c.parameter()).isCloseTo(14 / (2 * rho), within(1e-6));
    assertThat(c.countStd()).isCloseTo(Math.sqrt(14 / (2 * rho)), within(1e-6));
    // more columns: more noise per count
    assertThat(NoiseCalibration.of(List.of(COLUMNS.get(0)), 1.0, 1e-9).countStd()).isLessThan(c.countStd());
  }

  @Test
  void rejectsNonsenseBudgets() {
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoiseCalibration.of(COLUMNS, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
