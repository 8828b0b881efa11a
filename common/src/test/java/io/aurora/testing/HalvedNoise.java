package io.aurora.testing;

import static java.util.Objects.requireNonNull;

import io.aurora.privacy.NoiseSource;

/** A deliberately broken noise source for audit tests: half the standard deviation of {@code inner}'s. */
public final class HalvedNoise implements NoiseSource {
  private final NoiseSource inner;

  public HalvedNoise(NoiseSource inner) {
    this.inner = requireNonNull(inner, "inner is null");
  }

  @Override
  public long discreteLaplace(double scale) {
    return inner.discreteLaplace(scale / 2);
  }

  @Override
  public long discreteGaussian(double sigmaSquared) {
    return inner.discreteGaussian(sigmaSquared / 4);
  }
}
