package io.aurora.privacy;

import io.aurora.AuroraException;

/**
 * The lifetime (ε, δ) budget of a dataset, and its zCDP equivalent: the ledger composes releases by
 * adding their ρ and converts this budget to ρ once ({@link PrivacyCost#largestRhoWithin}), so a
 * lifetime (10, 1e-9) admits about 70 runs of ε = 1 at δ = 1e-9, not 10. Each partition of a
 * dataset has a budget of this size.
 */
public record LifetimeBudget(double epsilon, double delta) {
  /** Largest lifetime ε accepted: beyond it the "guarantee" says nothing. */
  public static final double MAX_EPSILON = 1000;

  public LifetimeBudget {
    if (!(epsilon > 0 && epsilon <= MAX_EPSILON)) {
      throw AuroraException.badInput("a dataset's lifetime ε budget must be a number above 0 and at most " + (int) MAX_EPSILON + ", got " + epsilon);
    }
    if (!(delta >= PrivacyParameters.MIN_DELTA && delta <= PrivacyParameters.MAX_DELTA)) {
      throw AuroraException.badInput("a dataset's lifetime δ must be between " + PrivacyParameters.MIN_DELTA + " and "
          + PrivacyParameters.MAX_DELTA + ", got " + delta);
    }
  }

  /** The largest ρ whose conversion at δ stays within ε: the ledger's budget for the rows of one key. */
  public double rho() {
    return PrivacyCost.largestRhoWithin(epsilon, delta);
  }

  /** The ε of the (ε, δ) guarantee that {@code rhoSpent} of zCDP spend amounts to at this budget's δ. */
  public double epsilonOf(double rhoSpent) {
    return PrivacyCost.epsilonOfRho(rhoSpent, delta);
  }
}
