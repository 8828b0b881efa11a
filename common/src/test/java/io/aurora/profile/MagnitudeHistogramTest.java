package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MagnitudeHistogramTest {
  private static final double STD = 50;
  private static final double OCTAVE_STD = STD * Math.sqrt(8 / 9.0);

  /** Rows of an octave starting at 2^exponent, spread evenly over its eighths. */
  private static void fill(double[] fine, int exponent, double rows) {
    int first = MagnitudeBins.index(Math.scalb(1.0, exponent));
    for (int i = 0; i < MagnitudeBins.PER_OCTAVE; i++) {
      fine[first + i] += rows / MagnitudeBins.PER_OCTAVE;
    }
  }

  private static double octave(double[] fine, int exponent) {
    int first = MagnitudeBins.index(Math.scalb(1.0, exponent));
    double sum = 0;
    for (int i = 0; i < MagnitudeBins.PER_OCTAVE; i++) {
      sum += fine[first + i];
    }
    return sum;
  }

  /**
   * Among readings that cleared the threshold, one just over it is most likely noise (a mean near
   * zero), one far over it is about its value; in between the estimate grows with the reading.
   */
  @Test
  void theCountOfAReadingThatClearedTheThresholdIsShrunkByTheSelection() {
    double t = MagnitudeHistogram.STRONG;
    assertThat(MagnitudeHistogram.truncatedMle(t + 0.1, t)).isLessThan(1.0);
    assertThat(MagnitudeHistogram.truncatedMle(t + 3, t)).isCloseTo(t + 3, within(0.1));
    assertThat(MagnitudeHistogram.truncatedMle(20, t)).isCloseTo(20, within(1e-6));
    double previous = 0;
    for (double z = t; z <= t + 4; z += 0.25) {
      double mu = MagnitudeHistogram.truncatedMle(z, t);
      assertThat(mu).isGreaterThanOrEqualTo(previous).isBetween(0.0, z);
      previous = mu;
    }
  }

  /**
   * The bootstrap's base keeps the body and a real far cluster as they are, and takes an isolated
   * octave that barely cleared the threshold at the count the selection leaves it.
   */
  @Test
  void aSignIsHeldWhenABinOfThatSignHoldsRowsInAnyHistogram() {
    double[] a = new double[MagnitudeBins.COUNT];
    double[] b = new double[MagnitudeBins.COUNT];
    a[MagnitudeBins.ZERO] = 4; // zero has no sign
    a[MagnitudeBins.NAN] = 9; // not a value on the line
    a[MagnitudeBins.NEG_INF] = 9;
    assertThat(MagnitudeHistogram.holdsSign(true, a, b)).isFalse();
    assertThat(MagnitudeHistogram.holdsSign(false, a, b)).isFalse();
    b[MagnitudeBins.index(100.0)] = 3;
    assertThat(MagnitudeHistogram.holdsSign(false, a, b)).isTrue();
    assertThat(MagnitudeHistogram.holdsSign(true, a, b)).isFalse();
    a[MagnitudeBins.index(-3.0)] = 1;
    assertThat(MagnitudeHistogram.holdsSign(true, a, b)).isTrue();
    a[MagnitudeBins.index(-3.0)] = 0;
    b[MagnitudeBins.NEG_TINY] = 1;
    assertThat(MagnitudeHistogram.holdsSign(true, a, b)).isTrue();
  }

  @Test
  void onlyAnIsolatedOctaveNearTheThresholdIsShrunk() {
    double[] fine = new double[MagnitudeBins.COUNT];
    fill(fine, 9, 900);
    fill(fine, 10, 1800);
    fill(fine, 11, 300); // the body: 512 to 4095
    fill(fine, 11 + 20, 4.1 * OCTAVE_STD); // noise that cleared the isolated-octave threshold
    fill(fine, -20, 12 * OCTAVE_STD); // a real cluster of tiny values, far above the threshold
    double[] base = MagnitudeHistogram.selectionAdjusted(fine, STD);
    assertThat(octave(base, 9)).isCloseTo(900, within(1e-9));
    assertThat(octave(base, 10)).isCloseTo(1800, within(1e-9));
    assertThat(octave(base, 11)).isCloseTo(300, within(1e-9));
    assertThat(octave(base, 31)).isLessThan(0.5 * OCTAVE_STD);
    assertThat(octave(base, -20)).isCloseTo(12 * OCTAVE_STD, within(0.01 * OCTAVE_STD));
    // the point estimate is not touched: the histogram passed in is unchanged
    assertThat(octave(fine, 31)).isCloseTo(4.1 * OCTAVE_STD, within(1e-9));
  }

  /**
   * A negative side too thin for any octave to clear the thresholds: its bound reads the octaves
   * mirroring the positive body and the reach either side, so it holds those rows plus 1.645 std of
   * their sum, and nothing of negatives far from the positive magnitudes; a side with a kept octave
   * has no bound (its share is read, not hidden).
   */
  @Test
  void theBoundOfAHiddenSideReadsTheOctavesMirroringTheOtherSide() {
    double[] fine = new double[MagnitudeBins.COUNT];
    fill(fine, 6, 600);
    fill(fine, 7, 900);
    int first = MagnitudeBins.index(-Math.scalb(1.0, 7));
    double thin = 1.5 * OCTAVE_STD;
    for (int i = 0; i < MagnitudeBins.PER_OCTAVE; i++) {
      fine[first + i] = thin / MagnitudeBins.PER_OCTAVE;
    }
    int far = MagnitudeBins.index(-Math.scalb(1.0, 30));
    fine[far] = thin; // 2^30: beyond the reach of the positive body
    double[] noisy = released(fine);
    double[] denoised = MagnitudeHistogram.denoise(noisy, STD);
    assertThat(MagnitudeHistogram.holdsSign(true, denoised)).isFalse();
    int octaves = 2 + 2 * FingerprintRelease.TAIL_REACH;
    assertThat(MagnitudeHistogram.hiddenSideBound(true, noisy, denoised, STD, FingerprintRelease.TAIL_REACH))
        .isCloseTo(thin + 1.645 * OCTAVE_STD * Math.sqrt(octaves), within(1e-6));
    assertThat(MagnitudeHistogram.hiddenSideBound(false, noisy, denoised, STD, FingerprintRelease.TAIL_REACH)).isNaN();
  }

  /** A released two-level vector (coarse level, then fine) without noise, from a fine histogram. */
  private static double[] released(double[] fine) {
    double[] out = new double[MagnitudeCounts.COARSE + fine.length];
    for (int bin = 0; bin < fine.length; bin++) {
      out[MagnitudeCounts.coarse(bin)] += fine[bin];
      out[MagnitudeCounts.COARSE + bin] = fine[bin];
    }
    return out;
  }

  /**
   * A thin right tail over three octaves, each under the support thresholds, is dropped by denoising;
   * the kinds say those rows exist and the octaves past the body read them together well above the
   * noise, so they go back: the 95th percentile and the span are the true ones again, while the
   * moments are still read off the kept bins.
   */
  @Test
  void aThinTailTheSupportStepDroppedGoesBackWhereItWasRead() {
    double[] fine = new double[MagnitudeBins.COUNT];
    fill(fine, 6, 600);
    fill(fine, 7, 900); // the body: 64 to 255
    double tail = 1.8 * OCTAVE_STD; // under the weak threshold next to the body
    for (int e = 8; e <= 10; e++) {
      fill(fine, e, tail);
    }
    double[] noisy = released(fine);
    double[] denoised = MagnitudeHistogram.denoise(noisy, STD);
    assertThat(octave(denoised, 8)).isZero();
    double[] filled = MagnitudeHistogram.filled(noisy, denoised, STD, 1500 + 3 * tail, 10,
        FingerprintRelease.TAIL_REACH, FingerprintRelease.FILL_Z);
    for (int e = 8; e <= 10; e++) {
      assertThat(octave(filled, e)).isCloseTo(tail, within(1e-6));
    }
    assertThat(octave(filled, 7)).isCloseTo(900, within(1e-6));
    NumericShape kept = NumericShape.of(denoised);
    NumericShape both = NumericShape.of(denoised, filled);
    NumericShape truth = NumericShape.of(fine);
    int p95 = Arrays.binarySearch(Fingerprint.QUANTILE_LEVELS, 0.95);
    assertThat(kept.quantiles.get(p95)).isLessThan(256);
    assertThat(both.quantiles.get(p95)).isCloseTo(truth.quantiles.get(p95), within(1e-6)).isGreaterThan(512);
    assertThat(both.magnitudeSpan).isCloseTo(truth.magnitudeSpan, within(1e-9));
    assertThat(both.skewness).isEqualTo(kept.skewness);
    assertThat(both.mean).isEqualTo(kept.mean);
  }

  /**
   * Nothing goes back when the kept bins hold what the kinds say up to the noise of both, nor when the
   * octaves past the body read no more than noise together (a tail cannot be told from noise there,
   * and noise far out would move a quantile by orders of magnitude), nor below the body, beyond the
   * reach or to a sign with no kept octave; octaves past the body that read a tail take back what is
   * missing in proportion to their readings, never more than they hold.
   */
  @Test
  void rowsGoBackOnlyToAFarTailThatIsReadAndNoMoreThanItReads() {
    double[] fine = new double[MagnitudeBins.COUNT];
    fill(fine, 6, 600);
    fill(fine, 7, 900);
    double read = 1.8 * OCTAVE_STD;
    fill(fine, 8, read);
    fill(fine, 10, 2 * read); // past the body, the two read a tail together
    fill(fine, 7 + FingerprintRelease.TAIL_REACH + 2, read); // beyond the reach
    fill(fine, 4, read); // below the body
    int negative = MagnitudeBins.index(-Math.scalb(1.0, 7));
    for (int i = 0; i < MagnitudeBins.PER_OCTAVE; i++) {
      fine[negative + i] = read / MagnitudeBins.PER_OCTAVE; // of a sign with no kept octave
    }
    double[] noisy = released(fine);
    double[] denoised = MagnitudeHistogram.denoise(noisy, STD);
    assertThat(octave(denoised, 10)).isZero();
    double heldStd = Math.sqrt(2) * OCTAVE_STD;
    assertThat(MagnitudeHistogram.filled(noisy, denoised, STD, 1500 + 0.9 * heldStd, 0, 4, 1)).isSameAs(denoised);
    // half of what the far tail reads is missing: half of each of its readings goes back
    double[] half = MagnitudeHistogram.filled(noisy, denoised, STD, 1500 + 1.5 * read, 0, 4, 1);
    assertThat(octave(half, 8)).isCloseTo(read / 2, within(1e-6));
    assertThat(octave(half, 10)).isCloseTo(read, within(1e-6));
    assertThat(octave(half, 4)).isZero();
    assertThat(octave(half, 7 + FingerprintRelease.TAIL_REACH + 2)).isZero();
    assertThat(half[negative]).isZero();
    // far more missing than read: each octave gets its reading, no more
    double[] more = MagnitudeHistogram.filled(noisy, denoised, STD, 1500 + 50 * OCTAVE_STD, 0, 4, 1);
    assertThat(octave(more, 8)).isCloseTo(read, within(1e-6));
    assertThat(octave(more, 10)).isCloseTo(2 * read, within(1e-6));
    assertThat(octave(more, 4)).isZero();
    // one octave past the body reading as much as noise may: rows are missing, but nothing moves
    double[] lone = new double[MagnitudeBins.COUNT];
    fill(lone, 6, 600);
    fill(lone, 7, 900);
    fill(lone, 9, read);
    double[] loneNoisy = released(lone);
    double[] loneKept = MagnitudeHistogram.denoise(loneNoisy, STD);
    assertThat(MagnitudeHistogram.filled(loneNoisy, loneKept, STD, 1500 + 50 * OCTAVE_STD, 0, 4, 1)).isSameAs(loneKept);
  }
}
