package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How much noise every count released in one stage of a run gets, from the stage's budget, the
 * statistics released per column in that stage and their fixed public budget weights
 * ({@link Statistic#budgetWeight()}) — never from data. A statistic s with weight w_s gets noise
 * parameter {@code parameter / w_s}: with δ = 0, discrete Laplace with scale b_s = U₁ / (ε_stage w_s),
 * where U₁ = Σ over the stage's columns and statistics of w_s Δ1_s, so Σ Δ1_s / b_s = ε_stage; with
 * δ > 0, discrete Gaussian with σ_s² = U₂ / (2 ρ_stage w_s), where U₂ = Σ w_s Δ2_s², so
 * Σ Δ2_s² / (2σ_s²) = ρ_stage.
 *
 * @param units the weighted sensitivity units U₁ or U₂ of the stage
 * @param parameter the base noise parameter (Laplace scale, or Gaussian variance) of a statistic of weight 1
 */
public record NoiseCalibration(Mechanism mechanism, int stage, double amount, int columns, double units, double parameter,
    Map<Statistic, Double> weights) {

  /** The noise distribution of a run. */
  public enum Mechanism { DISCRETE_LAPLACE, DISCRETE_GAUSSIAN }

  public NoiseCalibration {
    requireNonNull(mechanism, "mechanism is null");
    weights = java.util.Collections.unmodifiableMap(new EnumMap<>(requireNonNull(weights, "weights is null")));
  }

  /** Calibration of {@code stage} of {@code budget} releasing {@code perColumn.get(i)} for column i (shipped weights). */
  public static NoiseCalibration of(ReleaseBudget budget, int stage, List<Set<Statistic>> perColumn) {
    return of(budget, stage, perColumn, Statistic.shippedWeights());
  }

  /** As {@link #of(ReleaseBudget, int, List)} with explicit public weights (e.g. to compare splits in a benchmark). */
  public static NoiseCalibration of(ReleaseBudget budget, int stage, List<Set<Statistic>> perColumn,
      Map<Statistic, Double> weights) {
    requireNonNull(budget, "budget is null");
    requireNonNull(weights, "weights is null");
    boolean laplace = budget.laplace();
    double units = 0;
    int columns = 0;
    for (Set<Statistic> statistics : perColumn) {
      double u = weightedUnits(statistics, laplace, weights);
      units += u;
      // a run-level count (the malformed records) is charged like a column's statistic but is no column
      columns += u > 0 && statistics.stream().anyMatch(Statistic::perColumn) ? 1 : 0;
    }
    double amount = budget.stageAmount(stage);
    // a stage that releases nothing needs no noise; any positive units keep the parameter finite
    double u = units > 0 ? units : 1;
    // Laplace: the scale is rounded up so that Σ Δ1/b never exceeds the stage's ε by a rounding ulp
    double parameter = laplace ? Math.nextUp(u / amount) : u / (2 * amount);
    return new NoiseCalibration(budget.mechanism(), stage, amount, columns, units, parameter, weights);
  }

  private static double weightedUnits(Set<Statistic> statistics, boolean laplace, Map<Statistic, Double> weights) {
    double u = 0;
    for (Statistic s : statistics) {
      Double w = weights.get(s);
      if (w == null || !(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("budget weight of " + s.wireName() + " must be positive and finite, was " + w);
      }
      u += w * (laplace ? s.l1Sensitivity() : s.l2SquaredSensitivity());
    }
    return u;
  }

  /** The noise parameter of one count of {@code statistic}: Laplace scale b_s, or Gaussian variance σ_s². */
  public double parameter(Statistic statistic) {
    double p = parameter / weights.get(statistic);
    return mechanism == Mechanism.DISCRETE_LAPLACE ? Math.nextUp(p) : p;
  }

  /**
   * The privacy cost of releasing {@code statistics} of one column in this stage: ε share
   * Σ Δ1_s / b_s (Laplace) or ρ share Σ Δ2_s² / (2σ_s²) (Gaussian). Over the stage's columns these sum
   * to at most the stage's ε or ρ.
   */
  public double columnCost(Set<Statistic> statistics) {
    double cost = 0;
    for (Statistic s : statistics) {
      cost += mechanism == Mechanism.DISCRETE_LAPLACE
          ? s.l1Sensitivity() / parameter(s)
          : s.l2SquaredSensitivity() / (2 * parameter(s));
    }
    return cost;
  }

  /** Standard deviation of the noise on one count of {@code statistic}, in rows. */
  public double countStd(Statistic statistic) {
    double p = parameter(statistic);
    return mechanism == Mechanism.DISCRETE_LAPLACE ? Math.sqrt(2) * p : Math.sqrt(p);
  }

  /**
   * A count below which a noisy bin of a histogram of {@code statistic} with {@code bins} bins is
   * treated as empty: the chance that pure noise exceeds it in any bin of the histogram is about 1 %.
   */
  public double emptyBinThreshold(Statistic statistic, int bins) {
    double tail = 0.01 / Math.max(bins, 1);
    if (mechanism == Mechanism.DISCRETE_LAPLACE) {
      return parameter(statistic) * Math.log(1 / tail);
    }
    return Math.sqrt(parameter(statistic)) * Math.sqrt(2 * Math.log(1 / tail));
  }

  /** The statistics of this stage, with each one's noise: "kinds 39.5" (σ or b per count). */
  public String describe(Set<Statistic> released) {
    List<String> perStatistic = new ArrayList<>();
    for (Statistic s : released.isEmpty() ? EnumSet.noneOf(Statistic.class) : EnumSet.copyOf(released)) {
      perStatistic.add(String.format(Locale.ROOT, "%s %.4g", s.wireName(),
          mechanism == Mechanism.DISCRETE_LAPLACE ? parameter(s) : Math.sqrt(parameter(s))));
    }
    return String.format(Locale.ROOT, "stage %d over %d columns: %s", stage, columns, String.join(", ", perStatistic));
  }
}
