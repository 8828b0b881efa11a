package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

/**
 * ρ-zCDP release of integers with discrete Gaussian noise of variance parameter σ² = Δ₂²/(2ρ), where
 * Δ₂ is the L2 sensitivity under adding or removing one row (privacy unit: one row); CKS20 Theorem 14
 * gives ρ = Δ₂²/(2σ²). For a histogram of one value per row Δ₂ = 1; for a vector of k counts a row
 * can each change by one, Δ₂ = sqrt(k) — pass the smallest integer upper bound.
 */
public final class IntegerGaussianMechanism implements IntegerMechanism {
  private final double rho;
  private final long l2Sensitivity;
  private final double sigmaSquared;
  private final NoiseSource noise;

  public IntegerGaussianMechanism(double rho, long l2Sensitivity, NoiseSource noise) {
    if (!(rho > 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be positive and finite, got " + rho);
    }
    if (l2Sensitivity <= 0) {
      throw new IllegalArgumentException("l2Sensitivity must be positive, got " + l2Sensitivity);
    }
    this.rho = rho;
    this.l2Sensitivity = l2Sensitivity;
    double d = l2Sensitivity;
    // rounded up by one ulp so the exact σ² sampled is never below Δ²/(2ρ)
    this.sigmaSquared = Math.nextUp(d * d / (2 * rho));
    this.noise = requireNonNull(noise, "noise is null");
  }

  /** The Gaussian mechanism spending (ε, δ) via zCDP: ρ is the largest whose conversion fits. */
  public static IntegerGaussianMechanism forEpsilonDelta(double epsilon, double delta, long l2Sensitivity, NoiseSource noise) {
    return new IntegerGaussianMechanism(PrivacyCost.largestRhoWithin(epsilon, delta), l2Sensitivity, noise);
  }

  @Override
  public String name() {
    return "gaussian(rho=" + rho + ",l2=" + l2Sensitivity + ")";
  }

  @Override
  public long release(long trueValue) {
    return Math.addExact(trueValue, noise.discreteGaussian(sigmaSquared));
  }

  public double rho() {
    return rho;
  }

  public long l2Sensitivity() {
    return l2Sensitivity;
  }

  public double sigmaSquared() {
    return sigmaSquared;
  }

  @Override
  public double noiseScale() {
    return Math.sqrt(sigmaSquared);
  }

  @Override
  public double noiseStddev() {
    // the discrete Gaussian's variance is below σ² (CKS20 Corollary 9): σ is a safe statement of error
    return Math.sqrt(sigmaSquared);
  }

  @Override
  public PrivacyCost cost() {
    return PrivacyCost.zeroConcentrated(rho);
  }
}
