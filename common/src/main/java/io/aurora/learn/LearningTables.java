package io.aurora.learn;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Delta schemas of the learning tables: {@code feedback}, {@code feedback_rejects}, {@code rules}.
 *
 * <p>In {@code feedback} only {@code tenant} is required: notebooks may append rows holding just
 * the analyst's part (recommendation_id, verdict, correct_action, user, optionally feedback_id);
 * {@code learn} validates and resolves every row again, so the resolved columns are for readers,
 * never trusted by learning.
 */
public final class LearningTables {
  private LearningTables() {}

  /** Rows of {@code feedback}: the verdict and the recommendation it judges. */
  public static final StructType FEEDBACK = new StructType(new StructField[] {
      f("tenant", DataTypes.StringType, false),
      f("feedback_id", DataTypes.StringType, true),
      f("recommendation_id", DataTypes.StringType, true),
      f("verdict", DataTypes.StringType, true),
      f("correct_action", DataTypes.StringType, true),
      f("user", DataTypes.StringType, true),
      // resolved from the recommendation
      f("dataset", DataTypes.StringType, true),
      f("run_id", DataTypes.StringType, true),
      f("column_name", DataTypes.StringType, true),
      f("recommended_action", DataTypes.StringType, true),
      f("source", DataTypes.StringType, true),
      f("rule_id", DataTypes.StringType, true),
      f("recommended_at", DataTypes.TimestampType, true),
      // the action the analyst says is right: correct_action, or the recommended one for an accept
      f("label_action", DataTypes.StringType, true),
      f("origin", DataTypes.StringType, true),
      f("ingest_run_id", DataTypes.StringType, true),
      f("received_at", DataTypes.TimestampType, true),
  });

  /** Rows of {@code feedback_rejects}: what arrived, why it was refused. */
  public static final StructType FEEDBACK_REJECTS = new StructType(new StructField[] {
      f("tenant", DataTypes.StringType, false),
      f("reject_id", DataTypes.StringType, false),
      f("reason", DataTypes.StringType, false),
      f("feedback_id", DataTypes.StringType, true),
      f("recommendation_id", DataTypes.StringType, true),
      f("verdict", DataTypes.StringType, true),
      f("correct_action", DataTypes.StringType, true),
      f("user", DataTypes.StringType, true),
      f("claimed_tenant", DataTypes.StringType, true),
      f("raw", DataTypes.StringType, true),
      f("origin", DataTypes.StringType, false),
      f("source_file", DataTypes.StringType, true),
      f("ingest_run_id", DataTypes.StringType, false),
      f("rejected_at", DataTypes.TimestampType, false),
  });

  /** Rows of {@code rules}; see {@link Rule}. */
  public static final StructType RULES = new StructType(new StructField[] {
      f("tenant", DataTypes.StringType, false),
      f("rule_id", DataTypes.StringType, false),
      f("pattern_key", DataTypes.StringType, false),
      f("action", DataTypes.StringType, false),
      f("corrections", DataTypes.LongType, false),
      f("corrections_at_deactivation", DataTypes.LongType, false),
      f("successes", DataTypes.LongType, false),
      f("trials", DataTypes.LongType, false),
      f("success_rate", DataTypes.DoubleType, true),
      f("confidence", DataTypes.DoubleType, false),
      f("probability_failing", DataTypes.DoubleType, false),
      f("active", DataTypes.BooleanType, false),
      f("epoch", DataTypes.IntegerType, false),
      f("epoch_started_at", DataTypes.TimestampType, false),
      f("created_at", DataTypes.TimestampType, false),
      f("updated_at", DataTypes.TimestampType, false),
      f("deactivated_at", DataTypes.TimestampType, true),
      f("learn_run_id", DataTypes.StringType, true),
  });

  private static StructField f(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
