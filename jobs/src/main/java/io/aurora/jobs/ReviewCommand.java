package io.aurora.jobs;

import io.aurora.recommend.Recommendation;
import io.aurora.recommend.ReviewQueue;
import java.util.List;
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
  public Integer call() throws Exception {
    try (JobContext ctx = JobContext.open("review", common, Map.of())) {
      ctx.metrics().dataset(dataset);
      return ctx.metered(() -> {
        List<Recommendation> queue = new ReviewQueue(ctx.store()).uncertain(ctx.tenant(), dataset, runId);
        ctx.metrics().set(BatchMetrics.REVIEW_QUEUE, queue.size());
        RecommendationOutput.print(queue, ctx.json(), ctx.out());
        return 0;
      });
    }
  }
}
