package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `privacy-report` command. */
@Command(name = "privacy-report", mixinStandardHelpOptions = true, description = "Show what is stored about a tenant and the ε spent per dataset")
public final class PrivacyReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("privacy-report");
  }
}
