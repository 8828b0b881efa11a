package io.aurora.ingest;

import java.util.List;

/**
 * What the user asked to read: inputs (files, folders, globs; any Hadoop URI) forming one dataset,
 * the format ({@code auto|csv|tsv|parquet|delta|json}) and optional overrides of every detected
 * setting (null = detect).
 */
public record ReadOptions(
    List<String> inputs,
    String format,
    String delimiter,
    String encoding,
    Boolean header,
    String quote,
    String escape,
    Long deltaVersion) {
  public ReadOptions {
    inputs = List.copyOf(inputs);
    format = format == null ? "auto" : format;
  }

  public static ReadOptions of(String... inputs) {
    return new ReadOptions(List.of(inputs), "auto", null, null, null, null, null, null);
  }
}
