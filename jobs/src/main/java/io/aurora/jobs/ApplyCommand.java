package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `apply` command. */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a dataset's recommendations: write the transformed data and the fitted PipelineModel")
public final class ApplyCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("apply");
  }
}
