package io.aurora.profile;

import io.aurora.privacy.NoiseSource;
import java.util.SplittableRandom;

/**
 * Test-only noise: discrete Laplace as the difference of two geometric variables, discrete Gaussian
 * by rounding a normal draw, from a seeded generator so tests are reproducible. Not secure.
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
    double u = 1.0 - random.nextDouble(); // (0, 1]
    return (long) Math.floor(Math.log(u) / logAlpha);
  }

  @Override
  public long discreteGaussian(double sigmaSquared) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.round(z * Math.sqrt(sigmaSquared));
  }
}
