package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `rules` command. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Show a tenant's learned rules with their evidence and success rates")
public final class RulesCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("rules");
  }
}
