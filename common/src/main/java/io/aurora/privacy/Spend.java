package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

/**
 * What the rows of one ledger key have spent, in ρ (zCDP, the unit the ledger adds up) and in the δ
 * that key selections spend outright, against the dataset's lifetime budget. Approximate zCDP
 * composes by adding both, so the ρ the budget admits is the one that converts within ε at the δ
 * the selections left; ε figures are the (ε, δ) equivalents at that δ.
 *
 * @param rhoSpent ρ charged to the rows of the key (whole-dataset releases touch every partition's rows)
 * @param selectionDeltaSpent δ spent outright by key selections on the rows of the key (aggregated like ρ)
 * @param rhoBudget the ρ the lifetime budget admits after {@code selectionDeltaSpent}: the recorded
 *     budget ρ when it is 0, else that of (ε, δ − selectionDeltaSpent) (0 once selections reached the
 *     ledger's cap of half the lifetime δ)
 * @param budget the dataset's lifetime budget (the configured initial one when the ledger has not seen it yet)
 * @param epsilonRecorded the sum of the ε recorded with the key's own releases (each release's own (ε, δ) guarantee)
 * @param releases the key's own releases that count (voided ones do not)
 */
public record Spend(double rhoSpent, double selectionDeltaSpent, double rhoBudget, LifetimeBudget budget, double epsilonRecorded,
    int releases) {
  public Spend {
    requireNonNull(budget, "budget is null");
    if (!(selectionDeltaSpent >= 0)) {
      throw new IllegalArgumentException("selection delta spent must be non-negative, got " + selectionDeltaSpent);
    }
  }

  public double rhoRemaining() {
    return Math.max(0, rhoBudget - rhoSpent);
  }

  /**
   * The lifetime ε that the spend amounts to: ρ converted once, at the budget's δ less the δ key
   * selections spent ({@link LifetimeBudget#epsilonOf(double, double)}).
   */
  public double epsilonSpent() {
    return budget.epsilonOf(rhoSpent, selectionDeltaSpent);
  }

  /** What remains of the lifetime ε after {@link #epsilonSpent()}. */
  public double epsilonRemaining() {
    return Math.max(0, budget.epsilon() - epsilonSpent());
  }
}
