package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.learn.PatternKeyFunction;
import io.aurora.learn.RuleSource;
import io.aurora.recommend.RecommendJob;
import java.util.List;

/**
 * Builds the recommend job the way every command that recommends needs it: the tenant's active
 * learned rules ahead of the expert rules (the champion model joins between them once retraining
 * exists), and the pattern key recorded with each recommendation so corrections can become rules.
 */
final class RecommendationSetup {
  private RecommendationSetup() {}

  static RecommendJob open(JobContext context) {
    return RecommendJob.fromConfig(context.store(), context.config(),
        List.of(RuleSource.load(context.store(), context.tenant())), new PatternKeyFunction());
  }

  /** Records what a recommend run produced (by status and source) and published in the context's metrics. */
  static void record(JobContext context, RecommendJob.Result result) {
    BatchMetrics.recommended(context.metrics(), result.recommendations(), result.published(),
        context.config().isSet(ConfigKeys.REDIS_URL));
  }
}
