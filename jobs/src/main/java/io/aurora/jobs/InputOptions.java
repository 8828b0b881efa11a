package io.aurora.jobs;

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

  @Option(names = "--header", paramLabel = "BOOL", description = "Whether the first line is a header (default: detected)")
  public Boolean header;

  @Option(names = "--quote", paramLabel = "CHAR", description = "CSV quote character (default: detected)")
  public String quote;

  @Option(names = "--escape", paramLabel = "CHAR", description = "CSV escape character (default: detected)")
  public String escape;

  @Option(names = "--version", paramLabel = "N", description = "Delta table version to read (--format delta)")
  public Long deltaVersion;
}
