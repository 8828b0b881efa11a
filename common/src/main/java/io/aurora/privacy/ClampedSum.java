package io.aurora.privacy;

import java.io.Serializable;

/**
 * A sum of real values clamped to public bounds and scaled to integers, so that it can be released
 * with an {@link IntegerMechanism}. Each value becomes {@code round(clamp(x, lower, upper) / resolution)}
 * integer units; adding or removing one row changes the sum by at most
 * {@code max(|lower|, |upper|) / resolution} units (rounded), which is the sensitivity of the release.
 *
 * <p><b>The bounds and the resolution must be public, data-independent constants</b> — fixed in code,
 * configuration or by the caller's knowledge of the domain — and must never be read from the data
 * (an exact min or max is itself a disclosure and the sensitivity would no longer hold).
 * Serializable so executors can scale values while the driver releases the sum.
 */
public final class ClampedSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double lower;
  private final double upper;
  private final double resolution;
  private final long sensitivityUnits;

  /** {@code lower ≤ upper} are the public clamping bounds, {@code resolution &gt; 0} the value of one integer unit. */
  public ClampedSum(double lower, double upper, double resolution) {
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
      throw new IllegalArgumentException("bounds must be finite with lower <= upper, got [" + lower + ", " + upper + "]");
    }
    if (!(resolution > 0) || Double.isInfinite(resolution)) {
      throw new IllegalArgumentException("resolution must be positive and finite, got " + resolution);
    }
    this.lower = lower;
    this.upper = upper;
    this.resolution = resolution;
    long units = Math.max(Math.abs(Math.round(lower / resolution)), Math.abs(Math.round(upper / resolution)));
    this.sensitivityUnits = Math.max(1, units);
  }

  /** The integer units one row contributes; a missing or NaN value contributes 0. */
  public long units(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    double clamped = Math.min(upper, Math.max(lower, value));
    return Math.round(clamped / resolution);
  }

  /** L1 (and L2) sensitivity of the sum in integer units under adding or removing one row. */
  public long sensitivityUnits() {
    return sensitivityUnits;
  }

  /** An ε-DP mechanism for this sum. */
  public IntegerLaplaceMechanism laplace(double epsilon, NoiseSource noise) {
    return new IntegerLaplaceMechanism(epsilon, sensitivityUnits, noise);
  }

  /** The noisy sum in the values' own unit; refuses a mechanism calibrated to a smaller sensitivity. */
  public double release(long unitsSum, IntegerMechanism mechanism) {
    long calibrated = mechanism instanceof IntegerLaplaceMechanism l ? l.l1Sensitivity()
        : mechanism instanceof IntegerGaussianMechanism g ? g.l2Sensitivity() : Long.MAX_VALUE;
    if (calibrated < sensitivityUnits) {
      throw new IllegalArgumentException("mechanism sensitivity " + calibrated + " is below the clamped sum's " + sensitivityUnits);
    }
    return mechanism.release(unitsSum) * resolution;
  }

  /** Standard deviation of the released sum's noise in the values' own unit. */
  public double noiseStddev(IntegerMechanism mechanism) {
    return mechanism.noiseStddev() * resolution;
  }

  public double lower() {
    return lower;
  }

  public double upper() {
    return upper;
  }

  public double resolution() {
    return resolution;
  }
}
