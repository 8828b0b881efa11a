package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import java.util.List;

/**
 * What one forget covers: a whole tenant ({@code dataset} null), or one dataset of it together with
 * the ids of that dataset's recommendations, collected before anything is deleted, by which stores
 * that do not record the dataset (the feedback inbox, feedback rejects) find its rows.
 */
public record ForgetScope(String tenant, String dataset, List<String> recommendationIds) {
  public ForgetScope {
    Identifiers.require("tenant", requireNonNull(tenant, "tenant is null"));
    if (dataset != null) {
      Identifiers.require("dataset", dataset);
    }
    recommendationIds = recommendationIds == null ? List.of() : List.copyOf(recommendationIds);
  }

  public boolean wholeTenant() {
    return dataset == null;
  }

  /** "tenant 'acme'" or "dataset 'sales' of tenant 'acme'", for the operator's report. */
  public String describe() {
    return wholeTenant() ? "tenant '" + tenant + "'" : "dataset '" + dataset + "' of tenant '" + tenant + "'";
  }
}
