package io.aurora.publish;

import io.aurora.recommend.Recommendation;
import java.util.List;

/**
 * Where the latest recommendation per (tenant, dataset, column) is published for applications.
 * Publishing never fails a job: the Delta table is the source of truth (SPEC §5).
 */
public interface RecommendationPublisher extends AutoCloseable {
  /** Publishes {@code recommendations}; an unreachable target is reported in the result, not thrown. */
  PublishResult publish(List<Recommendation> recommendations);

  @Override
  void close();

  /** The publisher of the embedded default: publishes nothing. */
  static RecommendationPublisher none() {
    return new RecommendationPublisher() {
      @Override
      public PublishResult publish(List<Recommendation> recommendations) {
        return PublishResult.skipped();
      }

      @Override
      public void close() {}
    };
  }
}
