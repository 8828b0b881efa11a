package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

/**
 * What the rows of one ledger key have spent, in ρ (zCDP, the unit the ledger adds up), against the
 * dataset's lifetime budget; ε figures are the (ε, δ) equivalents at the budget's δ.
 *
 * @param rhoSpent ρ charged to the rows of the key (whole-dataset releases touch every partition's rows)
 * @param budget the dataset's lifetime budget (the configured initial one when the ledger has not seen it yet)
 * @param epsilonRecorded the sum of the ε recorded with the key's own releases (each release's own (ε, δ) guarantee)
 * @param releases the key's own releases that count (voided ones do not)
 */
public record Spend(double rhoSpent, double rhoBudget, LifetimeBudget budget, double epsilonRecorded, int releases) {
  public Spend {
    requireNonNull(budget, "budget is null");
  }

  public double rhoRemaining() {
    return Math.max(0, rhoBudget - rhoSpent);
  }

  /** The lifetime ε that the spend amounts to (ρ converted once, at the budget's δ). */
  public double epsilonSpent() {
    return budget.epsilonOf(rhoSpent);
  }

  /** What remains of the lifetime ε after {@link #epsilonSpent()}. */
  public double epsilonRemaining() {
    return Math.max(0, budget.epsilon() - epsilonSpent());
  }
}
