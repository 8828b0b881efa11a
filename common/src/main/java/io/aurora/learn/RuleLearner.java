package io.aurora.learn;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code learn} job for one tenant: validates the tenant's feedback, labels each correction
 * with the pattern key of the fingerprint its recommendation was made from (statistics only; no
 * step reads a dataset), counts corrections per (pattern, action) and validations per rule, and
 * merges the resulting rules into {@code rules}. Everything is Spark aggregation; only the per-rule
 * lifecycle runs as plain Java on the executors.
 */
public final class RuleLearner {
  private static final Logger LOG = LogManager.getLogger(RuleLearner.class);

  static final StructType PATTERNS = new StructType()
      .add("dataset", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("column_name", DataTypes.StringType, false)
      .add("pattern_key", DataTypes.StringType, false);

  private final TableStore store;
  private final RuleLifecycle lifecycle;

  public RuleLearner(TableStore store, RuleLifecycle lifecycle) {
    this.store = requireNonNull(store, "store is null");
    this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
  }

  /** What one learn run did. */
  public record Report(String tenant, String runId, long feedbackRows, long rejected, long rules, long activeRules,
      long created, long deactivated) {}

  public Report learn(String tenant, String runId, Timestamp now) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("run id", runId);
    requireNonNull(now, "now is null");

    // 1. every feedback row of the tenant, validated again (notebooks append directly)
    Dataset<Row> stored = store.read(Table.FEEDBACK, LearningTables.FEEDBACK, tenant);
    Dataset<Row> raw = stored.select(col("feedback_id"), col("recommendation_id"), col("verdict"),
        col("correct_action"), col("`user`"), col("tenant").as("claimed_tenant"), lit(null).cast("string").as("raw"),
        lit(null).cast("string").as("source_file"));
    FeedbackValidation.Outcome outcome = new FeedbackValidation(store).validate(raw, tenant, "feedback_table", runId, now);
    Dataset<Row> feedback = outcome.accepted().persist();
    Dataset<Row> rejected = outcome.rejected().persist();
    long feedbackRows = feedback.count();
    long rejectedRows = rejected.count();
    if (rejectedRows > 0) {
      store.upsert(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, tenant, List.of("reject_id"), rejected, false);
    }

    // 2. corrections labelled with the patterns (fine and coarse) of the judged column's fingerprint
    Dataset<Row> patterns = patterns(tenant);
    Dataset<Row> corrections = feedback.where(col("label_action").notEqual(col("recommended_action")))
        .join(patterns, scala.collection.JavaConverters.asScalaBuffer(List.of("dataset", "run_id", "column_name")).toSeq(), "inner")
        .groupBy(col("pattern_key").as("e_pattern"), col("label_action").as("e_action"))
        .agg(count(lit(1)).as("e_corrections"));

    // 3. validations of rules: feedback on recommendations a rule made in its current epoch
    Dataset<Row> existing = store.read(Table.RULES, LearningTables.RULES, tenant);
    Dataset<Row> epochs = existing.select(col("rule_id").as("v_rule"), col("epoch_started_at").as("v_since"));
    Dataset<Row> validations = feedback.where(col("source").equalTo("rule").and(col("rule_id").isNotNull()))
        .join(epochs, col("rule_id").equalTo(col("v_rule")), "inner")
        .where(col("recommended_at").geq(col("v_since")))
        .groupBy(col("v_rule"))
        .agg(sum(when(col("label_action").equalTo(col("recommended_action")), 1L).otherwise(0L)).as("v_successes"),
            count(lit(1)).as("v_trials"));

    // 4. one row per (pattern, action) that has corrections or a rule
    Dataset<Row> previous = existing.select(col("pattern_key").as("p_pattern"), col("action").as("p_action"),
        col("rule_id").as("p_rule"), struct(col("*")).as("prev"));
    Dataset<Row> evidence = corrections
        .join(previous, corrections.col("e_pattern").equalTo(previous.col("p_pattern"))
            .and(corrections.col("e_action").equalTo(previous.col("p_action"))), "full_outer")
        .join(validations, col("p_rule").equalTo(col("v_rule")), "left");

    RuleLifecycle life = lifecycle;
    FlatMapFunction<Row, Row> next = r -> {
      Row prevRow = r.isNullAt(r.fieldIndex("prev")) ? null : r.getStruct(r.fieldIndex("prev"));
      Rule prev = prevRow == null ? null : Rule.fromRow(prevRow);
      String pattern = prev != null ? prev.patternKey() : r.getAs("e_pattern");
      Action action = prev != null ? prev.action() : Action.fromWire(r.getAs("e_action"));
      long n = r.isNullAt(r.fieldIndex("e_corrections")) ? 0L : r.<Long>getAs("e_corrections");
      long k = r.isNullAt(r.fieldIndex("v_successes")) ? 0L : r.<Long>getAs("v_successes");
      long m = r.isNullAt(r.fieldIndex("v_trials")) ? 0L : r.<Long>getAs("v_trials");
      Optional<Rule> rule = life.next(prev, new RuleLifecycle.Evidence(tenant, pattern, action, n, k, m), now, runId);
      return rule.map(x -> List.of(x.toRow())).orElse(List.of()).iterator();
    };
    Dataset<Row> rules = evidence.flatMap(next, Encoders.row(LearningTables.RULES)).persist();
    long total = rules.count();
    long active = rules.where(col("active")).count();
    long created = rules.where(col("created_at").equalTo(lit(now))).count();
    long deactivated = rules.where(col("deactivated_at").equalTo(lit(now))).count();
    if (total > 0) {
      store.upsert(Table.RULES, LearningTables.RULES, tenant, List.of("rule_id"), rules, true);
    }
    rules.unpersist();
    feedback.unpersist();
    rejected.unpersist();
    Report report = new Report(tenant, runId, feedbackRows, rejectedRows, total, active, created, deactivated);
    LOG.info("learn tenant={} run={} feedback={} rejected={} rules={} active={} created={} deactivated={}",
        tenant, runId, feedbackRows, rejectedRows, total, active, created, deactivated);
    return report;
  }

  /** (dataset, run_id, column_name) → each pattern key (fine and coarse) of every fingerprint of the tenant. */
  Dataset<Row> patterns(String tenant) {
    FlatMapFunction<Row, Row> keys = row -> {
      Fingerprint fp = Fingerprint.fromRow(row);
      return PatternKey.levels(fp).stream()
          .map(k -> RowFactory.create(fp.dataset(), fp.runId(), fp.columnName(), k.value()))
          .iterator();
    };
    return store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant)
        .flatMap(keys, Encoders.row(PATTERNS))
        .dropDuplicates("dataset", "run_id", "column_name", "pattern_key");
  }
}
