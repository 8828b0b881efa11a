package io.aurora.profile;

/**
 * Which bins of a released histogram hold values, read off the noise with hysteresis (as edge
 * detectors do): a bin is kept when it clears a strong threshold, set for about one false bin in a
 * hundred histograms, or a weak one next to a kept bin. Real values fill runs of neighbouring bins
 * (lengths, occurrence counts and magnitudes are ordered), so the edge of a distribution survives at
 * the weak threshold while an isolated noisy bin far out does not — one stray bin of a million
 * characters or occurrences would otherwise dominate every mean. Post-processing of released counts
 * and public noise scales only.
 */
final class HistogramSupport {
  /** Noise std a bin next to a kept one must clear. */
  static final double WEAK = 2.0;

  private HistogramSupport() {}

  /** The z of a one-sided tail of {@code p} (Gaussian), for the strong threshold of {@code bins} bins at 1 %. */
  static double strongZ(int bins) {
    double tail = 0.01 / Math.max(1, bins);
    return Math.sqrt(2 * Math.log(1 / tail)) - 0.4; // within 0.1 std of the exact quantile for these tails
  }

  /** The kept bins of {@code noisy} (noise std {@code std}) with their noisy counts, the others 0. */
  static double[] keep(double[] noisy, double std) {
    double strong = strongZ(noisy.length) * std;
    double weak = WEAK * std;
    boolean[] kept = new boolean[noisy.length];
    for (int i = 0; i < noisy.length; i++) {
      kept[i] = noisy[i] >= strong && noisy[i] > 0;
    }
    boolean grown = true;
    while (grown) {
      grown = false;
      for (int i = 0; i < noisy.length; i++) {
        if (!kept[i] && noisy[i] >= weak && noisy[i] > 0
            && ((i > 0 && kept[i - 1]) || (i + 1 < noisy.length && kept[i + 1]))) {
          kept[i] = true;
          grown = true;
        }
      }
    }
    double[] out = new double[noisy.length];
    for (int i = 0; i < noisy.length; i++) {
      out[i] = kept[i] ? noisy[i] : 0;
    }
    return out;
  }
  /**
   * {@code kept} (from {@link #keep}) with the noisy count put back, when positive, in each dropped bin
   * within {@code reach} bins of a kept one: a thin tail at about its true size, to re-release and see
   * how far dropping it biases a statistic.
   */
  static double[] withPlausibleTails(double[] noisy, double[] kept, int reach) {
    double[] out = kept.clone();
    for (int i = 0; i < kept.length; i++) {
      if (kept[i] > 0) {
        continue;
      }
      for (int j = Math.max(0, i - reach); j <= Math.min(kept.length - 1, i + reach); j++) {
        if (kept[j] > 0) {
          out[i] = Math.max(0, noisy[i]);
          break;
        }
      }
    }
    return out;
  }


  /**
   * A replicate of a denoised histogram for the parametric bootstrap: every kept bin with fresh noise
   * of the release's std (clipped at zero), empty bins left empty. It measures how much a derived
   * statistic moves with the noise on the bins that carry the values.
   */
  static double[] replicate(double[] denoised, double std, java.util.random.RandomGenerator random) {
    double[] out = new double[denoised.length];
    for (int i = 0; i < denoised.length; i++) {
      out[i] = denoised[i] > 0 ? Math.max(0, denoised[i] + std * random.nextGaussian()) : 0;
    }
    return out;
  }
}
