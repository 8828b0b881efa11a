package io.aurora.profile;

/**
 * Data-independent bins for sizes (characters, tokens, bytes, elements): 0, 1, then one bin per power
 * of two (2–3, 4–7, 8–15, …) up to 2^20, then one overflow bin. Coarse on purpose: a column's sizes
 * fall in two or three bins, each with many rows, which stand out of the noise where finer bins
 * would each hold a few rows under it; the decisions read only whether values are a word or a
 * sentence, a code or a paragraph.
 */
final class SizeBins {
  private static final int MAX_LOG = 20;
  static final int COUNT = MAX_LOG + 3;

  private SizeBins() {}

  static int index(int size) {
    if (size <= 0) {
      return 0;
    }
    int lg = 31 - Integer.numberOfLeadingZeros(size);
    return lg > MAX_LOG ? COUNT - 1 : 1 + lg;
  }

  /** The geometric middle of the sizes a bin holds (0 and 1 exactly). */
  static double representative(int bin) {
    if (bin <= 1) {
      return bin;
    }
    if (bin == COUNT - 1) {
      return Math.scalb(1.5, MAX_LOG + 1);
    }
    double low = Math.scalb(1.0, bin - 1);
    return Math.sqrt(low * (2 * low - 1));
  }
}
