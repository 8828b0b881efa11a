package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset ready to profile, never collected: {@code rows} holds only well-formed rows, with
 * cleaned, unique column names; malformed rows are filtered out inside the same plan and counted
 * as a side effect, so {@link #malformed()} is complete once the first action over {@code rows}
 * (the profile scan) has finished. {@code description} says what was detected.
 */
public record ReadResult(Dataset<Row> rows, InputDescription description, MalformedRows malformed) {
  public ReadResult {
    requireNonNull(rows, "rows is null");
    requireNonNull(description, "description is null");
    requireNonNull(malformed, "malformed is null");
  }
}
