package io.aurora.jobs;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `recommend` command. */
@Command(name = "recommend", mixinStandardHelpOptions = true, description = "Recommend an action per column from a dataset's latest (or given) profile run")
public final class RecommendCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset whose fingerprints to recommend for")
  String dataset;

  @Option(names = "--run", paramLabel = "ID", description = "Profile run id (default: the dataset's latest run)")
  String runId;

  @Override
  public Integer call() throws Exception {
    try (JobContext ctx = JobContext.open("recommend", common, Map.of())) {
      ctx.metrics().dataset(dataset);
      return ctx.metered(() -> {
        RecommendationSetup.Recommended done = RecommendationSetup.recommend(ctx, dataset, runId);
        RecommendationOutput.print(done.result().recommendations(), ctx.json(), ctx.out());
        return 0;
      });
    }
  }
}
