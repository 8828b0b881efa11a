package io.aurora.ingest;

import java.util.List;

/**
 * Malformed rows seen while the dataset was scanned: a count and the first line numbers (1-based,
 * physical lines of the named file) — never their content. Complete after the first action.
 */
public interface MalformedRows {
  long count();

  /** Up to the first few malformed locations as "file:line", in file order. */
  List<String> firstLocations();

  /**
   * Rows shorter than the header that were padded with nulls rather than counted as malformed (a
   * file whose exporter drops trailing empty fields); exact, for the operator's report only.
   */
  default long padded() {
    return 0;
  }

  /**
   * Whether the scan must be repeated reading every file whole, by one task: a file read in parallel
   * byte ranges had a quoted line break (or an unterminated quote) across a range's end, so the next
   * range began inside a field. Known once the scan has run; the rows of that scan are not to be used.
   */
  default boolean needsWholeFiles() {
    return false;
  }

  /** For inputs that cannot have malformed rows (Parquet, Delta). */
  static MalformedRows none() {
    return new MalformedRows() {
      @Override
      public long count() {
        return 0;
      }

      @Override
      public List<String> firstLocations() {
        return List.of();
      }
    };
  }
}
