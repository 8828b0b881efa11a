package io.aurora.profile;

/**
 * Data-independent bins for occurrence counts of a value: exact for 1..8, then four bins per power
 * of two up to 2^40, then one overflow bin.
 */
final class FrequencyBins {
  private static final int EXACT = 8;
  private static final int PER_OCTAVE = 4;
  private static final int MAX_LOG = 40;
  static final int COUNT = EXACT + PER_OCTAVE * (MAX_LOG - 3) + 1;

  private FrequencyBins() {}

  static int index(long count) {
    if (count <= EXACT) {
      return (int) Math.max(count, 1) - 1;
    }
    double lg = Math.log(count) / Math.log(2);
    int bin = EXACT + (int) Math.floor(PER_OCTAVE * (lg - 3));
    return Math.min(bin, COUNT - 1);
  }

  /** A representative count of a bin (geometric middle). */
  static double representative(int bin) {
    if (bin < EXACT) {
      return bin + 1;
    }
    return Math.pow(2, 3 + (bin - EXACT + 0.5) / PER_OCTAVE);
  }

  /** The smallest count of a bin. */
  static double lowerBound(int bin) {
    if (bin < EXACT) {
      return bin + 1;
    }
    return Math.ceil(Math.pow(2, 3 + (bin - EXACT) / (double) PER_OCTAVE));
  }
}
