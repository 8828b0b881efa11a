package io.aurora.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * What was detected (or given) about an input: format, and for text formats the encoding, dialect
 * and header decision. Settings that do not apply are null. No data values.
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
    List<String> warnings)
    implements Serializable {
  public InputDescription {
    files = files == null ? List.of() : List.copyOf(files);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
