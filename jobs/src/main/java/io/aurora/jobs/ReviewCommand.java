package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `review` command. */
@Command(name = "review", mixinStandardHelpOptions = true, description = "List a dataset's uncertain recommendations, least confident first")
public final class ReviewCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("review");
  }
}
