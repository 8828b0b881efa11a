package io.aurora.jobs;

import io.aurora.recommend.ReviewQueue;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `review` command. */
@Command(name = "review", mixinStandardHelpOptions = true, description = "List a dataset's uncertain recommendations, least confident first")
public final class ReviewCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset to review")
  String dataset;

  @Option(names = "--run", paramLabel = "ID", description = "Profile run id (default: the latest recommended run)")
  String runId;

  @Override
  public Integer call() {
    try (JobContext ctx = JobContext.open("review", common, Map.of())) {
      RecommendationOutput.print(new ReviewQueue(ctx.store()).uncertain(ctx.tenant(), dataset, runId), ctx.json(), ctx.out());
      return 0;
    }
  }
}
