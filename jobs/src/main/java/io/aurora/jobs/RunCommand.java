package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `run` command. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Profile a dataset and recommend a preprocessing action per column")
public final class RunCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("run");
  }
}
