package io.aurora.profile;

import java.io.Serializable;

/**
 * The {@link Statistic#MAGNITUDES} statistic of one column: its numeric values on the
 * {@link MagnitudeBins}, released on two levels — the octave (sign and power of two) and the eighth
 * of an octave — with the special bins (zero, NaN, ±Inf, tiny, huge) on both. A row lies in one bin
 * of each level, so the release moves by at most one count per level (Δ1 = Δ2² = 2). The coarse
 * level carries a thin tail with the noise of one count instead of eight; post-processing makes the
 * two consistent ({@link MagnitudeHistogram}).
 */
final class MagnitudeCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bins of the coarse level: the special bins, then one per octave and sign. */
  static final int COARSE = MagnitudeBins.FIRST_NEG + 2 * MagnitudeBins.OCTAVES;

  final long[] fine = new long[MagnitudeBins.COUNT];

  void add(int bin, long count) {
    fine[bin] += count;
  }

  void merge(MagnitudeCounts other) {
    for (int i = 0; i < fine.length; i++) {
      fine[i] += other.fine[i];
    }
  }

  /** The coarse bin of a fine bin: special bins stay, the others go to their octave. */
  static int coarse(int bin) {
    return bin < MagnitudeBins.FIRST_NEG ? bin : MagnitudeBins.FIRST_NEG + MagnitudeBins.group(bin);
  }

  /** The released vector: the coarse level ({@link #COARSE} counts), then the fine level. */
  long[] exact() {
    long[] out = new long[COARSE + fine.length];
    for (int bin = 0; bin < fine.length; bin++) {
      out[coarse(bin)] += fine[bin];
    }
    System.arraycopy(fine, 0, out, COARSE, fine.length);
    return out;
  }
}
