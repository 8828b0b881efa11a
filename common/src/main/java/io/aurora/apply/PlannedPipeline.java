package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;

/**
 * A pipeline planned from decisions, before fitting: its stages, what it does with each input column,
 * its output columns in order, and the fold column the training rows need when it target-encodes.
 */
public record PlannedPipeline(Pipeline pipeline, List<PlannedColumn> columns, List<String> outputColumns,
    Optional<String> foldColumn) {
  /** The assembled vector of every numeric and vector output, last of the outputs. */
  public static final String FEATURES = "features";
  /** The fold of each training row, added by the caller before fitting when {@link #foldColumn} is present. */
  public static final String FOLD = "__aurora_fold";

  public PlannedPipeline {
    requireNonNull(pipeline, "pipeline is null");
    columns = List.copyOf(columns);
    outputColumns = List.copyOf(outputColumns);
    requireNonNull(foldColumn, "foldColumn is null");
  }
}
