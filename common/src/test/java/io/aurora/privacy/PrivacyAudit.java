package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Empirical privacy audit in the style of Jagielski et al. 2020 and Nasr et al. 2021: runs a mechanism
 * many times on two neighbouring inputs (differing by one row), and turns the observed frequencies of
 * a threshold event into a statistically valid LOWER bound on the mechanism's ε. A correct mechanism
 * keeps the bound below its claimed ε (with probability ≥ 1 − α); a broken one shows a bound above it.
 *
 * <p>Reusable for any mechanism whose output can be mapped to one number (for a whole fingerprint:
 * pick the released field, or a score, that the neighbouring row moves most). The event — "output ≥ τ"
 * or "output ≤ τ", in either direction between the two inputs — is chosen on a first batch of runs and
 * measured on a fresh second batch, so choosing it costs no multiple-testing correction. The bound is
 * ln((p̲ − δ) / q̄) with Clopper–Pearson bounds p̲, q̄ at confidence 1 − α/2 each.
 */
public final class PrivacyAudit {
  private final int trials;
  private final double alpha;
  private final double delta;

  /** {@code trials} runs per input and phase; failure probability {@code alpha}; {@code delta} of the claim (0 for pure DP). */
  public PrivacyAudit(int trials, double alpha, double delta) {
    if (trials < 100) {
      throw new IllegalArgumentException("trials must be at least 100");
    }
    this.trials = trials;
    this.alpha = alpha;
    this.delta = delta;
  }

  /** The audit's finding: the lower bound on ε and the event that gave it. */
  public record Result(double epsilonLowerBound, double threshold, boolean upperTail, boolean neighbourFirst, long hits, long neighbourHits, int trials) {}

  /** Audits a mechanism given as one run on the dataset and one run on its neighbour. */
  public Result audit(DoubleSupplier onDataset, DoubleSupplier onNeighbour) {
    requireNonNull(onDataset, "onDataset is null");
    requireNonNull(onNeighbour, "onNeighbour is null");
    double[] selectA = draw(onDataset);
    double[] selectB = draw(onNeighbour);
    Event best = selectEvent(selectA, selectB);
    double[] a = draw(onDataset);
    double[] b = draw(onNeighbour);
    double[] first = best.neighbourFirst ? b : a;
    double[] second = best.neighbourFirst ? a : b;
    long k1 = count(first, best.threshold, best.upperTail);
    long k2 = count(second, best.threshold, best.upperTail);
    double bound = bound(k1, k2, trials);
    return new Result(bound, best.threshold, best.upperTail, best.neighbourFirst, k1, k2, trials);
  }

  private record Event(double threshold, boolean upperTail, boolean neighbourFirst) {}

  private Event selectEvent(double[] a, double[] b) {
    double[] pooled = new double[a.length + b.length];
    System.arraycopy(a, 0, pooled, 0, a.length);
    System.arraycopy(b, 0, pooled, a.length, b.length);
    double[] thresholds = Arrays.stream(pooled).distinct().sorted().toArray();
    if (thresholds.length > 400) {
      double[] thinned = new double[400];
      for (int i = 0; i < 400; i++) {
        thinned[i] = thresholds[(int) ((long) i * (thresholds.length - 1) / 399)];
      }
      thresholds = thinned;
    }
    Event best = new Event(thresholds[0], true, false);
    double bestBound = Double.NEGATIVE_INFINITY;
    for (double t : thresholds) {
      for (boolean upper : new boolean[] {true, false}) {
        long ka = count(a, t, upper);
        long kb = count(b, t, upper);
        double ab = bound(ka, kb, trials);
        double ba = bound(kb, ka, trials);
        if (ab > bestBound) {
          bestBound = ab;
          best = new Event(t, upper, false);
        }
        if (ba > bestBound) {
          bestBound = ba;
          best = new Event(t, upper, true);
        }
      }
    }
    return best;
  }

  /** ln((p̲ − δ)/q̄): P(E | first) ≥ p̲ and P(E | second) ≤ q̄, each with probability ≥ 1 − α/2. */
  private double bound(long k1, long k2, int n) {
    double pLow = clopperPearsonLower(k1, n, alpha / 2) - delta;
    double qHigh = clopperPearsonUpper(k2, n, alpha / 2);
    if (pLow <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.log(pLow / qHigh);
  }

  static double clopperPearsonLower(long k, long n, double a) {
    return k == 0 ? 0 : new BetaDistribution(k, n - k + 1).inverseCumulativeProbability(a);
  }

  static double clopperPearsonUpper(long k, long n, double a) {
    return k == n ? 1 : new BetaDistribution(k + 1, n - k).inverseCumulativeProbability(1 - a);
  }

  private static long count(double[] xs, double t, boolean upper) {
    long c = 0;
    for (double x : xs) {
      if (upper ? x >= t : x <= t) {
        c++;
      }
    }
    return c;
  }

  private double[] draw(DoubleSupplier run) {
    double[] out = new double[trials];
    for (int i = 0; i < trials; i++) {
      out[i] = run.getAsDouble();
    }
    return out;
  }
}
