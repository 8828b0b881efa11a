package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;

/**
 * What a privacy budget is kept for: one tenant's dataset, and within it one declared partition of
 * disjoint rows ({@code partition} null = the whole dataset). Runs over disjoint partitions compose
 * in parallel, so each partition has its own lifetime budget; re-profiling the same rows draws on the
 * same one.
 */
public record LedgerKey(String tenant, String dataset, String partition) {
  public LedgerKey {
    Identifiers.require("tenant", requireNonNull(tenant, "tenant is null"));
    Identifiers.require("dataset", requireNonNull(dataset, "dataset is null"));
    if (partition != null) {
      Identifiers.require("partition", partition);
    }
  }
}
