package io.aurora.profile;

/**
 * Post-processing of a released {@link Statistic#MAGNITUDES} statistic: the two noisy levels are made
 * consistent, pure-noise octaves are removed and each kept octave's rows are spread over its eighths.
 * Reads only the released counts and the public noise std.
 *
 * <ol>
 *   <li>Consistency: for an octave with noisy count c and eighths f₁…f₈, the least-squares estimates
 *       under Σ F = C are F_i = f_i + r/9 and C = c − r/9 with r = c − Σ f (Hay et al. 2010): the octave
 *       count then has variance 8σ²/9 instead of the 8σ² of summing the eighths. A special bin
 *       (zero, NaN, ±Inf, tiny, huge) is released on both levels; the two are averaged.
 *   <li>Support: an octave is kept when its count clears {@link #STRONG} noise std (about one false
 *       octave in a hundred columns), or {@link #WEAK} std while next to a kept octave of the same
 *       sign (hysteresis, as in edge detection): real values fill a range of octaves, so a thin tail
 *       next to the body survives at half the strong threshold while isolated noise does not.
 *   <li>Shape: a kept octave's count goes to its eighths in proportion to their positive estimates
 *       when those clear the noise together, else evenly.
 * </ol>
 */
final class MagnitudeHistogram {
  /** Noise std an isolated octave must clear: P(N(0,1) > 3.9) × 192 octaves ≈ 1 %. */
  static final double STRONG = 3.9;
  /** Noise std an octave next to a kept one must clear. */
  static final double WEAK = 2.0;
  /** Noise std an eighth must clear to take a share of its octave's rows by itself. */
  static final double EIGHTH = 2.5;
  private static final int PER = MagnitudeBins.PER_OCTAVE;
  private static final int OCTAVES = MagnitudeBins.OCTAVES;

  private MagnitudeHistogram() {}

  /**
   * The consistent, denoised fine histogram (indexed by {@link MagnitudeBins}) of a released vector
   * {@code noisy} (coarse level then fine level, as {@link MagnitudeCounts#exact()}) whose counts
   * have noise std {@code std}.
   */
  static double[] denoise(double[] noisy, double std) {
    int coarse = MagnitudeCounts.COARSE;
    double[] fine = new double[MagnitudeBins.COUNT];
    double[] octave = new double[2 * OCTAVES];
    double[] eighths = new double[MagnitudeBins.COUNT];
    // 1. consistency
    for (int bin = 0; bin < MagnitudeBins.FIRST_NEG; bin++) {
      double both = (noisy[bin] + noisy[coarse + bin]) / 2;
      fine[bin] = both >= STRONG * std / Math.sqrt(2) ? both : 0;
    }
    for (int g = 0; g < 2 * OCTAVES; g++) {
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      double sum = 0;
      for (int i = 0; i < PER; i++) {
        sum += noisy[coarse + first + i];
      }
      double r = noisy[MagnitudeBins.FIRST_NEG + g] - sum;
      octave[g] = noisy[MagnitudeBins.FIRST_NEG + g] - r / (PER + 1);
      for (int i = 0; i < PER; i++) {
        eighths[first + i] = noisy[coarse + first + i] + r / (PER + 1);
      }
    }
    // 2. support, per sign: strong octaves, then their weak neighbours, repeatedly
    double octaveStd = std * Math.sqrt(PER / (PER + 1.0));
    boolean[] keep = new boolean[2 * OCTAVES];
    for (int g = 0; g < keep.length; g++) {
      keep[g] = octave[g] >= STRONG * octaveStd;
    }
    boolean grown = true;
    while (grown) {
      grown = false;
      for (int g = 0; g < keep.length; g++) {
        if (keep[g] || octave[g] < WEAK * octaveStd) {
          continue;
        }
        int sign = g / OCTAVES;
        boolean left = g - 1 >= sign * OCTAVES && keep[g - 1];
        boolean right = g + 1 < (sign + 1) * OCTAVES && keep[g + 1];
        if (left || right) {
          keep[g] = true;
          grown = true;
        }
      }
    }
    // 3. shape inside kept octaves
    for (int g = 0; g < keep.length; g++) {
      if (!keep[g]) {
        continue;
      }
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      double strong = 0;
      double positive = 0;
      for (int i = 0; i < PER; i++) {
        double e = eighths[first + i];
        strong += e >= EIGHTH * std ? e : 0;
        positive += Math.max(0, e);
      }
      // Eighths that clear the noise take the octave's rows (a narrow column fills one or two); else
      // the positive parts, when they sum beyond what eight pure-noise bins give (about 3.2 std); else
      // nothing is known of the shape inside the octave and it is spread evenly.
      for (int i = 0; i < PER; i++) {
        double e = eighths[first + i];
        fine[first + i] = strong > 0 ? (e >= EIGHTH * std ? octave[g] * e / strong : 0)
            : positive > 2 * std * Math.sqrt(PER) ? octave[g] * Math.max(0, e) / positive
            : octave[g] / PER;
      }
    }
    return fine;
  }

  /**
   * The denoised histogram {@code denoised} with what the support step may have dropped next to it
   * put back: every dropped octave within {@code reach} octaves of a kept one of the same sign gets
   * its consistent noisy count when positive, spread evenly over its eighths. A thin tail below the
   * support thresholds is in this histogram at about its true size, so re-releasing it shows how far
   * denoising biases a tail-driven statistic (span, high quantiles, moments); where no tail is, it
   * adds only positive noise, which widens an interval rather than narrowing it.
   */
  static double[] withPlausibleTails(double[] noisy, double[] denoised, int reach) {
    int coarse = MagnitudeCounts.COARSE;
    double[] out = denoised.clone();
    boolean[] kept = new boolean[2 * OCTAVES];
    for (int g = 0; g < kept.length; g++) {
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      for (int i = 0; i < PER; i++) {
        kept[g] |= denoised[first + i] > 0;
      }
    }
    for (int g = 0; g < kept.length; g++) {
      if (kept[g] || !keptNear(kept, g, reach)) {
        continue;
      }
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      double sum = 0;
      for (int i = 0; i < PER; i++) {
        sum += noisy[coarse + first + i];
      }
      double c = noisy[MagnitudeBins.FIRST_NEG + g];
      double octave = c - (c - sum) / (PER + 1);
      for (int i = 0; i < PER; i++) {
        out[first + i] = Math.max(0, octave) / PER;
      }
    }
    return out;
  }

  private static boolean keptNear(boolean[] kept, int g, int reach) {
    int sign = g / OCTAVES;
    for (int h = Math.max(sign * OCTAVES, g - reach); h <= Math.min((sign + 1) * OCTAVES - 1, g + reach); h++) {
      if (kept[h]) {
        return true;
      }
    }
    return false;
  }
}
