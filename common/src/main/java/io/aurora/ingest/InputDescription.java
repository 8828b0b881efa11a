package io.aurora.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * What was detected (or given) about an input: format, and for text formats the encoding, dialect
 * and header decision. Settings that do not apply are null. No data values: warnings carry file
 * names, settings and column positions only, and no counts.
 *
 * @param headerLine the physical line (1-based) whose cells became the column names; null when no
 *     line did (a headerless text file, named {@code c0..cN}; or names from file metadata)
 * @param declaredSchema the schema given with {@code --schema} in Spark's DDL form; null when none
 */
public record InputDescription(
    String format,
    List<String> files,
    String encoding,
    String delimiter,
    String quote,
    String escape,
    Boolean header,
    String lineEnding,
    int skippedLeadingLines,
    List<String> warnings,
    Integer headerLine,
    String declaredSchema)
    implements Serializable {
  public InputDescription {
    files = files == null ? List.of() : List.copyOf(files);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A description without a header line or declared schema (Parquet, Delta). */
  public InputDescription(String format, List<String> files, String encoding, String delimiter, String quote,
      String escape, Boolean header, String lineEnding, int skippedLeadingLines, List<String> warnings) {
    this(format, files, encoding, delimiter, quote, escape, header, lineEnding, skippedLeadingLines, warnings, null,
        null);
  }
}
