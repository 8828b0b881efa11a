package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Recommendation;

/**
 * What {@code apply} does to one column: the recommended action, or the analyst's correction of it,
 * with the recommended imputation and missing indicator.
 *
 * @param typeClass the column's type class in its fingerprint (NUMERIC, BOOLEAN, …), null when unknown
 */
public record ColumnDecision(
    int columnIndex,
    String columnName,
    Action action,
    Imputation imputation,
    boolean missingIndicator,
    String status,
    Origin origin,
    Action recommendedAction,
    String recommendationId,
    String typeClass) {

  /** Where the action comes from. */
  public enum Origin {
    /** AURORA's recommendation, not reviewed. */
    RECOMMENDED,
    /** An analyst accepted the recommendation. */
    ACCEPTED,
    /** An analyst corrected it: the action is theirs. */
    CORRECTED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ColumnDecision {
    requireNonNull(columnName, "columnName is null");
    requireNonNull(action, "action is null");
    requireNonNull(imputation, "imputation is null");
    requireNonNull(status, "status is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(recommendedAction, "recommendedAction is null");
    requireNonNull(recommendationId, "recommendationId is null");
  }

  /** Whether a person stands behind the action: confident, or reviewed by an analyst. */
  public boolean decided() {
    return origin != Origin.RECOMMENDED || status.equals(Recommendation.CONFIDENT);
  }
}
