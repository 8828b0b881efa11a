package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.learn.PatternKeyFunction;
import io.aurora.learn.RuleSource;
import io.aurora.publish.PublishResult;
import io.aurora.publish.RecommendationPublisher;
import io.aurora.publish.RecommendationPublishers;
import io.aurora.recommend.RecommendJob;
import io.aurora.recommend.RecommendationSource;
import io.aurora.model.Champions;
import io.aurora.model.ModelRegistries;
import io.aurora.model.ModelSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Chains what every command that recommends does, in order: recommend and commit (the tenant's
 * active learned rules, then the champion model, then the expert rules), then publish the committed
 * rows (Redis when configured), then record metrics. The recommend package computes and commits;
 * publishing is this layer's step, so {@code io.aurora.recommend} does not know {@code io.aurora.publish}.
 */
final class RecommendationSetup {
  private RecommendationSetup() {}

  /** What a recommend step committed and what its publication did. */
  record Recommended(RecommendJob.Result result, PublishResult published) {}

  /** Recommends for {@code dataset}'s run {@code runId} (null: the latest), commits, publishes and records metrics. */
  static Recommended recommend(JobContext context, String dataset, String runId) {
    List<RecommendationSource> stronger = new ArrayList<>();
    stronger.add(RuleSource.load(context.store(), context.tenant()));
    champion(context).ifPresent(stronger::add);
    RecommendJob job = RecommendJob.fromConfig(context.store(), context.config(), stronger, new PatternKeyFunction());
    RecommendJob.Result result = job.recommendRun(context.tenant(), dataset, runId);
    PublishResult published;
    try (RecommendationPublisher publisher = RecommendationPublishers.from(context.config())) {
      published = publisher.publish(result.recommendations());
    }
    BatchMetrics.recommended(context.metrics(), result.recommendations(), published,
        context.config().isSet(ConfigKeys.REDIS_URL));
    return new Recommended(result, published);
  }

  /**
   * The tenant's champion model, loaded once for this job and broadcast to the executors; empty when
   * there is none to serve (the expert rules answer). MLflow unreachable: the last champion cached
   * in the warehouse, with a warning.
   */
  static Optional<ModelSource> champion(JobContext context) {
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    String tenant = context.tenant();
    boolean mlflow = context.config().isSet(ConfigKeys.MLFLOW_TRACKING_URI);
    Optional<Champions.Loaded> loaded = new Champions(context.config().get(ConfigKeys.WAREHOUSE), hadoop)
        .load(() -> ModelRegistries.from(context.config(), hadoop), mlflow, ModelRegistries.modelName(context.config(), tenant));
    return loaded.map(l -> ModelSource.broadcast(JavaSparkContext.fromSparkContext(context.spark().sparkContext()),
        l.version(), l.model()));
  }
}
