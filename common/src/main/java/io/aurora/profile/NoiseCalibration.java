package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.privacy.PrivacyCost;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much noise every released count of a run gets, from the run's (ε, δ), the columns' Spark
 * types and the fixed public budget weights of the statistics ({@link Statistic#budgetWeight()})
 * only — never from data. A statistic s with weight w_s gets noise parameter {@code parameter / w_s}:
 * with δ = 0, pure ε-DP discrete Laplace with scale b_s = U₁ / (ε w_s), where U₁ = Σ over columns and
 * their statistics of w_s Δ1_s, so Σ Δ1_s / b_s = ε; with δ > 0, discrete Gaussian noise with
 * σ_s² = U₂ / (2ρ w_s) under ρ-zCDP, where U₂ = Σ w_s Δ2_s², so Σ Δ2_s² / (2σ_s²) = ρ, and ρ is the
 * largest value that {@link PrivacyCost#epsilonOfRho} converts to at most ε at δ.
 *
 * @param units the weighted sensitivity units U₁ or U₂ of the run
 * @param parameter the base noise parameter (Laplace scale, or Gaussian variance) of a statistic of weight 1
 * @param weights the budget weight of every statistic
 */
public record NoiseCalibration(Mechanism mechanism, double epsilon, double delta, int columns, double units, double rho,
    double parameter, Map<Statistic, Double> weights) {

  /** The noise distribution of a run. */
  public enum Mechanism { DISCRETE_LAPLACE, DISCRETE_GAUSSIAN }

  public NoiseCalibration {
    requireNonNull(mechanism, "mechanism is null");
    requireNonNull(weights, "weights is null");
    EnumMap<Statistic, Double> copy = new EnumMap<>(Statistic.class);
    for (Statistic s : Statistic.values()) {
      Double w = weights.get(s);
      if (w == null || !(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("budget weight of " + s.wireName() + " must be positive and finite, was " + w);
      }
      copy.put(s, w);
    }
    weights = java.util.Collections.unmodifiableMap(copy);
  }

  /** Calibration for releasing fingerprints of {@code columns} under (ε, δ) with the shipped budget weights. */
  public static NoiseCalibration of(List<ProfileColumn> columns, double epsilon, double delta) {
    return of(columns, epsilon, delta, Statistic.shippedWeights());
  }

  /**
   * Calibration with explicit budget weights (public constants, e.g. to compare splits in a
   * benchmark); every statistic needs a positive weight.
   */
  public static NoiseCalibration of(List<ProfileColumn> columns, double epsilon, double delta, Map<Statistic, Double> weights) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive and finite, was " + epsilon);
    }
    if (!(delta >= 0) || delta >= 1) {
      throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
    }
    requireNonNull(weights, "weights is null");
    for (Statistic s : Statistic.values()) {
      Double w = weights.get(s);
      if (w == null || !(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("budget weight of " + s.wireName() + " must be positive and finite, was " + w);
      }
    }
    boolean laplace = delta == 0;
    double units = 0;
    for (ProfileColumn c : columns) {
      units += weightedUnits(c.family(), laplace, weights);
    }
    // an empty run releases nothing; any positive units keep the parameter finite
    double u = units > 0 ? units : 1;
    if (laplace) {
      // a relative margin far above the few ulps the divisions (here and in parameter(s)) can lose:
      // Σ Δ1_s / b_s stays ≤ ε exactly, not just to within rounding
      return new NoiseCalibration(Mechanism.DISCRETE_LAPLACE, epsilon, 0, columns.size(), units, 0, u / epsilon * (1 + 1e-12), weights);
    }
    // the conversion the accountant and the audit use (the tighter of Bun–Steinke and CKS20 Cor. 13):
    // the same (ε, δ) guarantee with about 27 % more ρ than the Bun–Steinke closed form at ε = 1, δ = 1e-9
    double rho = PrivacyCost.largestRhoWithin(epsilon, delta);
    return new NoiseCalibration(Mechanism.DISCRETE_GAUSSIAN, epsilon, delta, columns.size(), units, rho, u / (2 * rho), weights);
  }

  private static double weightedUnits(ColumnFamily family, boolean laplace, Map<Statistic, Double> weights) {
    double u = 0;
    for (Statistic s : family.statistics()) {
      u += weights.get(s) * (laplace ? s.l1Sensitivity() : s.l2SquaredSensitivity());
    }
    return u;
  }

  /** The noise parameter of one count of {@code statistic}: Laplace scale b_s, or Gaussian variance σ_s². */
  public double parameter(Statistic statistic) {
    return parameter / weights.get(statistic);
  }

  /**
   * The privacy cost of one column of {@code family}: ε share Σ Δ1_s / b_s (Laplace), or ρ share
   * Σ Δ2_s² / (2σ_s²) (Gaussian). Over all columns of the run these sum to ε, or to ρ.
   */
  double columnCost(ColumnFamily family) {
    double cost = 0;
    for (Statistic s : family.statistics()) {
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
   * Standard deviation of the noise on one count of the row-level statistic {@link Statistic#KINDS}
   * (row count, missingness, type shares): the run's headline noise figure.
   */
  public double countStd() {
    return countStd(Statistic.KINDS);
  }

  /** The ε share of one column: its part of the run's cost. Sums to the run's ε over the columns. */
  public double epsilonShare(ColumnFamily family) {
    if (units == 0) {
      return 0;
    }
    double whole = mechanism == Mechanism.DISCRETE_LAPLACE ? epsilon : rho;
    return epsilon * columnCost(family) / whole;
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

  /**
   * A threshold for the sum of {@code summed} noisy counts of {@code statistic}, in a histogram of
   * {@code groups} such sums, below which the group is treated as empty (about 1 % chance that pure
   * noise exceeds it).
   */
  public double emptySumThreshold(Statistic statistic, int groups, int summed) {
    double tail = 0.01 / Math.max(groups, 1);
    return countStd(statistic) * Math.sqrt(summed) * Math.sqrt(2 * Math.log(1 / tail));
  }

  /**
   * Probability that the noise on one count of {@code statistic} is at least {@code threshold} rows
   * (continuous approximation of the discrete distribution; for post-processing corrections only).
   */
  public double upperTail(Statistic statistic, double threshold) {
    double p = parameter(statistic);
    if (mechanism == Mechanism.DISCRETE_LAPLACE) {
      return threshold <= 0 ? 1 - 0.5 * Math.exp(threshold / p) : 0.5 * Math.exp(-threshold / p);
    }
    return 0.5 * org.apache.commons.math3.special.Erf.erfc(threshold / Math.sqrt(2 * p));
  }

  /** One line for the ledger and the run summary: the mechanism, the budget and every statistic's noise. */
  public String describe() {
    List<String> perStatistic = new ArrayList<>();
    for (Statistic s : Statistic.values()) {
      perStatistic.add(String.format(Locale.ROOT, "%s %.4g", s.wireName(),
          mechanism == Mechanism.DISCRETE_LAPLACE ? parameter(s) : Math.sqrt(parameter(s))));
    }
    String scales = String.join(", ", perStatistic);
    return mechanism == Mechanism.DISCRETE_LAPLACE
        ? String.format(Locale.ROOT, "fingerprint histograms, discrete Laplace scale per count (%s), pure eps=%.4g over %d columns (%.4g weighted L1 sensitivity units)",
            scales, epsilon, columns, units)
        : String.format(Locale.ROOT, "fingerprint histograms, discrete Gaussian sigma per count (%s), rho=%.4g zCDP -> (eps=%.4g, delta=%.3g) over %d columns (%.4g weighted L2^2 sensitivity units)",
            scales, rho, epsilon, delta, columns, units);
  }
}
