package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a debit: the (ε, δ) and ρ charged now (0 when this release id was already
 * recorded: a retried call), the part of that δ a key selection spent outright
 * ({@code selectionDeltaCharged}, as recorded: rounded up), and the key's spend afterwards.
 * {@code forcedNewKey} says the input had been profiled under another key and the caller forced it
 * (recorded with the release).
 */
public record Debit(String releaseId, boolean reused, double epsilonCharged, double deltaCharged, double selectionDeltaCharged,
    double rhoCharged, Spend after, boolean forcedNewKey) {
  public Debit {
    requireNonNull(releaseId, "releaseId is null");
    requireNonNull(after, "after is null");
  }

  /** Lifetime ε spent by the key's rows after this debit (ρ converted once, at the budget's δ less the selections'). */
  public double epsilonSpent() {
    return after.epsilonSpent();
  }

  public double epsilonRemaining() {
    return after.epsilonRemaining();
  }
}
