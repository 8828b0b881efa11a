package io.aurora.learn;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.aurora.Identifiers;
import io.aurora.recommend.Action;
import io.aurora.recommend.Recommendation;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Checks feedback rows against the tenant's recommendations and resolves what they judge, as Spark
 * joins (nothing collected). Used by {@code feedback} for files and the inbox and by {@code learn}
 * for every row of the {@code feedback} table (notebooks append there directly), so all paths
 * accept and refuse exactly the same rows.
 *
 * <p>Input columns, all strings, any may be null: {@code feedback_id, recommendation_id, verdict,
 * correct_action, user, claimed_tenant, raw} ({@code raw} is set only for malformed lines) and
 * {@code source_file}.
 */
public final class FeedbackValidation {
  /** Columns a raw feedback frame must have (see class comment). */
  public static final String[] RAW_COLUMNS = {
      "feedback_id", "recommendation_id", "verdict", "correct_action", "user", "claimed_tenant", "raw", "source_file"};

  private final TableStore store;

  public FeedbackValidation(TableStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** Accepted and refused rows of one batch, each conformed to its table's schema. */
  public record Outcome(Dataset<Row> accepted, Dataset<Row> rejected) {
    public Outcome {
      requireNonNull(accepted, "accepted is null");
      requireNonNull(rejected, "rejected is null");
    }
  }

  /**
   * Validates {@code raw} for {@code tenant}. Accepted rows are de-duplicated by feedback_id (a
   * missing id is derived from the row's content, so re-sending a row is recognised).
   */
  public Outcome validate(Dataset<Row> raw, String tenant, String origin, String ingestRunId, Timestamp now) {
    Identifiers.require("tenant", tenant);
    Dataset<Row> recs = store.read(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant)
        .select(col("recommendation_id").as("r_id"), col("dataset").as("r_dataset"), col("run_id").as("r_run_id"),
            col("column_name").as("r_column"), col("action").as("r_action"), col("source").as("r_source"),
            col("rule_id").as("r_rule_id"), col("created_at").as("r_created_at"))
        .dropDuplicates("r_id");

    Column recId = blankToNull(trim(col("recommendation_id")));
    Column verdict = lower(trim(col("verdict")));
    Column action = lower(blankToNull(trim(col("correct_action"))));
    Column user = blankToNull(trim(col("user")));
    Column claimed = blankToNull(trim(col("claimed_tenant")));
    Dataset<Row> n = raw.select(
        blankToNull(trim(col("feedback_id"))).as("n_feedback_id"), recId.as("n_rec_id"), verdict.as("n_verdict"),
        action.as("n_action"), user.as("n_user"), claimed.as("n_claimed"), col("raw").as("n_raw"),
        col("source_file").as("n_source_file"),
        // keep what arrived, for the rejects table
        col("feedback_id"), col("recommendation_id"), col("verdict"), col("correct_action"), col("user"));
    Dataset<Row> j = n.join(recs, n.col("n_rec_id").equalTo(recs.col("r_id")), "left");

    Column knownAction = col("n_action").isin((Object[]) Arrays.stream(Action.values()).map(Action::wireName).toArray(String[]::new));
    Column reason = when(col("n_raw").isNotNull(), RejectReason.MALFORMED.wireName())
        .when(col("n_claimed").isNotNull().and(col("n_claimed").notEqual(tenant)), RejectReason.UNKNOWN_TENANT.wireName())
        .when(col("n_rec_id").isNull(), RejectReason.MISSING_RECOMMENDATION_ID.wireName())
        .when(col("n_verdict").isNull().or(col("n_verdict").isin("accept", "correct").unary_$bang()),
            RejectReason.UNKNOWN_VERDICT.wireName())
        .when(col("n_verdict").equalTo("correct").and(col("n_action").isNull()), RejectReason.MISSING_CORRECT_ACTION.wireName())
        .when(col("n_action").isNotNull().and(knownAction.unary_$bang()), RejectReason.UNKNOWN_ACTION.wireName())
        .when(col("r_id").isNull(), RejectReason.UNKNOWN_RECOMMENDATION.wireName())
        .when(col("n_verdict").equalTo("accept").and(col("n_action").isNotNull()).and(col("n_action").notEqual(col("r_action"))),
            RejectReason.CONFLICTING_VERDICT.wireName());
    Column feedbackId = coalesce(col("n_feedback_id"), derivedId(lit(tenant), col("n_rec_id"), col("n_verdict"),
        col("n_action"), col("n_user"), col("n_raw")));
    Dataset<Row> v = j.withColumn("reason", reason).withColumn("fid", feedbackId);

    Dataset<Row> accepted = v.where(col("reason").isNull())
        .select(lit(tenant).as("tenant"), col("fid").as("feedback_id"), col("n_rec_id").as("recommendation_id"),
            col("n_verdict").as("verdict"), col("n_action").as("correct_action"), col("n_user").as("user"),
            col("r_dataset").as("dataset"), col("r_run_id").as("run_id"), col("r_column").as("column_name"),
            col("r_action").as("recommended_action"), col("r_source").as("source"), col("r_rule_id").as("rule_id"),
            col("r_created_at").as("recommended_at"),
            when(col("n_verdict").equalTo("correct"), col("n_action")).otherwise(col("r_action")).as("label_action"),
            lit(origin).as("origin"), lit(ingestRunId).as("ingest_run_id"), lit(now).as("received_at"))
        .dropDuplicates("feedback_id");

    Dataset<Row> rejected = v.where(col("reason").isNotNull())
        .select(lit(tenant).as("tenant"),
            concat(lit("rj-"), substring(sha2(concat_ws("\u0001", col("reason"), col("fid"),
                coalesce(col("recommendation_id"), lit("")), coalesce(col("verdict"), lit("")),
                coalesce(col("correct_action"), lit("")), coalesce(col("user"), lit("")),
                coalesce(col("n_claimed"), lit("")), coalesce(col("n_raw"), lit(""))), 256), 1, 32)).as("reject_id"),
            col("reason"), col("fid").as("feedback_id"), col("recommendation_id"), col("verdict"),
            col("correct_action"), col("user"), col("n_claimed").as("claimed_tenant"), col("n_raw").as("raw"),
            lit(origin).as("origin"), col("n_source_file").as("source_file"), lit(ingestRunId).as("ingest_run_id"),
            lit(now).as("rejected_at"))
        .dropDuplicates("reject_id");
    return new Outcome(accepted, rejected);
  }

  /**
   * The feedback id of a row that came without one: a hash of what it says, so the same row sent
   * twice gets the same id and is stored once.
   */
  public static Column derivedId(Column tenant, Column recommendationId, Column verdict, Column action, Column user, Column raw) {
    Column content = concat_ws("\u0001", coalesce(tenant, lit("")), coalesce(recommendationId, lit("")),
        coalesce(verdict, lit("")), coalesce(action, lit("")), coalesce(user, lit("")), coalesce(raw, lit("")));
    return concat(lit("fb-"), substring(sha2(content, 256), 1, 32));
  }

  private static Column blankToNull(Column c) {
    return when(c.isNull().or(c.equalTo("")), lit(null).cast("string")).otherwise(c);
  }
}
