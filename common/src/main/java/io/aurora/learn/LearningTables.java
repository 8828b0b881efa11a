package io.aurora.learn;

import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.util.List;
import org.apache.spark.sql.SparkSession;
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
      // the creating evidence of the current epoch; added after the first release of the table, so
      // nullable: tables written before read as none until the next learn (see EVIDENCE_COLUMNS)
      f("agreeing", DataTypes.LongType, true),
      f("contrary", DataTypes.LongType, true),
      f("analysts", DataTypes.LongType, true),
      f("evidence_since", DataTypes.TimestampType, true),
  });

  /** Columns of {@link #RULES} that a {@code rules} table written by an earlier release may lack. */
  public static final List<String> EVIDENCE_COLUMNS = List.of("agreeing", "contrary", "analysts", "evidence_since");

  /**
   * Adds the {@link #EVIDENCE_COLUMNS} to a {@code rules} table written by an earlier release (the
   * session does not merge schemas on write, so a MERGE of the new rows would fail). An explicit,
   * idempotent schema change: nothing happens when the table is new or already has them.
   */
  public static void addEvidenceColumns(SparkSession spark, TableStore store) {
    if (!store.exists(Table.RULES)) {
      return;
    }
    List<String> present = List.of(spark.read().format("delta").load(store.location(Table.RULES)).columns());
    List<String> missing = EVIDENCE_COLUMNS.stream().filter(c -> !present.contains(c)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String columns = missing.stream()
        .map(c -> "`" + c + "` " + RULES.apply(c).dataType().sql())
        .collect(java.util.stream.Collectors.joining(", "));
    spark.sql("ALTER TABLE delta.`" + store.location(Table.RULES).replace("`", "``") + "` ADD COLUMNS (" + columns + ")");
  }

  private static StructField f(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
