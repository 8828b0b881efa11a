package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * What one {@link RecommendationSource} proposes for one fingerprint: actions ranked by calibrated
 * probability (first = top), the imputation, a short checkable explanation, and the rule id or model
 * version that produced it (null when not applicable).
 */
public record Proposal(
    Source source,
    List<ScoredAction> ranked,
    Imputation imputation,
    boolean missingIndicator,
    String explanation,
    String ruleId,
    String modelVersion)
    implements Serializable {
  public Proposal {
    requireNonNull(source, "source is null");
    requireNonNull(ranked, "ranked is null");
    requireNonNull(imputation, "imputation is null");
    requireNonNull(explanation, "explanation is null");
    if (ranked.isEmpty()) {
      throw new IllegalArgumentException("a proposal ranks at least one action");
    }
    ranked = List.copyOf(ranked);
  }

  public ScoredAction top() {
    return ranked.get(0);
  }
}
