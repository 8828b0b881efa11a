package io.aurora.jobs;

import io.aurora.profile.ColumnSelection;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the commands that release fingerprints (profile, run). */
public final class PrivacyOptions {
  @Option(names = "--epsilon", paramLabel = "E", description = "Privacy budget ε of this run (default: 1.0; between 0.001 and 100)")
  public Double epsilon;

  @Option(names = "--partition", paramLabel = "KEY",
      description = "Declares the input as the disjoint partition KEY, with its own lifetime budget: VALUE when every input path lies in "
          + "a folder VALUE or NAME=VALUE (e.g. date=2024-05-01/), or COLUMN=VALUE to profile only the rows whose COLUMN is VALUE")
  public String partition;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Run id (default: a new one). Retrying a run id re-publishes what its earlier attempt released, "
          + "or is charged as a new release when that attempt published no fingerprints")
  public String runId;

  @Option(names = "--columns", paramLabel = "NAMES", split = ",",
      description = "Profile only these columns (comma-separated, repeatable; default: all). The run's budget is spread over the "
          + "columns it profiles: fewer columns, less noise on each")
  public List<String> columns;

  @Option(names = "--exclude-columns", paramLabel = "NAMES", split = ",",
      description = "Do not profile these columns (comma-separated, repeatable), e.g. keys or a label whose treatment is known")
  public List<String> excludeColumns;

  /** The columns to profile. */
  public ColumnSelection columnSelection() {
    return ColumnSelection.of(columns, excludeColumns);
  }

  @Option(names = "--force-new-dataset",
      description = "Profile an input that was already profiled under another dataset or partition key, giving its rows a second "
          + "lifetime budget (recorded in the privacy ledger)")
  public boolean forceNewDataset;
}
