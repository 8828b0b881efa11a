package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `feedback` command. */
@Command(name = "feedback", mixinStandardHelpOptions = true, description = "Ingest analysts' verdicts (accept | correct) from a file or the PostgreSQL inbox")
public final class FeedbackCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("feedback");
  }
}
