package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import java.util.List;

/**
 * What the pipeline does with one input column and the output columns it becomes (none: dropped).
 *
 * @param action the action applied, null when the column passes through unchanged
 * @param treatment why: applied, or the reason it passes through (label, uncertain, not recommended, not numeric)
 */
public record PlannedColumn(String column, Action action, String treatment, ColumnDecision decision, List<String> outputs) {
  public static final String APPLIED = "applied";
  public static final String LABEL = "label";
  public static final String UNCERTAIN = "uncertain, not applied";
  public static final String NO_RECOMMENDATION = "no recommendation";
  public static final String KEPT = "kept as is (not numeric)";

  public PlannedColumn {
    requireNonNull(column, "column is null");
    requireNonNull(treatment, "treatment is null");
    outputs = List.copyOf(outputs);
  }
}
