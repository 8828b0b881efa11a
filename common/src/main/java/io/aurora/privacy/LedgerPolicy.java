package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;

/**
 * What the operator configured for the ledger: the lifetime budget a dataset gets when the ledger
 * first sees it (afterwards only the recorded {@code privacy-budget} command changes it), and the
 * per-tenant quota of profile runs per hour (0: none).
 */
public record LedgerPolicy(LifetimeBudget initialBudget, int profileRunsPerHour) {
  public LedgerPolicy {
    requireNonNull(initialBudget, "initialBudget is null");
    if (profileRunsPerHour < 0) {
      throw AuroraException.badInput("aurora.quota.profile-runs-per-hour must be 0 (no quota) or positive, got " + profileRunsPerHour);
    }
  }

  /** The default budget (ε = 10, δ = 1e-9) and no quota. */
  public static LedgerPolicy defaults() {
    return new LedgerPolicy(new LifetimeBudget(10, 1e-9), 0);
  }
}
