package io.aurora.jobs;

import static io.aurora.metrics.JobMetrics.labels;

import io.aurora.learn.FeedbackIngest;
import io.aurora.learn.LearningTables;
import io.aurora.learn.RuleLearner;
import io.aurora.metrics.JobMetrics;
import io.aurora.profile.ProfileJob;
import io.aurora.profile.ProfileRun;
import io.aurora.publish.PublishResult;
import io.aurora.recommend.Recommendation;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The metric names the jobs push (SPEC §8; listed with their meaning in the README) and how each
 * job's results become them. Only counts, ε, ratios and identifier labels (status, source, rule
 * state, dataset id) — nothing read from a dataset's values.
 */
final class BatchMetrics {
  static final String ROWS_READ = "aurora_rows_read";
  static final String ROWS_MALFORMED = "aurora_rows_malformed";
  static final String COLUMNS = "aurora_columns_profiled";
  static final String PROFILE_REUSED = "aurora_profile_reused";
  static final String LOW_UTILITY = "aurora_profile_low_utility";
  static final String EPSILON_SPENT = "aurora_epsilon_spent";
  static final String EPSILON_BUDGET = "aurora_epsilon_budget";
  static final String EPSILON_REMAINING = "aurora_epsilon_remaining";
  static final String PHASE_DURATION = "aurora_phase_duration_seconds";
  static final String RECOMMENDATIONS = "aurora_recommendations";
  static final String REDIS_PUBLISHED = "aurora_redis_published_recommendations";
  static final String REDIS_REACHABLE = "aurora_redis_reachable";
  static final String REDIS_PUBLISH_SECONDS = "aurora_redis_publish_seconds";
  static final String REVIEW_QUEUE = "aurora_review_queue_recommendations";
  static final String FEEDBACK_ROWS = "aurora_feedback_rows";
  static final String INBOX_ROWS = "aurora_feedback_inbox_rows";
  static final String LEARN_FEEDBACK_ROWS = "aurora_learn_feedback_rows";
  static final String LEARN_REJECTED_ROWS = "aurora_learn_rejected_rows";
  static final String RULES = "aurora_rules";
  static final String RULES_CREATED = "aurora_rules_created";
  static final String RULES_DEACTIVATED = "aurora_rules_deactivated";
  static final String RULE_VALIDATIONS = "aurora_rule_validations";
  static final String RULE_SUCCESS_RATIO = "aurora_rule_success_ratio";
  static final String PRIVACY_EPSILON_SPENT = "aurora_privacy_epsilon_spent";
  static final String PRIVACY_EPSILON_REMAINING = "aurora_privacy_epsilon_remaining";
  static final String PRIVACY_RELEASES = "aurora_privacy_releases";
  // the model's health, pushed by retrain through model(...) (and by readers of the registry)
  static final String MODEL_CHAMPION_VERSION = "aurora_model_champion_version";
  static final String MODEL_HOLDOUT_METRIC = "aurora_model_holdout_metric";
  static final String MODEL_LAST_TRAINED = "aurora_model_last_trained_timestamp_seconds";
  static final String RETRAIN_SKIPPED = "aurora_retrain_skipped";
  static final String APPLY_COLUMNS = "aurora_apply_columns";

  private BatchMetrics() {}

  /**
   * A profile run: rows, columns, ε charged by this run and what remains of the lifetime budget of its
   * ledger key ({@code spentAfter} NaN: unknown, not pushed). The exact counts of rows read and malformed
   * are the operator's (stdout) and never leave the job (SPEC §4): rows read is the released, noisy row
   * count of the run's fingerprints (absent when the run re-used an earlier release), malformed rows the
   * released, noisy count the runs table keeps (stage 1 of the release, clamped at 0).
   */
  static void profiled(JobMetrics metrics, ProfileJob.Outcome outcome, double budget, double spentAfter) {
    ProfileRun run = outcome.stored();
    releasedRows(outcome).ifPresent(rows -> metrics.set(ROWS_READ, rows));
    metrics.set(ROWS_MALFORMED, run.rowsMalformed())
        .set(COLUMNS, run.columns())
        .set(PROFILE_REUSED, outcome.reused() ? 1 : 0)
        .set(LOW_UTILITY, run.lowUtility() ? 1 : 0)
        .set(EPSILON_SPENT, outcome.epsilonCharged())
        .set(EPSILON_BUDGET, budget);
    if (!Double.isNaN(spentAfter)) {
      metrics.set(EPSILON_REMAINING, Math.max(0.0, budget - spentAfter));
    }
  }

  /**
   * The row count the run released: every fingerprint of a run carries the same noisy row total
   * (post-processing of its differentially private counts), rounded and never below zero.
   */
  static java.util.OptionalLong releasedRows(ProfileJob.Outcome outcome) {
    return outcome.fingerprints().stream().mapToDouble(f -> f.rowCount()).filter(Double::isFinite)
        .mapToLong(rows -> Math.max(0L, Math.round(rows))).findFirst();
  }

  /** Recommendations of one run by status and source, and their Redis publication when Redis is configured. */
  static void recommended(JobMetrics metrics, List<Recommendation> recommendations, PublishResult published,
      boolean redisConfigured) {
    for (String status : List.of(Recommendation.CONFIDENT, Recommendation.UNCERTAIN)) {
      for (io.aurora.recommend.Source source : io.aurora.recommend.Source.values()) {
        // every combination, zeros included: a panel's series does not vanish when a count drops to 0
        metrics.add(RECOMMENDATIONS, labels("status", status, "source", source.wireName()), 0);
      }
    }
    for (Recommendation r : recommendations) {
      metrics.add(RECOMMENDATIONS, labels("status", r.status(), "source", r.source().wireName()), 1);
    }
    if (redisConfigured) {
      metrics.set(REDIS_PUBLISHED, published.published()).set(REDIS_REACHABLE, published.reachable() ? 1 : 0)
          .set(REDIS_PUBLISH_SECONDS, published.seconds());
    }
  }

  /** One feedback ingestion: rows accepted and rejected, by origin (file, postgres). */
  static void feedback(JobMetrics metrics, FeedbackIngest.Report report, String origin) {
    long accepted = report == null ? 0L : report.accepted();
    long rejected = report == null ? 0L : report.rejected();
    metrics.set(FEEDBACK_ROWS, labels("outcome", "accepted", "origin", origin), accepted)
        .set(FEEDBACK_ROWS, labels("outcome", "rejected", "origin", origin), rejected);
  }

  /** A learn run: feedback considered, rules created and deactivated, then the tenant's rules as {@link #rules} counts them. */
  static void learned(JobMetrics metrics, RuleLearner.Report report, TableStore store, String tenant) {
    metrics.set(LEARN_FEEDBACK_ROWS, report.feedbackRows())
        .set(LEARN_REJECTED_ROWS, report.rejected())
        .set(RULES_CREATED, report.created())
        .set(RULES_DEACTIVATED, report.deactivated());
    rules(metrics, store, tenant);
  }

  /**
   * The tenant's rules: active and inactive counts, validations of what they recommended (successes,
   * failures) and the pooled success ratio (absent while no rule has been validated).
   */
  static void rules(JobMetrics metrics, TableStore store, String tenant) {
    Row totals;
    try {
      totals = store.read(Table.RULES, LearningTables.RULES, tenant)
          .agg(functions.count(functions.lit(1)),
              functions.coalesce(functions.sum(functions.when(functions.col("active"), 1L).otherwise(0L)), functions.lit(0L)),
              functions.coalesce(functions.sum("successes"), functions.lit(0L)),
              functions.coalesce(functions.sum("trials"), functions.lit(0L)))
          .first();
    } catch (RuntimeException e) {
      // the job's own work is done (learn has committed): counting for the metrics must not fail it
      LogManager.getLogger(BatchMetrics.class).warn("rule counts not measured for the metrics: {}", e.getClass().getSimpleName());
      return;
    }
    long all = totals.getLong(0);
    long active = totals.getLong(1);
    long successes = totals.getLong(2);
    long trials = totals.getLong(3);
    metrics.set(RULES, labels("state", "active"), active)
        .set(RULES, labels("state", "inactive"), all - active)
        .set(RULE_VALIDATIONS, labels("outcome", "success"), successes)
        .set(RULE_VALIDATIONS, labels("outcome", "failure"), trials - successes);
    if (trials > 0) {
      metrics.set(RULE_SUCCESS_RATIO, (double) successes / trials);
    }
  }

  /**
   * The tenant's model: the champion's registered version (absent while there is none), its metrics on
   * the holdout ({@code metric} label: accuracy, top3_accuracy, ece, …), when a model was last trained
   * (Unix seconds; a skipped retrain pushes the previous training time again, which is what the
   * three-nights alert reads) and whether this retrain skipped training.
   */
  static void model(JobMetrics metrics, java.util.OptionalLong championVersion, java.util.Map<String, Double> holdout,
      java.util.OptionalDouble lastTrainedEpochSeconds, boolean skipped) {
    championVersion.ifPresent(v -> metrics.set(MODEL_CHAMPION_VERSION, v));
    holdout.forEach((name, value) -> metrics.set(MODEL_HOLDOUT_METRIC, labels("metric", name), value));
    lastTrainedEpochSeconds.ifPresent(t -> metrics.set(MODEL_LAST_TRAINED, t));
    metrics.set(RETRAIN_SKIPPED, skipped ? 1 : 0);
  }

  /** One (dataset, partition) line of the privacy report: ε spent, remaining and releases. */
  static void privacyLine(JobMetrics metrics, PrivacyReportCommand.Line line) {
    java.util.SortedMap<String, String> labels = line.partition() == null
        ? labels("dataset", line.dataset())
        : labels("dataset", line.dataset(), "partition", line.partition());
    metrics.set(PRIVACY_EPSILON_SPENT, labels, line.epsilonSpent())
        .set(PRIVACY_EPSILON_REMAINING, labels, line.remaining())
        .set(PRIVACY_RELEASES, labels, line.releases());
  }

  /** Columns of an apply run by the action applied ({@code none}: passed through unchanged), zeros included. */
  static void applied(JobMetrics metrics, List<io.aurora.apply.PlannedColumn> columns) {
    for (io.aurora.recommend.Action action : io.aurora.recommend.Action.values()) {
      metrics.add(APPLY_COLUMNS, labels("action", action.wireName()), 0);
    }
    metrics.add(APPLY_COLUMNS, labels("action", "none"), 0);
    for (io.aurora.apply.PlannedColumn c : columns) {
      metrics.add(APPLY_COLUMNS, labels("action", c.action() == null ? "none" : c.action().wireName()), 1);
    }
  }
}
