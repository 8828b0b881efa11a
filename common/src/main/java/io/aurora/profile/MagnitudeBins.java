package io.aurora.profile;

/**
 * Data-independent bins for numeric values: zero, NaN, ±Inf, and per sign eight equal-width bins per
 * power of two ("octave") from 2^-32 to 2^64 (each bin spans at most 12.5 % of its lower bound), plus
 * a tiny and a huge bin per sign. The index comes from the IEEE-754 bits (no logarithm per value).
 */
final class MagnitudeBins {
  static final int NAN = 0;
  static final int POS_INF = 1;
  static final int NEG_INF = 2;
  static final int ZERO = 3;
  static final int NEG_TINY = 4;
  static final int POS_TINY = 5;
  static final int NEG_HUGE = 6;
  static final int POS_HUGE = 7;
  static final int MIN_EXPONENT = -32;
  static final int MAX_EXPONENT = 63;
  static final int OCTAVES = MAX_EXPONENT - MIN_EXPONENT + 1;
  /** Bins per octave: the top three mantissa bits. */
  static final int PER_OCTAVE = 8;
  static final int FIRST_NEG = 8;
  static final int FIRST_POS = FIRST_NEG + PER_OCTAVE * OCTAVES;
  static final int COUNT = FIRST_POS + PER_OCTAVE * OCTAVES;

  private MagnitudeBins() {}

  static int index(double x) {
    long bits = Double.doubleToRawLongBits(x);
    // the common case first, with one branch: a normal value of an octave that has bins (zero,
    // subnormals, NaN and the infinities have exponent fields outside the range)
    int octave = (int) ((bits >>> 52) & 0x7FF) - Double.MAX_EXPONENT - MIN_EXPONENT;
    if (octave >= 0 && octave < OCTAVES) {
      return (bits < 0 ? FIRST_NEG : FIRST_POS) + PER_OCTAVE * octave + (int) ((bits >>> 49) & 7L);
    }
    return indexGenerally(x);
  }

  /**
   * {@link #index} case by case, for every value: what it does for zero, NaN, the infinities and
   * values beyond the octaves that have bins, and the reference its fast path is tested against.
   */
  static int indexGenerally(double x) {
    if (x == 0.0) {
      return ZERO;
    }
    if (Double.isNaN(x)) {
      return NAN;
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? POS_INF : NEG_INF;
    }
    long bits = Double.doubleToRawLongBits(x);
    boolean negative = bits < 0;
    int exponent = Math.getExponent(x);
    if (exponent < MIN_EXPONENT) {
      return negative ? NEG_TINY : POS_TINY;
    }
    if (exponent > MAX_EXPONENT) {
      return negative ? NEG_HUGE : POS_HUGE;
    }
    int sub = (int) ((bits >>> 49) & 7L);
    return (negative ? FIRST_NEG : FIRST_POS) + PER_OCTAVE * (exponent - MIN_EXPONENT) + sub;
  }

  /** True for bins of finite values. */
  static boolean finite(int bin) {
    return bin >= ZERO;
  }

  /** Lower bound of the absolute values in a finite bin (0 for zero). */
  static double absLow(int bin) {
    return switch (bin) {
      case ZERO -> 0.0;
      case NEG_TINY, POS_TINY -> 0.0;
      case NEG_HUGE, POS_HUGE -> Math.scalb(1.0, MAX_EXPONENT + 1);
      default -> {
        int rel = bin >= FIRST_POS ? bin - FIRST_POS : bin - FIRST_NEG;
        int exponent = rel / PER_OCTAVE + MIN_EXPONENT;
        yield Math.scalb(1.0 + (rel % PER_OCTAVE) / (double) PER_OCTAVE, exponent);
      }
    };
  }

  /** Upper bound of the absolute values in a finite bin. */
  static double absHigh(int bin) {
    return switch (bin) {
      case ZERO -> 0.0;
      case NEG_TINY, POS_TINY -> Math.scalb(1.0, MIN_EXPONENT);
      case NEG_HUGE, POS_HUGE -> Math.scalb(1.0, MAX_EXPONENT + 2);
      default -> {
        int rel = bin >= FIRST_POS ? bin - FIRST_POS : bin - FIRST_NEG;
        int exponent = rel / PER_OCTAVE + MIN_EXPONENT;
        yield Math.scalb(1.0 + (rel % PER_OCTAVE + 1) / (double) PER_OCTAVE, exponent);
      }
    };
  }

  static boolean negative(int bin) {
    return bin == NEG_TINY || bin == NEG_HUGE || (bin >= FIRST_NEG && bin < FIRST_POS);
  }

  /** Representative value of a finite bin: the middle of its (narrow, linear) range, signed. */
  static double representative(int bin) {
    if (bin == ZERO) {
      return 0.0;
    }
    double mid = (absLow(bin) + absHigh(bin)) / 2;
    return negative(bin) ? -mid : mid;
  }

  /** The octave group of a sign-and-exponent bin (bins sharing sign and power of two), or -1 for special bins. */
  static int group(int bin) {
    return bin < FIRST_NEG ? -1 : (bin - FIRST_NEG) / PER_OCTAVE;
  }

  /** The finite bins in increasing order of value. */
  static int[] finiteBinsInValueOrder() {
    int[] order = new int[COUNT - ZERO];
    int k = 0;
    order[k++] = NEG_HUGE;
    for (int rel = PER_OCTAVE * OCTAVES - 1; rel >= 0; rel--) {
      order[k++] = FIRST_NEG + rel;
    }
    order[k++] = NEG_TINY;
    order[k++] = ZERO;
    order[k++] = POS_TINY;
    for (int rel = 0; rel < PER_OCTAVE * OCTAVES; rel++) {
      order[k++] = FIRST_POS + rel;
    }
    order[k++] = POS_HUGE;
    return order;
  }
}
