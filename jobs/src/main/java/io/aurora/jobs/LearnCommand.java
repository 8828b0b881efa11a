package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `learn` command. */
@Command(name = "learn", mixinStandardHelpOptions = true, description = "Update learned rules and their confidences from feedback")
public final class LearnCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("learn");
  }
}
