package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A recorded change of a dataset's lifetime budget: its first setting ({@code from} null, by the
 * first release or an explicit {@code privacy-budget}) or an explicit change.
 */
public record BudgetChange(String tenant, String dataset, Instant at, LifetimeBudget from, LifetimeBudget to, String via) {
  /** The budget was set when the ledger first saw the dataset, from the configured initial budget. */
  public static final String FIRST_RELEASE = "first release";
  /** The budget was set or changed by the privacy-budget command. */
  public static final String COMMAND = "privacy-budget";

  public BudgetChange {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(at, "at is null");
    requireNonNull(to, "to is null");
    requireNonNull(via, "via is null");
  }
}
