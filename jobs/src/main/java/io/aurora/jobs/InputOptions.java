package io.aurora.jobs;

import io.aurora.ingest.ReadOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that read a dataset (profile, run, apply). */
public final class InputOptions {
  @Option(names = "--input", paramLabel = "PATH", required = true,
      description = "File, folder or glob; local, s3a://, hdfs:// (repeatable: all inputs form one dataset)")
  public List<String> inputs = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "auto",
      description = "auto|csv|tsv|parquet|delta|json (default: auto)")
  public String format;

  @Option(names = "--dataset", paramLabel = "ID", description = "Dataset id (default: derived from the first input's name)")
  public String dataset;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter (default: detected)")
  public String delimiter;

  @Option(names = "--encoding", paramLabel = "NAME", description = "Text encoding (default: detected)")
  public String encoding;

  @Option(names = "--header", paramLabel = "BOOL", arity = "1",
      description = "true|false: whether the first line (after title lines) holds the column names (default: detected;"
          + " a headerless file's columns are c0..cN)")
  public Boolean header;

  @Option(names = "--schema", paramLabel = "DDL|FILE",
      description = "Declared columns, public by declaration: a DDL string such as \"id INT, name STRING\", or a file"
          + " holding one (CSV/TSV: names and types of the fields; JSON lines: the keys read, none inferred)")
  public String schema;

  @Option(names = "--quote", paramLabel = "CHAR", description = "CSV quote character (default: detected)")
  public String quote;

  @Option(names = "--escape", paramLabel = "CHAR", description = "CSV escape character (default: detected)")
  public String escape;

  @Option(names = "--delta-version", paramLabel = "N", description = "Delta table version to read (--format delta)")
  public Long deltaVersion;

  /** What to read, for the ingest reader. */
  public ReadOptions readOptions() {
    return new ReadOptions(inputs, format, delimiter, encoding, header, quote, escape, deltaVersion, schema);
  }
}
