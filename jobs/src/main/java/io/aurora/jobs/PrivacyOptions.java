package io.aurora.jobs;

import picocli.CommandLine.Option;

/** Options of the commands that release fingerprints (profile, run). */
public final class PrivacyOptions {
  @Option(names = "--epsilon", paramLabel = "E", description = "Privacy budget ε of this run (default: 1.0)")
  public Double epsilon;

  @Option(names = "--partition", paramLabel = "KEY",
      description = "Declares the input as the disjoint partition KEY (e.g. a date): each partition has its own lifetime budget")
  public String partition;
}
