package io.aurora.train;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.learn.LearningTables;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendationCombiner;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A tenant's warehouse as analysts leave it: fingerprints of some datasets, the expert rules'
 * recommendations for them, and a verdict per column (accept when the house action was recommended,
 * else a correction to it), received at {@code receivedAt}.
 */
final class FeedbackFixture {
  private FeedbackFixture() {}

  /** Writes the datasets' fingerprints, recommendations and feedback; returns the number of corrections. */
  static int write(SparkSession spark, TableStore store, String tenant, List<List<HouseStyle.Column>> datasets, Timestamp receivedAt) {
    return write(spark, store, tenant, datasets, receivedAt, false);
  }

  /**
   * As {@link #write(SparkSession, TableStore, String, List, Timestamp)}; with {@code agreeWithExpert}
   * the analysts accept every expert recommendation (the rules are their house style).
   */
  static int write(SparkSession spark, TableStore store, String tenant, List<List<HouseStyle.Column>> datasets, Timestamp receivedAt,
      boolean agreeWithExpert) {
    RecommendationCombiner expert = new RecommendationCombiner(List.of(ExpertRules.shipped()), 0.6, null);
    List<Row> fingerprints = new ArrayList<>();
    List<Row> recommendations = new ArrayList<>();
    List<Row> feedback = new ArrayList<>();
    int corrections = 0;
    for (List<HouseStyle.Column> dataset : datasets) {
      for (HouseStyle.Column c : dataset) {
        Fingerprint f = c.fingerprint();
        fingerprints.add(f.toRow());
        Recommendation r = expert.recommend(f, receivedAt);
        recommendations.add(r.toRow());
        io.aurora.recommend.Action house = agreeWithExpert ? r.action() : c.house();
        boolean right = r.action() == house;
        corrections += right ? 0 : 1;
        feedback.add(RowFactory.create(tenant, "fb-" + r.recommendationId(), r.recommendationId(), right ? "accept" : "correct",
            right ? null : house.wireName(), "analyst", f.dataset(), f.runId(), f.columnName(), r.action().wireName(),
            r.source().wireName(), r.ruleId(), receivedAt, house.wireName(), "test", "ingest-1", receivedAt));
      }
    }
    store.upsert(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant, List.of("dataset", "run_id", "column_name"),
        spark.createDataFrame(fingerprints.stream().map(io.aurora.recommend.RecommendJob::encodable).toList(),
            Fingerprint.SCHEMA), true);
    store.upsert(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant, List.of("recommendation_id"),
        spark.createDataFrame(recommendations.stream().map(io.aurora.recommend.RecommendJob::encodable).toList(),
            Recommendation.SCHEMA), true);
    store.upsert(Table.FEEDBACK, LearningTables.FEEDBACK, tenant, List.of("feedback_id"),
        spark.createDataFrame(feedback, LearningTables.FEEDBACK), false);
    return corrections;
  }
}
