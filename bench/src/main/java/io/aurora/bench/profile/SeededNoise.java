package io.aurora.bench.profile;

import io.aurora.privacy.NoiseSource;
import java.util.SplittableRandom;

/**
 * Benchmark noise with the exact distributions of the production mechanisms (discrete Laplace as a
 * difference of geometrics; discrete Gaussian by rejection from discrete Laplace, Canonne-Kamath-
 * Steinke) from a seeded generator, so utility figures are reproducible. Not secure: bench only.
 */
public final class SeededNoise implements NoiseSource {
  private final SplittableRandom random;

  public SeededNoise(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public long discreteLaplace(double scale) {
    if (scale <= 0) {
      return 0;
    }
    double logAlpha = -1.0 / scale;
    return geometric(logAlpha) - geometric(logAlpha);
  }

  private long geometric(double logAlpha) {
    return (long) Math.floor(Math.log(1.0 - random.nextDouble()) / logAlpha);
  }

  @Override
  public long discreteGaussian(double sigmaSquared) {
    double sigma = Math.sqrt(sigmaSquared);
    double t = Math.floor(sigma) + 1;
    while (true) {
      long y = discreteLaplace(t);
      double d = Math.abs(y) - sigmaSquared / t;
      if (random.nextDouble() < Math.exp(-d * d / (2 * sigmaSquared))) {
        return y;
      }
    }
  }
}
