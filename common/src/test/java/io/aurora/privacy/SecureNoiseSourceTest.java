package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goodness of fit of the exact samplers against the exact probability mass functions (χ² over binned
 * integers), and the same test statistic rejecting samplers whose scale is off by ×0.7 or ×1.3.
 */
class SecureNoiseSourceTest {
  private static final int SAMPLES = 20_000;
  private static final double ACCEPT_P = 1e-3;
  private static final double REJECT_P = 1e-6;

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 2.0, 3.7, 10.0})
  void discreteLaplaceFitsItsPmfAndRejectsWrongScales(double scale) {
    SecureNoiseSource right = new SecureNoiseSource(new Random(42));
    assertThat(pValue(() -> right.discreteLaplace(scale), x -> laplacePmf(x, scale)))
        .as("correct sampler at scale %s", scale).isGreaterThan(ACCEPT_P);
    for (double factor : new double[] {0.7, 1.3}) {
      SecureNoiseSource wrong = new SecureNoiseSource(new Random(7));
      assertThat(pValue(() -> wrong.discreteLaplace(scale * factor), x -> laplacePmf(x, scale)))
          .as("sampler with scale x%s claimed as %s", factor, scale).isLessThan(REJECT_P);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.8, 4.0, 50.0, 1234.5})
  void discreteGaussianFitsItsPmfAndRejectsWrongScales(double sigmaSquared) {
    SecureNoiseSource right = new SecureNoiseSource(new Random(43));
    assertThat(pValue(() -> right.discreteGaussian(sigmaSquared), x -> gaussianPmf(x, sigmaSquared)))
        .as("correct sampler at sigma² %s", sigmaSquared).isGreaterThan(ACCEPT_P);
    for (double factor : new double[] {0.7, 1.3}) {
      // the scale of a Gaussian is σ: σ·f means σ²·f²
      SecureNoiseSource wrong = new SecureNoiseSource(new Random(8));
      assertThat(pValue(() -> wrong.discreteGaussian(sigmaSquared * factor * factor), x -> gaussianPmf(x, sigmaSquared)))
          .as("sampler with sigma x%s claimed as sigma² %s", factor, sigmaSquared).isLessThan(REJECT_P);
    }
  }

  @Test
  void productionSourceIsCentredWithTheRightSpread() {
    SecureNoiseSource noise = new SecureNoiseSource();
    double sum = 0;
    double sumSq = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long x = noise.discreteLaplace(3.0);
      sum += x;
      sumSq += (double) x * x;
    }
    double p = Math.exp(-1 / 3.0);
    double variance = 2 * p / ((1 - p) * (1 - p));
    assertThat(Math.abs(sum / n)).isLessThan(5 * Math.sqrt(variance / n));
    assertThat(sumSq / n).isBetween(variance * 0.9, variance * 1.1);
  }

  @ParameterizedTest
  @ValueSource(doubles = {3.0, 1234.5678, 987654.321})
  void productionGaussianFitsItsPmf(double sigmaSquared) {
    // the operating system's generator read in blocks, on both the long and the BigInteger bias test
    SecureNoiseSource noise = new SecureNoiseSource();
    assertThat(pValue(() -> noise.discreteGaussian(sigmaSquared), x -> gaussianPmf(x, sigmaSquared)))
        .as("production sampler at sigma² %s", sigmaSquared).isGreaterThan(ACCEPT_P);
  }

  @Test
  void blocksHandOutTheGeneratorsBytesInOrderEachOnce() {
    byte[] expected = new byte[10_000];
    java.security.SecureRandom a = seeded();
    java.security.SecureRandom b = seeded();
    a.nextBytes(expected);
    SecureNoiseSource.BlockRandom blocks = new SecureNoiseSource.BlockRandom(b);
    byte[] got = new byte[expected.length];
    int at = 0;
    while (at < got.length) { // mixed request sizes cross the 4 KB block edges
      byte[] part = new byte[Math.min(got.length - at, 1 + at % 97)];
      blocks.nextBytes(part);
      System.arraycopy(part, 0, got, at, part.length);
      at += part.length;
    }
    assertThat(got).isEqualTo(expected);
    assertThatThrownBy(() -> blocks.setSeed(1)).isInstanceOf(UnsupportedOperationException.class);
  }

  private static java.security.SecureRandom seeded() {
    try {
      java.security.SecureRandom r = java.security.SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(20261207L); // before the first draw: a deterministic stream, for comparing two readers
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void doublesBecomeExactRationals() {
    assertThat(SecureNoiseSource.Rational.ofPositive("s", 2.0)).isEqualTo(new SecureNoiseSource.Rational(BigInteger.TWO, BigInteger.ONE));
    assertThat(SecureNoiseSource.Rational.ofPositive("s", 0.375)).isEqualTo(new SecureNoiseSource.Rational(BigInteger.valueOf(3), BigInteger.valueOf(8)));
    SecureNoiseSource.Rational tenth = SecureNoiseSource.Rational.ofPositive("s", 0.1);
    assertThat(new java.math.BigDecimal(tenth.numerator()).divide(new java.math.BigDecimal(tenth.denominator())))
        .isEqualByComparingTo(new java.math.BigDecimal(0.1));
    assertThatThrownBy(() -> SecureNoiseSource.Rational.ofPositive("scale", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecureNoiseSource.Rational.ofPositive("scale", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecureNoiseSource.Rational.ofPositive("scale", Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bernoulliExpHasTheExactRate() {
    SecureNoiseSource noise = new SecureNoiseSource(new Random(5));
    int n = 40_000;
    for (double gamma : new double[] {0.25, 1.0, 2.5}) {
      SecureNoiseSource.Rational g = SecureNoiseSource.Rational.ofPositive("g", gamma);
      int hits = 0;
      for (int i = 0; i < n; i++) {
        hits += noise.bernoulliExp(g.numerator(), g.denominator()) ? 1 : 0;
      }
      double p = Math.exp(-gamma);
      assertThat((double) hits / n).as("rate at gamma %s", gamma).isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / n)));
    }
  }

  static double laplacePmf(long x, double scale) {
    return Math.tanh(1 / (2 * scale)) * Math.exp(-Math.abs(x) / scale);
  }

  static double gaussianPmf(long x, double sigmaSquared) {
    long range = (long) Math.ceil(Math.sqrt(sigmaSquared) * 40) + 10;
    double z = 0;
    for (long k = -range; k <= range; k++) {
      z += Math.exp(-(double) k * k / (2 * sigmaSquared));
    }
    return Math.exp(-(double) x * x / (2 * sigmaSquared)) / z;
  }

  /**
   * χ² p-value of {@link #SAMPLES} draws against {@code pmf}: one bin per integer whose expected count
   * is at least 5 (a contiguous range around 0), the rest pooled into two tail bins.
   */
  static double pValue(LongSupplier sampler, LongToDoubleFunction pmf) {
    long lo = 0;
    while (pmf.applyAsDouble(lo - 1) * SAMPLES >= 5) {
      lo--;
    }
    long hi = -lo;
    // pooled tails must themselves expect at least 5: shrink the central range until they do
    double tail = tailMass(pmf, hi);
    while (tail * SAMPLES < 5 && hi > 0) {
      hi--;
      tail = tailMass(pmf, hi);
    }
    lo = -hi;
    int bins = (int) (hi - lo + 1) + 2;
    long[] observed = new long[bins];
    for (int i = 0; i < SAMPLES; i++) {
      long x = sampler.getAsLong();
      int bin = x < lo ? 0 : x > hi ? bins - 1 : (int) (x - lo) + 1;
      observed[bin]++;
    }
    List<Double> expected = new ArrayList<>();
    expected.add(tail * SAMPLES);
    for (long x = lo; x <= hi; x++) {
      expected.add(pmf.applyAsDouble(x) * SAMPLES);
    }
    expected.add(tail * SAMPLES);
    double[] e = expected.stream().mapToDouble(Double::doubleValue).toArray();
    if (e.length == 3 && e[0] < 5) {
      // nearly all mass at 0 (tiny scale): fall back to the two cells {0} and {≠0}
      return new ChiSquareTest().chiSquareTest(new double[] {e[1], e[0] + e[2]}, new long[] {observed[1], observed[0] + observed[2]});
    }
    return new ChiSquareTest().chiSquareTest(e, observed);
  }

  /** Mass strictly above {@code hi} (= strictly below {@code -hi}: both pmfs are symmetric). */
  private static double tailMass(LongToDoubleFunction pmf, long hi) {
    double inside = 0;
    for (long x = -hi; x <= hi; x++) {
      inside += pmf.applyAsDouble(x);
    }
    return Math.max(0, (1 - inside) / 2);
  }
}
