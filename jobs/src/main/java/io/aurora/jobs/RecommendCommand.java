package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.publish.RecommendationPublisher;
import io.aurora.publish.RecommendationPublishers;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.RecommendJob;
import io.aurora.recommend.RecommendationCombiner;
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
        RecommendationPublisher publisher = RecommendationPublishers.from(ctx.config())) {
      RecommendationCombiner combiner = new RecommendationCombiner(
          List.of(ExpertRules.shipped()), ctx.config().getDouble(ConfigKeys.UNCERTAIN_BELOW), null);
      RecommendJob.Result result = new RecommendJob(ctx.store(), combiner, publisher)
          .recommendRun(ctx.tenant(), dataset, runId);
      RecommendationOutput.print(result.recommendations(), ctx.json(), ctx.out());
      return 0;
    }
  }
}
