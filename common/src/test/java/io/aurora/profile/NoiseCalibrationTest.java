package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.AuroraException;
import io.aurora.privacy.PrivacyCost;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {
  /** Stage 2 of a run of three columns: a text column, a numeric one, a typed date that releases nothing more. */
  private static final List<Set<Statistic>> STAGE_TWO = List.of(
      EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS, Statistic.LENGTHS, Statistic.TOKENS),
      EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS, Statistic.MAGNITUDES, Statistic.FREQUENCIES),
      EnumSet.noneOf(Statistic.class));

  /** Stage 1 as the release runs it: every column's kinds and the run's malformed count. */
  private static List<Set<Statistic>> stageOne(int columns) {
    return FingerprintRelease.stageOneStatistics(columns);
  }

  /** Σ over the stage's columns and statistics of each statistic's cost at its own noise: ε (Laplace) or ρ (Gaussian). */
  private static double composedCost(NoiseCalibration c, List<Set<Statistic>> perColumn) {
    double sum = 0;
    for (Set<Statistic> statistics : perColumn) {
      sum += c.columnCost(statistics);
    }
    return sum;
  }

  @Test
  void theTwoStagesShareTheRunsRhoAndEachComposesToItsShare() {
    ReleaseBudget budget = ReleaseBudget.of(1.0, 1e-9);
    assertThat(budget.stageAmount(1) + budget.stageAmount(2)).isCloseTo(budget.rho(), within(1e-15));
    assertThat(budget.stageAmount(1)).isCloseTo(ReleaseBudget.STAGE_ONE_SHARE * budget.rho(), within(1e-15));
    NoiseCalibration one = NoiseCalibration.of(budget, 1, stageOne(3));
    NoiseCalibration two = NoiseCalibration.of(budget, 2, STAGE_TWO);
    assertThat(composedCost(one, stageOne(3))).isCloseTo(budget.stageAmount(1), within(1e-15));
    assertThat(composedCost(two, STAGE_TWO)).isCloseTo(budget.stageAmount(2), within(1e-15));
    // ρ spends the whole ε under the accountant's conversion (CKS20 Cor. 13): within, but only just
    assertThat(PrivacyCost.epsilonOfRho(budget.rho(), 1e-9)).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-9));
    // the ε shares of the columns and of the malformed count add up to the run's ε
    double epsilon = budget.epsilonShare(one.columnCost(EnumSet.of(Statistic.MALFORMED)));
    for (int i = 0; i < 3; i++) {
      epsilon += budget.epsilonShare(one.columnCost(EnumSet.of(Statistic.KINDS)) + two.columnCost(STAGE_TWO.get(i)));
    }
    assertThat(epsilon).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void withinAStageTheVarianceRatioOfTwoStatisticsIsTheInverseRatioOfTheirWeights() {
    NoiseCalibration two = NoiseCalibration.of(ReleaseBudget.of(1.0, 1e-9), 2, STAGE_TWO);
    assertThat(two.parameter(Statistic.LENGTHS) / two.parameter(Statistic.DISTINCT))
        .isCloseTo(Statistic.DISTINCT.budgetWeight() / Statistic.LENGTHS.budgetWeight(), within(1e-12));
    // σ² = U₂ / (2 ρ₂ w)
    double units = 0;
    for (Set<Statistic> s : STAGE_TWO) {
      for (Statistic t : s) {
        units += t.budgetWeight() * t.l2SquaredSensitivity();
      }
    }
    assertThat(two.units()).isCloseTo(units, within(1e-12));
    assertThat(two.countStd(Statistic.BUCKETS)).isCloseTo(
        Math.sqrt(units / (2 * two.amount() * Statistic.BUCKETS.budgetWeight())), within(1e-9));
    // a column that releases nothing in stage 2 costs nothing there and adds no noise to the others
    NoiseCalibration without = NoiseCalibration.of(ReleaseBudget.of(1.0, 1e-9), 2, STAGE_TWO.subList(0, 2));
    assertThat(without.countStd(Statistic.DISTINCT)).isEqualTo(two.countStd(Statistic.DISTINCT));
    assertThat(two.columns()).isEqualTo(2);
  }

  @Test
  void moreColumnsMeanMoreNoisePerCount() {
    ReleaseBudget budget = ReleaseBudget.of(1.0, 1e-9);
    assertThat(NoiseCalibration.of(budget, 1, stageOne(20)).countStd(Statistic.KINDS))
        .isGreaterThan(NoiseCalibration.of(budget, 1, stageOne(10)).countStd(Statistic.KINDS));
    // σ grows with √(weighted counts of the stage): 40 columns and the malformed count (⅛) against 10 and it
    assertThat(NoiseCalibration.of(budget, 1, stageOne(40)).countStd(Statistic.KINDS)
        / NoiseCalibration.of(budget, 1, stageOne(10)).countStd(Statistic.KINDS)).isCloseTo(Math.sqrt(40.125 / 10.125), within(1e-9));
    // the malformed count is one count of weight ⅛: √8 times a kinds count's noise, and no column
    NoiseCalibration one = NoiseCalibration.of(budget, 1, stageOne(9));
    assertThat(one.countStd(Statistic.MALFORMED) / one.countStd(Statistic.KINDS)).isCloseTo(Math.sqrt(8), within(1e-12));
    assertThat(one.columns()).isEqualTo(9);
  }

  @Test
  void laplaceStagesNeverSpendMoreThanEpsilonNotEvenByARoundingUlp() {
    for (double epsilon : new double[] {0.1, 0.3, 1.0, 1.7, 9.0}) {
      ReleaseBudget budget = ReleaseBudget.of(epsilon, 0);
      assertThat(budget.mechanism()).isEqualTo(NoiseCalibration.Mechanism.DISCRETE_LAPLACE);
      NoiseCalibration one = NoiseCalibration.of(budget, 1, stageOne(7));
      NoiseCalibration two = NoiseCalibration.of(budget, 2, STAGE_TWO);
      double spent = composedCost(one, stageOne(7)) + composedCost(two, STAGE_TWO);
      assertThat(spent).as("eps " + epsilon).isLessThanOrEqualTo(epsilon).isCloseTo(epsilon, within(1e-9 * epsilon));
    }
  }

  /**
   * Σ Δ1_s / b_s over both stages, every column and statistic, computed exactly from the doubles b_s the
   * samplers receive, never exceeds ε: floating-point rounding (of the units' sum, the stage split and
   * the divisions) must not buy a single ulp of budget, also for thousands of columns.
   */
  @Test
  void laplaceStagesComposeToAtMostEpsilonInExactArithmetic() {
    java.util.Random random = new java.util.Random(20261126);
    List<Statistic> all = List.of(Statistic.values());
    java.math.MathContext up = new java.math.MathContext(80, java.math.RoundingMode.UP);
    for (int trial = 0; trial < 1000; trial++) {
      int n = 1 + random.nextInt(trial % 10 == 0 ? 3000 : 40);
      List<Set<Statistic>> two = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        Set<Statistic> statistics = EnumSet.noneOf(Statistic.class);
        for (Statistic s : all) {
          if (s.stage() == 2 && random.nextBoolean()) {
            statistics.add(s);
          }
        }
        two.add(statistics);
      }
      double epsilon = trial < 20 ? new double[] {0.1, 0.3, 0.7, 1.0, 1.1, 2.9, 3.3, 0.01, 7.7, 9.9}[trial % 10] * (1 + trial / 10)
          : Math.exp(random.nextDouble() * 9 - 6);
      ReleaseBudget budget = ReleaseBudget.of(epsilon, 0);
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      for (int stage = 1; stage <= 2; stage++) {
        List<Set<Statistic>> perColumn = stage == 1 ? stageOne(n) : two;
        NoiseCalibration c = NoiseCalibration.of(budget, stage, perColumn);
        for (Set<Statistic> statistics : perColumn) {
          for (Statistic s : statistics) {
            sum = sum.add(java.math.BigDecimal.valueOf(s.l1Sensitivity()).divide(new java.math.BigDecimal(c.parameter(s)), up));
          }
        }
      }
      assertThat(sum).as("%d columns at eps %s", n, epsilon).isLessThanOrEqualTo(new java.math.BigDecimal(epsilon));
      // and no utility is given away: the margin is tiny
      assertThat(sum.doubleValue()).isGreaterThan(epsilon * (1 - 1e-11));
    }
  }

  @Test
  void badBudgetsAreBadInputNeverANoiselessRelease() {
    for (double delta : new double[] {0.1, 1, -1, 1.1e-6, Double.NaN}) {
      assertThatThrownBy(() -> ReleaseBudget.of(1.0, delta)).as("delta " + delta).isInstanceOf(AuroraException.class);
    }
    for (double epsilon : new double[] {0, -1, 1e-300, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ReleaseBudget.of(epsilon, 1e-9)).as("epsilon " + epsilon).isInstanceOf(AuroraException.class);
    }
    assertThat(ReleaseBudget.of(1.0, 1e-6).delta()).isEqualTo(1e-6);
  }

  @Test
  void theLedgerTextNamesTheMechanismAndTheStageSplitWithoutData() {
    String text = ReleaseBudget.of(1.0, 1e-9).describe();
    assertThat(text).contains("discrete Gaussian").contains("stage 1").contains("stage 2").contains("rho=0.01497");
    assertThat(ReleaseBudget.of(1.0, 0).describe()).contains("discrete Laplace").contains("eps=0.3");
  }
}
