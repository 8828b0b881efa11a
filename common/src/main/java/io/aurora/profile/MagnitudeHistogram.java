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
    double octaveStd = octaveStd(std);
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
    double[] out = denoised.clone();
    double[] count = octaveCounts(denoised);
    boolean[] kept = kept(count);
    for (int g = 0; g < kept.length; g++) {
      if (kept[g] || !keptNear(kept, g, reach)) {
        continue;
      }
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      double octave = consistentOctave(noisy, g);
      for (int i = 0; i < PER; i++) {
        out[first + i] = Math.max(0, octave) / PER;
      }
    }
    return out;
  }

  /**
   * The denoised histogram {@code denoised} with the rows its support step dropped from its far tails
   * put back where the release reads them. The kinds say how many numbers the column holds ({@code
   * expected}, noise std {@code expectedStd}); when the kept bins hold reliably fewer ({@code z} std
   * of the difference), some rows lie in dropped octaves — often a thin tail of large values spread
   * over several octaves, each under the thresholds, whose loss drags the high quantiles and the span
   * towards the body. Past the largest kept octave of each sign, the next {@code reach} octaves take
   * rows back when they together read reliably more than noise (2 std of their sum): each in
   * proportion to its positive consistent reading and never beyond it, spread evenly over its
   * eighths. Where the readings cannot tell a tail from noise nothing moves: rows put into pure-noise
   * octaves far out would move a high quantile by orders of magnitude. Post-processing of released
   * counts and public noise scales only.
   */
  static double[] filled(double[] noisy, double[] denoised, double std, double expected, double expectedStd,
      int reach, double z) {
    double octaveStd = octaveStd(std);
    double[] count = octaveCounts(denoised);
    boolean[] kept = kept(count);
    double held = 0;
    double heldVariance = 0;
    for (int g = 0; g < kept.length; g++) {
      held += count[g];
      heldVariance += kept[g] ? octaveStd * octaveStd : 0;
    }
    for (int bin = 0; bin < MagnitudeBins.FIRST_NEG; bin++) {
      held += denoised[bin];
      heldVariance += denoised[bin] > 0 ? std * std / 2 : 0;
    }
    double missing = expected - held;
    if (!(missing > z * Math.sqrt(expectedStd * expectedStd + heldVariance))) {
      return denoised;
    }
    double[] reading = new double[count.length];
    double readable = 0;
    for (int sign = 0; sign < 2; sign++) {
      int largest = -1;
      for (int g = sign * OCTAVES; g < (sign + 1) * OCTAVES; g++) {
        largest = kept[g] ? g : largest;
      }
      int last = Math.min((sign + 1) * OCTAVES - 1, largest + reach);
      if (largest < 0 || last <= largest) {
        continue;
      }
      double sum = 0;
      for (int h = largest + 1; h <= last; h++) {
        sum += consistentOctave(noisy, h);
      }
      if (!(sum > 2 * octaveStd * Math.sqrt(last - largest))) {
        continue;
      }
      for (int h = largest + 1; h <= last; h++) {
        reading[h] = Math.max(0, consistentOctave(noisy, h));
        readable += reading[h];
      }
    }
    if (!(readable > 0)) {
      return denoised;
    }
    double scale = Math.min(1, missing / readable);
    double[] out = denoised.clone();
    for (int g = 0; g < kept.length; g++) {
      if (reading[g] > 0) {
        int first = MagnitudeBins.FIRST_NEG + g * PER;
        for (int i = 0; i < PER; i++) {
          out[first + i] = reading[g] * scale / PER;
        }
      }
    }
    return out;
  }

  /** The consistent estimate of octave {@code g}'s count from its two noisy levels (step 1 of {@link #denoise}). */
  private static double consistentOctave(double[] noisy, int g) {
    int first = MagnitudeBins.FIRST_NEG + g * PER;
    double sum = 0;
    for (int i = 0; i < PER; i++) {
      sum += noisy[MagnitudeCounts.COARSE + first + i];
    }
    double c = noisy[MagnitudeBins.FIRST_NEG + g];
    return c - (c - sum) / (PER + 1);
  }

  /**
   * The denoised histogram {@code denoised} with each isolated octave (kept by the strong threshold
   * alone, no kept octave of the same sign next to it) scaled to its count's maximum-likelihood
   * estimate given that it cleared that threshold: the base of the parametric bootstrap. An octave kept
   * only because its noise carried it just over {@link #STRONG} std is mostly noise (about one column in
   * a hundred has one); re-releasing it at its reading would keep it in almost every replicate and make
   * the statistics it moves (high quantiles, the span) look sure. Readings far above the threshold keep
   * about their value.
   */
  static double[] selectionAdjusted(double[] denoised, double std) {
    double octaveStd = octaveStd(std);
    double[] out = denoised.clone();
    double[] count = octaveCounts(denoised);
    boolean[] kept = kept(count);
    for (int g = 0; g < kept.length; g++) {
      int sign = g / OCTAVES;
      boolean neighbour = (g - 1 >= sign * OCTAVES && kept[g - 1]) || (g + 1 < (sign + 1) * OCTAVES && kept[g + 1]);
      if (!kept[g] || neighbour || !(octaveStd > 0)) {
        continue;
      }
      double mu = truncatedMle(count[g] / octaveStd, STRONG) * octaveStd;
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      for (int i = 0; i < PER; i++) {
        out[first + i] = denoised[first + i] * mu / count[g];
      }
    }
    return out;
  }

  /**
   * The mean μ ≥ 0 (in noise std) that makes a reading {@code z} most likely among readings that
   * cleared {@code threshold}: the root of z − μ = φ(t − μ) / (1 − Φ(t − μ)), t the threshold.
   */
  static double truncatedMle(double z, double threshold) {
    double lo = Math.min(0, z) - 10;
    double hi = z;
    for (int i = 0; i < 60; i++) {
      double mu = (lo + hi) / 2;
      if (z - mu > millsRatio(threshold - mu)) {
        lo = mu;
      } else {
        hi = mu;
      }
    }
    return Math.max(0, (lo + hi) / 2);
  }

  /** φ(a) / (1 − Φ(a)), the standard normal's hazard at a. */
  private static double millsRatio(double a) {
    double tail = 0.5 * org.apache.commons.math3.special.Erf.erfc(a / Math.sqrt(2));
    double density = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
    return tail > 0 ? density / tail : a;
  }

  /**
   * Whether a finite bin of the given sign (zero has none) holds rows in any of {@code fines}: a
   * statistic of the values cannot lie across zero from every value the histograms show.
   */
  static boolean holdsSign(boolean negative, double[]... fines) {
    for (int bin = MagnitudeBins.ZERO + 1; bin < MagnitudeBins.COUNT; bin++) {
      if (MagnitudeBins.negative(bin) != negative) {
        continue;
      }
      for (double[] fine : fines) {
        if (fine[bin] > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A one-sided 95 % upper bound on the rows of one sign ({@code negative}) when denoising kept no
   * octave of that sign (else NaN): a thin side under the thresholds (Forbes2000's few losses) is
   * not evidence of none. Values of both signs of a column usually share their magnitudes (profits
   * and losses, gains and falls), so the bound reads the octaves mirroring the other sign's kept
   * ones, and {@code reach} octaves either side of them: the sum of their consistent noisy counts
   * plus 1.645 std of that sum. Post-processing of released counts and the public noise std.
   */
  static double hiddenSideBound(boolean negative, double[] noisy, double[] denoised, double std, int reach) {
    boolean[] kept = kept(octaveCounts(denoised));
    int side = negative ? 0 : OCTAVES;
    int other = negative ? OCTAVES : 0;
    boolean[] read = new boolean[OCTAVES];
    for (int g = 0; g < OCTAVES; g++) {
      if (kept[side + g]) {
        return Double.NaN;
      }
      if (kept[other + g]) {
        for (int h = Math.max(0, g - reach); h <= Math.min(OCTAVES - 1, g + reach); h++) {
          read[h] = true;
        }
      }
    }
    double sum = 0;
    int octaves = 0;
    for (int g = 0; g < OCTAVES; g++) {
      if (read[g]) {
        sum += consistentOctave(noisy, side + g);
        octaves++;
      }
    }
    double octaveStd = octaveStd(std);
    return Math.max(0, sum + 1.645 * octaveStd * Math.sqrt(octaves));
  }

  /**
   * The noise std of an octave's consistent count ({@link #consistentOctave}) when each released count
   * has noise std {@code std}: its coarse count and eighths combined.
   */
  private static double octaveStd(double std) {
    return std * Math.sqrt(PER / (PER + 1.0));
  }

  /** The rows of each octave (indexed as {@link #denoise}'s octaves: negative, then positive) of a fine histogram. */
  private static double[] octaveCounts(double[] fine) {
    double[] count = new double[2 * OCTAVES];
    for (int g = 0; g < count.length; g++) {
      int first = MagnitudeBins.FIRST_NEG + g * PER;
      for (int i = 0; i < PER; i++) {
        count[g] += fine[first + i];
      }
    }
    return count;
  }

  /** Which octaves hold rows, of their counts (from {@link #octaveCounts}). */
  private static boolean[] kept(double[] count) {
    boolean[] kept = new boolean[count.length];
    for (int g = 0; g < kept.length; g++) {
      kept[g] = count[g] > 0;
    }
    return kept;
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
