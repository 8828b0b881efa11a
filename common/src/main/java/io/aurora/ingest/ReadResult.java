package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset ready to profile, never collected: {@code rows} holds only well-formed rows, with
 * cleaned, unique column names; malformed rows are filtered out inside the same plan and counted
 * as a side effect, so {@link #malformed()} is complete once the first action over {@code rows}
 * (the profile scan) has finished. {@code description} says what was detected. When that scan
 * reports {@link MalformedRows#needsWholeFiles()}, its rows are to be discarded and
 * {@link #wholeFiles()} scanned instead.
 *
 * @param wholeFilesRead the same read with every file parsed whole by one task; null when it already is
 * @param pendingKeys for a JSON-lines input read without a declared schema by
 *     {@link DatasetReader#readToRelease}: the source of its keys, to be released by a differentially
 *     private key selection before anything is profiled ({@code rows} then has no columns); else null
 * @param csv for delimited files whose columns are all strings: the files behind {@code rows}, to be
 *     folded without rows ({@link CsvSource}); a fold of it reports to the same malformed rows; else null
 */
public record ReadResult(Dataset<Row> rows, InputDescription description, MalformedRows malformed,
    Supplier<ReadResult> wholeFilesRead, JsonKeySource pendingKeys, CsvSource csv) {
  public ReadResult {
    requireNonNull(rows, "rows is null");
    requireNonNull(description, "description is null");
    requireNonNull(malformed, "malformed is null");
  }

  /** A read whose columns are known or pending. */
  public ReadResult(Dataset<Row> rows, InputDescription description, MalformedRows malformed,
      Supplier<ReadResult> wholeFilesRead, JsonKeySource pendingKeys) {
    this(rows, description, malformed, wholeFilesRead, pendingKeys, null);
  }

  /** A read whose columns are known. */
  public ReadResult(Dataset<Row> rows, InputDescription description, MalformedRows malformed,
      Supplier<ReadResult> wholeFilesRead) {
    this(rows, description, malformed, wholeFilesRead, null, null);
  }

  /** A read whose files are each parsed whole, by one task. */
  public ReadResult(Dataset<Row> rows, InputDescription description, MalformedRows malformed) {
    this(rows, description, malformed, null, null, null);
  }

  /** This read with every file parsed whole, by one task (planned, not scanned). */
  public ReadResult wholeFiles() {
    return wholeFilesRead == null ? this : wholeFilesRead.get();
  }
}
