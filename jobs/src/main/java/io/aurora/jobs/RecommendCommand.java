package io.aurora.jobs;

import io.aurora.recommend.RecommendJob;
import java.util.List;
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
  public Integer call() {
    try (JobContext ctx = JobContext.open("recommend", common, Map.of());
        // learned rules and the champion model join here as stronger sources once they are built
        RecommendJob job = RecommendJob.fromConfig(ctx.store(), ctx.config(), List.of(), null)) {
      RecommendJob.Result result = job.recommendRun(ctx.tenant(), dataset, runId);
      RecommendationOutput.print(result.recommendations(), ctx.json(), ctx.out());
      return 0;
    }
  }
}
