package io.aurora.learn;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
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
import org.apache.spark.sql.Column;
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

    // 2. every verdict labelled with the patterns (fine and coarse) of the judged column's fingerprint
    Dataset<Row> labelled = feedback
        .join(patterns(tenant), scala.collection.JavaConverters.asScalaBuffer(List.of("dataset", "run_id", "column_name")).toSeq(), "inner")
        .select(col("pattern_key").as("l_pattern"), col("label_action").as("l_label"),
            col("recommended_action").as("l_recommended"), col("source").as("l_source"), col("rule_id").as("l_rule"),
            col("user").as("l_user"), col("recommended_at").as("l_at"))
        .persist();
    Column correction = col("l_label").notEqual(col("l_recommended"));
    Dataset<Row> corrections = labelled.where(correction)
        .groupBy(col("l_pattern").as("e_pattern"), col("l_label").as("e_action"))
        .agg(count(lit(1)).as("e_corrections"), countDistinct(col("l_user")).as("e_analysts"));

    // 3. one candidate per (pattern, action) that has corrections or a rule
    Dataset<Row> existing = store.read(Table.RULES, LearningTables.RULES, tenant);
    Dataset<Row> previous = existing.select(col("pattern_key").as("p_pattern"), col("action").as("p_action"),
        col("rule_id").as("p_rule"), col("epoch_started_at").as("p_epoch_start"),
        (List.of(existing.columns()).contains("evidence_since") ? col("evidence_since") : lit(null).cast("timestamp"))
            .as("p_since"),
        col("deactivated_at").as("p_deactivated"), struct(col("*")).as("prev"));
    Dataset<Row> candidates = corrections
        .join(previous, corrections.col("e_pattern").equalTo(previous.col("p_pattern"))
            .and(corrections.col("e_action").equalTo(previous.col("p_action"))), "full_outer")
        .select(coalesce(col("p_pattern"), col("e_pattern")).as("c_pattern"),
            coalesce(col("p_action"), col("e_action")).as("c_action"), col("p_rule"), col("p_epoch_start"), col("p_since"),
            col("p_deactivated"), col("prev"), col("e_corrections"), col("e_analysts"));

    // 4. the candidate's evidence from every verdict on its pattern: its own recommendations are its
    // validations (since its epoch started); every other verdict agrees or not with its action,
    // counted for its current epoch (since evidence_since) and for a new one (since its deactivation)
    Column own = col("p_rule").isNotNull().and(col("l_source").equalTo("rule")).and(col("l_rule").equalTo(col("p_rule")));
    Column other = col("l_pattern").isNotNull().and(coalesce(own, lit(false)).unary_$bang());
    Column agrees = col("l_label").equalTo(col("c_action"));
    Column inEpoch = col("p_since").isNull().or(col("l_at").geq(col("p_since")));
    Column sinceDeactivation = col("p_deactivated").isNull().or(col("l_at").geq(col("p_deactivated")));
    Column validation = coalesce(own, lit(false)).and(col("l_at").geq(col("p_epoch_start")));
    Dataset<Row> evidence = candidates
        .join(labelled, col("c_pattern").equalTo(col("l_pattern")), "left")
        .groupBy(col("c_pattern"), col("c_action"))
        .agg(first(col("prev"), true).as("prev"), first(col("e_corrections"), true).as("e_corrections"),
            first(col("e_analysts"), true).as("e_analysts"),
            tally(other.and(inEpoch).and(agrees)).as("agreeing"),
            tally(other.and(inEpoch).and(agrees.unary_$bang())).as("contrary"),
            tally(other.and(sinceDeactivation).and(agrees)).as("agreeing_new"),
            tally(other.and(sinceDeactivation).and(agrees.unary_$bang())).as("contrary_new"),
            tally(validation.and(agrees)).as("v_successes"), tally(validation).as("v_trials"));

    RuleLifecycle life = lifecycle;
    FlatMapFunction<Row, Row> next = r -> {
      Row prevRow = r.isNullAt(r.fieldIndex("prev")) ? null : r.getStruct(r.fieldIndex("prev"));
      Rule prev = prevRow == null ? null : Rule.fromRow(prevRow);
      String pattern = r.getAs("c_pattern");
      Action action = Action.fromWire(r.getAs("c_action"));
      RuleLifecycle.Evidence e = new RuleLifecycle.Evidence(tenant, pattern, action, longOf(r, "e_corrections"),
          longOf(r, "e_analysts"), new RuleLifecycle.Verdicts(longOf(r, "agreeing"), longOf(r, "contrary")),
          new RuleLifecycle.Verdicts(longOf(r, "agreeing_new"), longOf(r, "contrary_new")), longOf(r, "v_successes"),
          longOf(r, "v_trials"));
      Optional<Rule> rule = life.next(prev, e, now, runId);
      return rule.map(x -> List.of(x.toRow())).orElse(List.of()).iterator();
    };
    Dataset<Row> rules = evidence.flatMap(next, Encoders.row(LearningTables.RULES)).persist();
    Row counts = rules.agg(count(lit(1)), tally(col("active")), tally(col("created_at").equalTo(lit(now))),
        tally(col("deactivated_at").equalTo(lit(now)))).first();
    long total = counts.getLong(0);
    long active = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long created = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long deactivated = counts.isNullAt(3) ? 0 : counts.getLong(3);
    if (total > 0) {
      LearningTables.addEvidenceColumns(feedback.sparkSession(), store);
      store.upsert(Table.RULES, LearningTables.RULES, tenant, List.of("rule_id"), rules, true);
    }
    rules.unpersist();
    labelled.unpersist();
    feedback.unpersist();
    rejected.unpersist();
    Report report = new Report(tenant, runId, feedbackRows, rejectedRows, total, active, created, deactivated);
    LOG.info("learn tenant={} run={} feedback={} rejected={} rules={} active={} created={} deactivated={}",
        tenant, runId, feedbackRows, rejectedRows, total, active, created, deactivated);
    return report;
  }

  /** How many rows of a group {@code condition} holds for (null counts as false). */
  private static Column tally(Column condition) {
    return sum(when(coalesce(condition, lit(false)), 1L).otherwise(0L));
  }

  private static long longOf(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? 0L : r.getLong(i);
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
