package io.aurora.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact samplers at the noise scales production runs use (σ 40–320 for a kinds count; Laplace
 * scales of the same standard deviation, σ/√2), where χ² over single integers has too little power:
 * a second-moment test that accepts the claimed scale and rejects the same sampler asked for ×0.9 or
 * ×1.1 the scale (variance ×0.81 or ×1.21).
 *
 * <p>Statistic: T = (Σ x²/n) / Var, with Var and Var(x²) computed exactly from the probability mass
 * function. Under the claimed scale T has mean 1 and standard deviation s = √(Var(x²)/n)/Var; the test
 * accepts when |T − 1| ≤ 6s. By the central limit theorem (the skew of the mean of x² at these n is
 * below 0.05, too small to move a 6-sd tail past 1e-6) a correct sampler fails with probability well
 * below 1e-6, and the design check below shows a ×0.9 or ×1.1 sampler lies at least 6 of its own
 * standard deviations beyond the bound, so it passes with probability below 1e-6 too. Fixed seeds make
 * each run deterministic.
 */
class ProductionScaleSamplerTest {
  private static final int GAUSSIAN_SAMPLES = 20_000;
  private static final int LAPLACE_SAMPLES = 40_000;
  private static final double BOUND_SDS = 6;
  private static final double[] WRONG = {0.9, 1.1};

  @ParameterizedTest
  @ValueSource(doubles = {40, 80, 160, 320})
  void discreteGaussianHasItsVarianceAndAMisScaledOneIsRejected(double sigma) {
    Moments claimed = Moments.gaussian(sigma * sigma);
    SecureNoiseSource right = new SecureNoiseSource(new Random(20261206L + (long) sigma));
    assertAccepted("discrete Gaussian sigma " + sigma, () -> right.discreteGaussian(sigma * sigma), claimed, GAUSSIAN_SAMPLES);
    for (double factor : WRONG) {
      double wrongVariance = sigma * factor * sigma * factor;
      assertPowerful(claimed, Moments.gaussian(wrongVariance), GAUSSIAN_SAMPLES);
      SecureNoiseSource wrong = new SecureNoiseSource(new Random(7L + (long) sigma));
      assertRejected("discrete Gaussian sigma x" + factor + " claimed as " + sigma, () -> wrong.discreteGaussian(wrongVariance),
          claimed, GAUSSIAN_SAMPLES);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {40, 80, 160, 320})
  void discreteLaplaceHasItsVarianceAndAMisScaledOneIsRejected(double std) {
    // the Laplace scale whose noise has the standard deviation of the Gaussian it stands for
    double scale = std / Math.sqrt(2);
    Moments claimed = Moments.laplace(scale);
    SecureNoiseSource right = new SecureNoiseSource(new Random(20261207L + (long) std));
    assertAccepted("discrete Laplace scale " + scale, () -> right.discreteLaplace(scale), claimed, LAPLACE_SAMPLES);
    for (double factor : WRONG) {
      assertPowerful(claimed, Moments.laplace(scale * factor), LAPLACE_SAMPLES);
      SecureNoiseSource wrong = new SecureNoiseSource(new Random(9L + (long) std));
      assertRejected("discrete Laplace scale x" + factor + " claimed as " + scale, () -> wrong.discreteLaplace(scale * factor),
          claimed, LAPLACE_SAMPLES);
    }
  }

  /** E[x²] and Var(x²) of a symmetric distribution on the integers, summed from its mass function. */
  record Moments(double variance, double varianceOfSquare) {
    static Moments gaussian(double sigmaSquared) {
      long range = (long) Math.ceil(Math.sqrt(sigmaSquared) * 40) + 10;
      double z = 0;
      double m2 = 0;
      double m4 = 0;
      for (long k = -range; k <= range; k++) {
        double w = Math.exp(-(double) k * k / (2 * sigmaSquared));
        double k2 = (double) k * k;
        z += w;
        m2 += w * k2;
        m4 += w * k2 * k2;
      }
      return of(m2 / z, m4 / z);
    }

    static Moments laplace(double scale) {
      double p = Math.exp(-1 / scale);
      double norm = (1 - p) / (1 + p);
      long range = (long) Math.ceil(scale * 80) + 10;
      double m2 = 0;
      double m4 = 0;
      for (long k = 1; k <= range; k++) {
        double w = 2 * norm * Math.pow(p, k);
        double k2 = (double) k * k;
        m2 += w * k2;
        m4 += w * k2 * k2;
      }
      // the closed form 2p/(1−p)² confirms the summation
      assertThat(m2).isCloseTo(2 * p / ((1 - p) * (1 - p)), org.assertj.core.data.Percentage.withPercentage(1e-6));
      return of(m2, m4);
    }

    private static Moments of(double m2, double m4) {
      return new Moments(m2, m4 - m2 * m2);
    }

    /** Standard deviation of T = mean(x²)/claimed variance over n draws from this distribution. */
    double sdOfT(Moments claimed, int n) {
      return Math.sqrt(varianceOfSquare / n) / claimed.variance;
    }
  }

  private static double statistic(LongSupplier sampler, Moments claimed, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = sampler.getAsLong();
      sum += x * x;
    }
    return sum / n / claimed.variance();
  }

  private static double bound(Moments claimed, int n) {
    return BOUND_SDS * claimed.sdOfT(claimed, n);
  }

  private static void assertAccepted(String what, LongSupplier sampler, Moments claimed, int n) {
    double t = statistic(sampler, claimed, n);
    assertThat(Math.abs(t - 1)).as("%s: T = %s", what, t).isLessThanOrEqualTo(bound(claimed, n));
  }

  private static void assertRejected(String what, LongSupplier sampler, Moments claimed, int n) {
    double t = statistic(sampler, claimed, n);
    assertThat(Math.abs(t - 1)).as("%s: T = %s", what, t).isGreaterThan(bound(claimed, n));
  }

  /** The design: a mis-scaled sampler's T lies at least 6 of its own standard deviations beyond the bound. */
  private static void assertPowerful(Moments claimed, Moments wrong, int n) {
    double mean = wrong.variance() / claimed.variance();
    double margin = Math.abs(mean - 1) - bound(claimed, n);
    assertThat(margin).as("margin of a sampler with variance x%s", mean).isGreaterThan(BOUND_SDS * wrong.sdOfT(claimed, n));
  }
}
