package io.aurora.train;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.learn.FeedbackValidation;
import io.aurora.learn.LearningTables;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every label AURORA has, as rows of fingerprints with their acceptable actions: analysts' feedback
 * (corrections and accepts, validated again as {@code learn} does) joined to the fingerprint of the
 * column each judged recommendation was made from — statistics, never a data value — plus the
 * built-in labelled corpus. Columns: {@link Fingerprint#SCHEMA}, then {@code label_source},
 * {@code accept} (array of action wire names), {@code label_group} (the dataset a label belongs to:
 * splits never separate one dataset's columns) and {@code labelled_at}.
 */
public final class LabelledColumns {
  /** The built-in corpus resource (see {@code LabelledCorpusGenerator} in bench). */
  public static final String CORPUS_RESOURCE = "/io/aurora/train/labelled-corpus.jsonl.gz";
  public static final StructType SCHEMA = Fingerprint.SCHEMA
      .add("label_source", DataTypes.StringType, false)
      .add("accept", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("label_group", DataTypes.StringType, false)
      .add("labelled_at", DataTypes.TimestampType, true);
  private static final StructType CORPUS_LINE = Fingerprint.SCHEMA
      .add("corpus_file", DataTypes.StringType, false)
      .add("accept", DataTypes.createArrayType(DataTypes.StringType, false), false);

  private final SparkSession spark;
  private final TableStore store;

  public LabelledColumns(SparkSession spark, TableStore store) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * The feedback labels of {@code tenants}: one row per judged column (the latest verdict when a
   * recommendation was judged more than once), validated as {@code learn} validates.
   */
  public Dataset<Row> feedback(List<String> tenants, String runId, Timestamp now) {
    Dataset<Row> all = null;
    for (String tenant : tenants) {
      Dataset<Row> stored = store.read(Table.FEEDBACK, LearningTables.FEEDBACK, tenant);
      Dataset<Row> raw = stored.select(col("feedback_id"), col("recommendation_id"), col("verdict"),
          col("correct_action"), col("`user`"), col("tenant").as("claimed_tenant"), lit(null).cast("string").as("raw"),
          lit(null).cast("string").as("source_file"), col("received_at").as("stored_at"));
      Dataset<Row> accepted = new FeedbackValidation(store).validate(raw.drop("stored_at"), tenant, "feedback_table", runId, now)
          .accepted();
      // the time a label arrived is when it was stored, not this run
      Dataset<Row> arrived = accepted.drop("received_at").join(
          raw.select(col("feedback_id").as("a_id"), col("stored_at")).where(col("a_id").isNotNull()).dropDuplicates("a_id"),
          col("feedback_id").equalTo(col("a_id")), "left").drop("a_id");
      Dataset<Row> fingerprints = store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant);
      Dataset<Row> joined = arrived.select(col("dataset").as("l_dataset"), col("run_id").as("l_run"),
              col("column_name").as("l_column"), col("verdict"), col("label_action"), col("stored_at"))
          .join(fingerprints, col("l_dataset").equalTo(col("dataset")).and(col("l_run").equalTo(col("run_id")))
              .and(col("l_column").equalTo(col("column_name"))), "inner");
      Column latest = row_number().over(Window.partitionBy("dataset", "run_id", "column_name")
          .orderBy(col("stored_at").desc_nulls_last(), col("label_action")));
      Dataset<Row> labelled = joined.withColumn("rn", latest).where(col("rn").equalTo(1))
          .withColumn("label_source", when(col("verdict").equalTo("correct"), LabelSource.CORRECTION.wireName())
              .otherwise(LabelSource.ACCEPT.wireName()))
          .withColumn("accept", array(col("label_action")))
          .withColumn("label_group", concat_ws("/", col("tenant"), col("dataset")))
          .withColumn("labelled_at", col("stored_at"));
      Dataset<Row> conformed = conform(labelled);
      all = all == null ? conformed : all.unionByName(conformed);
    }
    return all == null ? spark.createDataFrame(List.of(), SCHEMA) : all;
  }

  /** The built-in labelled corpus shipped in this jar. */
  public Dataset<Row> corpus() {
    try (InputStream in = LabelledColumns.class.getResourceAsStream(CORPUS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + CORPUS_RESOURCE);
      }
      // Spark reads files, not class-path resources: a private copy for this job
      Path tmp = Files.createTempFile("aurora-labelled-corpus", ".jsonl.gz");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Dataset<Row> lines = spark.read().schema(CORPUS_LINE).json(tmp.toUri().toString());
      return conform(lines.withColumn("label_source", lit(LabelSource.CORPUS.wireName()))
          .withColumn("label_group", concat_ws("/", lit("corpus"), col("corpus_file")))
          .withColumn("labelled_at", lit(null).cast("timestamp")))
          .localCheckpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Dataset<Row> conform(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (var f : SCHEMA.fields()) {
      // arrays and maps keep their own element nullability: Spark refuses to cast it away
      boolean complex = f.dataType() instanceof org.apache.spark.sql.types.ArrayType
          || f.dataType() instanceof org.apache.spark.sql.types.MapType;
      cols.add((complex ? col("`" + f.name() + "`") : col("`" + f.name() + "`").cast(f.dataType())).as(f.name()));
    }
    return rows.select(cols.toArray(Column[]::new));
  }
}
