package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
