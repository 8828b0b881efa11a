package io.aurora.profile;

/**
 * Data-independent bins for sizes (characters, tokens, bytes, elements): exact for 0..16, then two
 * bins per power of two up to 2^20, then one overflow bin.
 */
final class SizeBins {
  private static final int EXACT = 16;
  private static final int MAX_LOG = 20;
  static final int COUNT = EXACT + 1 + 2 * (MAX_LOG - 3) + 1;

  private SizeBins() {}

  static int index(int size) {
    if (size <= EXACT) {
      return Math.max(size, 0);
    }
    int lg = 31 - Integer.numberOfLeadingZeros(size);
    if (lg > MAX_LOG) {
      return COUNT - 1;
    }
    int half = (size >>> (lg - 1)) & 1;
    return EXACT + 1 + 2 * (lg - 4) + half;
  }

  /** Middle of the sizes a bin holds. */
  static double representative(int bin) {
    if (bin <= EXACT) {
      return bin;
    }
    if (bin == COUNT - 1) {
      return 1.5 * (1 << MAX_LOG) * 2;
    }
    int rel = bin - EXACT - 1;
    int lg = rel / 2 + 4;
    int half = rel % 2;
    double low = (2 + half) * (double) (1 << (lg - 1));
    double width = 1 << (lg - 1);
    return Math.max(low, EXACT + 1) + (width - 1) / 2.0;
  }
}
