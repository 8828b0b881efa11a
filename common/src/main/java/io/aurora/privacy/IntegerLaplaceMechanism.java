package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

/**
 * ε-DP release of integers with discrete Laplace noise of scale Δ₁/ε, where Δ₁ is the L1 sensitivity
 * under adding or removing one row (privacy unit: one row). Typical sensitivities: 1 for a count; 1
 * for a histogram of one value per row (a row adds or removes one unit in one bucket); 2 if a
 * neighbouring dataset is defined by changing one row (one unit moves between two buckets); for a
 * clamped sum, the largest absolute clamping bound in integer units (see {@link ClampedSum}).
 */
public final class IntegerLaplaceMechanism implements IntegerMechanism {
  private final double epsilon;
  private final long l1Sensitivity;
  private final double scale;
  private final NoiseSource noise;

  public IntegerLaplaceMechanism(double epsilon, long l1Sensitivity, NoiseSource noise) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
    }
    if (l1Sensitivity <= 0) {
      throw new IllegalArgumentException("l1Sensitivity must be positive, got " + l1Sensitivity);
    }
    this.epsilon = epsilon;
    this.l1Sensitivity = l1Sensitivity;
    // Δ/ε rounded to nearest could be below the exact quotient; one ulp up makes the sampled scale
    // (exactly this double, see SecureNoiseSource) strictly larger, so the true cost stays below ε
    this.scale = Math.nextUp(l1Sensitivity / epsilon);
    this.noise = requireNonNull(noise, "noise is null");
  }

  @Override
  public String name() {
    return "laplace(eps=" + epsilon + ",l1=" + l1Sensitivity + ")";
  }

  @Override
  public long release(long trueValue) {
    return Math.addExact(trueValue, noise.discreteLaplace(scale));
  }

  public double epsilon() {
    return epsilon;
  }

  public long l1Sensitivity() {
    return l1Sensitivity;
  }

  @Override
  public double noiseScale() {
    return scale;
  }

  @Override
  public double noiseStddev() {
    // variance of the discrete Laplace with parameter p = exp(-1/t): 2p / (1 - p)²
    double p = Math.exp(-1 / scale);
    return Math.sqrt(2 * p) / -Math.expm1(-1 / scale);
  }

  @Override
  public PrivacyCost cost() {
    return PrivacyCost.pure(epsilon);
  }
}
