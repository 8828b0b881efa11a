package io.aurora.privacy;

import java.io.Serializable;

/**
 * Source of exact integer-valued noise for differential-privacy mechanisms. Production
 * implementations sample exactly (no floating-point inverse CDF) from a cryptographically secure
 * generator; {@link #none()} exists only to compute the noiseless reference in utility benchmarks and
 * tests, and must never reach a production path.
 */
public interface NoiseSource extends Serializable {
  /** A sample of the discrete Laplace distribution with scale {@code t}: P(x) ∝ exp(-|x|/t). */
  long discreteLaplace(double scale);

  /** A sample of the discrete Gaussian distribution with variance parameter {@code sigma²}: P(x) ∝ exp(-x²/(2σ²)). */
  long discreteGaussian(double sigmaSquared);

  /** No noise at all: the reference for utility measurements. Not private. */
  static NoiseSource none() {
    return new NoiseSource() {
      @Override
      public long discreteLaplace(double scale) {
        return 0;
      }

      @Override
      public long discreteGaussian(double sigmaSquared) {
        return 0;
      }
    };
  }
}
