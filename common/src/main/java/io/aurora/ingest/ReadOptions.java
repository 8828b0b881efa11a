package io.aurora.ingest;

import java.util.List;

/**
 * What the user asked to read: inputs (files, folders, globs; any Hadoop URI) forming one dataset,
 * the format ({@code auto|csv|tsv|parquet|delta|json}) and optional overrides of every detected
 * setting (null = detect). {@code schema}: a declared schema (Spark DDL such as {@code "id INT, name
 * STRING"}, or a file holding one) whose names and types are public by declaration; null = names
 * from the header line (or {@code c0..cN}), JSON keys from the data.
 */
public record ReadOptions(
    List<String> inputs,
    String format,
    String delimiter,
    String encoding,
    Boolean header,
    String quote,
    String escape,
    Long deltaVersion,
    String schema) {
  public ReadOptions {
    inputs = List.copyOf(inputs);
    format = format == null ? "auto" : format;
  }

  /** Options without a declared schema. */
  public ReadOptions(List<String> inputs, String format, String delimiter, String encoding, Boolean header,
      String quote, String escape, Long deltaVersion) {
    this(inputs, format, delimiter, encoding, header, quote, escape, deltaVersion, null);
  }

  public static ReadOptions of(String... inputs) {
    return new ReadOptions(List.of(inputs), "auto", null, null, null, null, null, null, null);
  }

  /** These options with {@code schema} declared (DDL or a file holding one). */
  public ReadOptions withSchema(String schema) {
    return new ReadOptions(inputs, format, delimiter, encoding, header, quote, escape, deltaVersion, schema);
  }

  /** These options with the header decided ({@code null}: detect). */
  public ReadOptions withHeader(Boolean header) {
    return new ReadOptions(inputs, format, delimiter, encoding, header, quote, escape, deltaVersion, schema);
  }
}
