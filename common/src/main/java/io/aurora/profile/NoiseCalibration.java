package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * How much noise every released count of a run gets, from the run's (ε, δ) and the columns' Spark
 * types only (never from data). All histogram bins of all columns get the same noise scale; the
 * budget is composed over columns × statistics by sensitivity units: with δ = 0, pure ε-DP discrete
 * Laplace with scale b = U₁/ε, where U₁ is the sum of the L1 sensitivities of all released
 * statistics; with δ > 0, discrete Gaussian noise with σ² = U₂/(2ρ) under ρ-zCDP, where U₂ sums the
 * squared L2 sensitivities and ρ is the largest value with ρ + 2√(ρ ln(1/δ)) ≤ ε.
 */
public record NoiseCalibration(Mechanism mechanism, double epsilon, double delta, int columns, long units, double rho, double parameter) {

  /** The noise distribution of a run. */
  public enum Mechanism { DISCRETE_LAPLACE, DISCRETE_GAUSSIAN }

  public NoiseCalibration {
    requireNonNull(mechanism, "mechanism is null");
  }

  /** Calibration for releasing fingerprints of {@code columns} under (ε, δ). */
  public static NoiseCalibration of(List<ProfileColumn> columns, double epsilon, double delta) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive and finite, was " + epsilon);
    }
    if (!(delta >= 0) || delta >= 1) {
      throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
    }
    if (delta == 0) {
      long u1 = columns.stream().mapToLong(c -> c.family().l1Units()).sum();
      return new NoiseCalibration(Mechanism.DISCRETE_LAPLACE, epsilon, 0, columns.size(), u1, 0, Math.max(u1, 1) / epsilon);
    }
    long u2 = columns.stream().mapToLong(c -> c.family().l2SquaredUnits()).sum();
    double rho = rhoFor(epsilon, delta);
    return new NoiseCalibration(Mechanism.DISCRETE_GAUSSIAN, epsilon, delta, columns.size(), u2, rho, Math.max(u2, 1) / (2 * rho));
  }

  /** The largest ρ whose zCDP guarantee converts to (ε, δ)-DP: ε = ρ + 2√(ρ ln(1/δ)) (Bun and Steinke 2016). */
  static double rhoFor(double epsilon, double delta) {
    double l = Math.log(1 / delta);
    double root = Math.sqrt(l + epsilon) - Math.sqrt(l);
    return root * root;
  }

  /** Standard deviation of the noise on one released count, in rows. */
  public double countStd() {
    return mechanism == Mechanism.DISCRETE_LAPLACE ? Math.sqrt(2) * parameter : Math.sqrt(parameter);
  }

  /** The ε share of one column: its sensitivity units over the run's. Sums to the run's ε. */
  public double epsilonShare(ColumnFamily family) {
    int columnUnits = mechanism == Mechanism.DISCRETE_LAPLACE ? family.l1Units() : family.l2SquaredUnits();
    return units == 0 ? 0 : epsilon * columnUnits / units;
  }

  /**
   * A count below which a noisy bin of a histogram with {@code bins} bins is treated as empty: the
   * chance that pure noise exceeds it in any bin of the histogram is about 1 %.
   */
  public double emptyBinThreshold(int bins) {
    double tail = 0.01 / Math.max(bins, 1);
    if (mechanism == Mechanism.DISCRETE_LAPLACE) {
      return parameter * Math.log(1 / tail);
    }
    return Math.sqrt(parameter) * Math.sqrt(2 * Math.log(1 / tail));
  }

  /**
   * A threshold for the sum of {@code summed} noisy counts, in a histogram of {@code groups} such
   * sums, below which the group is treated as empty (about 1 % chance that pure noise exceeds it).
   */
  public double emptySumThreshold(int groups, int summed) {
    double tail = 0.01 / Math.max(groups, 1);
    return countStd() * Math.sqrt(summed) * Math.sqrt(2 * Math.log(1 / tail));
  }

  /**
   * Probability that the noise on one count is at least {@code threshold} rows (continuous
   * approximation of the discrete distribution; for post-processing corrections only).
   */
  public double upperTail(double threshold) {
    if (mechanism == Mechanism.DISCRETE_LAPLACE) {
      return threshold <= 0 ? 1 - 0.5 * Math.exp(threshold / parameter) : 0.5 * Math.exp(-threshold / parameter);
    }
    return 0.5 * org.apache.commons.math3.special.Erf.erfc(threshold / Math.sqrt(2 * parameter));
  }

  /** One line for the ledger and the run summary. */
  public String describe() {
    return mechanism == Mechanism.DISCRETE_LAPLACE
        ? String.format(Locale.ROOT, "fingerprint histograms, discrete Laplace scale %.4g per count, pure eps=%.4g over %d columns (%d L1 sensitivity units)",
            parameter, epsilon, columns, units)
        : String.format(Locale.ROOT, "fingerprint histograms, discrete Gaussian sigma=%.4g per count, rho=%.4g zCDP -> (eps=%.4g, delta=%.3g) over %d columns (%d L2^2 sensitivity units)",
            Math.sqrt(parameter), rho, epsilon, delta, columns, units);
  }
}
