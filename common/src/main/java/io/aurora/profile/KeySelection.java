package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.privacy.NoiseSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Differentially private key selection (the Gaussian thresholding of Google's and OpenDP's partition
 * selection): each key's exact row count gets discrete Gaussian noise and the keys whose noisy count
 * reaches a threshold are released, in sorted order; the counts themselves are not.
 *
 * <p>Sensitivity: one row adds 1 to at most {@code l0} keys ({@code maxKeysPerRow}), so the count
 * vector of the keys both neighbours hold moves by at most √l0 in L2: ρ = l0 / (2σ²). A key only one
 * neighbour holds has count 1 there; it is released with probability P(1 + Z ≥ τ) ≤ exp(−(τ−1)²/(2σ²))
 * (the discrete Gaussian is σ-sub-Gaussian, Canonne, Kamath, Steinke 2020), at most l0 such keys: the
 * selection is (ρ, δ)-approximate zCDP with δ = l0·exp(−(τ−1)²/(2σ²)), so τ = 1 + σ·√(2 ln(l0/δ)).
 * A function of (ρ, δ, l0) only, never of the data.
 */
public record KeySelection(double rho, double delta, int maxKeysPerRow) {
  public KeySelection {
    if (!(rho > 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be positive and finite, got " + rho);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
    if (maxKeysPerRow < 1) {
      throw new IllegalArgumentException("maxKeysPerRow must be at least 1, got " + maxKeysPerRow);
    }
  }

  /** The selection a run's budget provides. */
  public static KeySelection of(ReleaseBudget budget) {
    if (!budget.selectsKeys()) {
      throw new IllegalArgumentException("the budget has no key selection");
    }
    return new KeySelection(budget.keySelectionRho(), budget.selectionDelta(), budget.maxKeysPerRow());
  }

  /** The variance of the noise on each count. */
  public double sigmaSquared() {
    return maxKeysPerRow / (2 * rho);
  }

  /** The noisy count a key needs to be released. */
  public double threshold() {
    return 1 + Math.sqrt(sigmaSquared()) * Math.sqrt(2 * Math.log(maxKeysPerRow / delta));
  }

  /**
   * The keys released from {@code rowCounts} (key → rows holding it, every key with at least one row;
   * each row counted for at most {@link #maxKeysPerRow} keys), sorted. Streams the counts: one noise draw
   * per key, nothing kept but the keys released.
   */
  public List<String> select(Iterator<Map.Entry<String, Long>> rowCounts, NoiseSource noise) {
    requireNonNull(rowCounts, "rowCounts is null");
    requireNonNull(noise, "noise is null");
    double sigmaSquared = sigmaSquared();
    double threshold = threshold();
    List<String> kept = new ArrayList<>();
    while (rowCounts.hasNext()) {
      Map.Entry<String, Long> e = rowCounts.next();
      if (e.getValue() + noise.discreteGaussian(sigmaSquared) >= threshold) {
        kept.add(e.getKey());
      }
    }
    kept.sort(null);
    return kept;
  }
}
