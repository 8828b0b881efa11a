package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** One recommendation for one column of one profile run: a row of the {@code recommendations} table. */
public record Recommendation(
    String tenant,
    String dataset,
    String runId,
    String recommendationId,
    int columnIndex,
    String columnName,
    Action action,
    double confidence,
    String status,
    Source source,
    List<ScoredAction> alternatives,
    Imputation imputation,
    boolean missingIndicator,
    String explanation,
    String patternKey,
    String ruleId,
    String modelVersion,
    Timestamp createdAt)
    implements Serializable {

  public static final String CONFIDENT = "confident";
  public static final String UNCERTAIN = "uncertain";

  public Recommendation {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(recommendationId, "recommendationId is null");
    requireNonNull(columnName, "columnName is null");
    requireNonNull(action, "action is null");
    requireNonNull(status, "status is null");
    requireNonNull(source, "source is null");
    requireNonNull(imputation, "imputation is null");
    requireNonNull(explanation, "explanation is null");
    alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
  }

  /**
   * Deterministic id of the recommendation for (tenant, dataset, run, column): re-running
   * {@code recommend} for a run yields the same ids, so feedback keeps pointing at them.
   */
  public static String idFor(String tenant, String dataset, String runId, String columnName) {
    String key = tenant + '\u0000' + dataset + '\u0000' + runId + '\u0000' + columnName;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static final StructType ALTERNATIVE = new StructType(new StructField[] {
      new StructField("action", DataTypes.StringType, false, Metadata.empty()),
      new StructField("confidence", DataTypes.DoubleType, false, Metadata.empty()),
  });

  /** Delta schema of the {@code recommendations} table. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("tenant", DataTypes.StringType, false, Metadata.empty()),
      new StructField("dataset", DataTypes.StringType, false, Metadata.empty()),
      new StructField("run_id", DataTypes.StringType, false, Metadata.empty()),
      new StructField("recommendation_id", DataTypes.StringType, false, Metadata.empty()),
      new StructField("column_index", DataTypes.IntegerType, false, Metadata.empty()),
      new StructField("column_name", DataTypes.StringType, false, Metadata.empty()),
      new StructField("action", DataTypes.StringType, false, Metadata.empty()),
      new StructField("confidence", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("status", DataTypes.StringType, false, Metadata.empty()),
      new StructField("source", DataTypes.StringType, false, Metadata.empty()),
      new StructField("alternatives", DataTypes.createArrayType(ALTERNATIVE, false), false, Metadata.empty()),
      new StructField("imputation", DataTypes.StringType, false, Metadata.empty()),
      new StructField("missing_indicator", DataTypes.BooleanType, false, Metadata.empty()),
      new StructField("explanation", DataTypes.StringType, false, Metadata.empty()),
      new StructField("pattern_key", DataTypes.StringType, true, Metadata.empty()),
      new StructField("rule_id", DataTypes.StringType, true, Metadata.empty()),
      new StructField("model_version", DataTypes.StringType, true, Metadata.empty()),
      new StructField("created_at", DataTypes.TimestampType, false, Metadata.empty()),
  });

  public Row toRow() {
    List<Row> alts = new ArrayList<>();
    for (ScoredAction a : alternatives) {
      alts.add(RowFactory.create(a.action().wireName(), a.confidence()));
    }
    return RowFactory.create(tenant, dataset, runId, recommendationId, columnIndex, columnName,
        action.wireName(), confidence, status, source.wireName(),
        alts, imputation.wireName(),
        missingIndicator, explanation, patternKey, ruleId, modelVersion, createdAt);
  }

  public static Recommendation fromRow(Row r) {
    List<ScoredAction> alts = new ArrayList<>();
    for (Row a : r.<Row>getList(r.fieldIndex("alternatives"))) {
      alts.add(new ScoredAction(Action.fromWire(a.getString(0)), a.getDouble(1)));
    }
    return new Recommendation(r.getAs("tenant"), r.getAs("dataset"), r.getAs("run_id"),
        r.getAs("recommendation_id"), r.<Integer>getAs("column_index"), r.getAs("column_name"),
        Action.fromWire(r.getAs("action")), r.<Double>getAs("confidence"), r.getAs("status"),
        Source.valueOf(r.<String>getAs("source").toUpperCase(java.util.Locale.ROOT)), alts,
        Imputation.fromWire(r.getAs("imputation")), r.<Boolean>getAs("missing_indicator"),
        r.getAs("explanation"), r.getAs("pattern_key"), r.getAs("rule_id"), r.getAs("model_version"),
        r.getAs("created_at"));
  }
}
