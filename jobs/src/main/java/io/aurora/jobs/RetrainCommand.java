package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `retrain` command. */
@Command(name = "retrain", mixinStandardHelpOptions = true, description = "Train, evaluate and register the recommender model; promote it if better")
public final class RetrainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("retrain");
  }
}
