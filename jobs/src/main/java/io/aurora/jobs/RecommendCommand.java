package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `recommend` command. */
@Command(name = "recommend", mixinStandardHelpOptions = true, description = "Recommend an action per column from a dataset's latest (or given) profile run")
public final class RecommendCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("recommend");
  }
}
