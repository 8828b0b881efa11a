package io.aurora.train;

import static org.apache.spark.sql.functions.col;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.model.ModelFeatures;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Proposal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Labelled fingerprints as model rows, computed on the executors: the feature vector of
 * {@link ModelFeatures} (with {@code NaN} for the trees, with 0 for the linear model), then, for
 * training, one row per acceptable action with weight {@code sourceWeight / |acceptable|}, so a
 * column with two acceptable actions teaches both at half weight.
 */
public final class FeatureRows {
  public static final StructType COLUMNS = new StructType()
      .add("label_group", DataTypes.StringType, false)
      .add("label_source", DataTypes.StringType, false)
      .add("accept", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("features_filled", SQLDataTypes.VectorType(), false);
  public static final StructType TRAINING = COLUMNS
      .add("label", DataTypes.DoubleType, false)
      .add("weight", DataTypes.DoubleType, false);

  private FeatureRows() {}

  /** One row per labelled column ({@link #COLUMNS}). */
  public static Dataset<Row> columns(Dataset<Row> labelled) {
    MapPartitionsFunction<Row, Row> f = (Iterator<Row> it) -> {
      ExpertRules rules = ExpertRules.shipped();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Row next() {
          Row r = it.next();
          Fingerprint fp = Fingerprint.fromRow(r);
          Proposal expert = rules.propose(fp).orElseThrow();
          float[] x = ModelFeatures.of(fp, expert);
          double[] nan = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            nan[i] = x[i];
          }
          return RowFactory.create(r.<String>getAs("label_group"), r.<String>getAs("label_source"),
              r.get(r.fieldIndex("accept")), Vectors.dense(nan), Vectors.dense(ModelFeatures.filled(x)));
        }
      };
    };
    return labelled.mapPartitions(f, Encoders.row(COLUMNS));
  }

  /** Training rows ({@link #TRAINING}): one per acceptable action; feedback weighs {@code feedbackWeight} times a corpus label. */
  public static Dataset<Row> training(Dataset<Row> columns, double feedbackWeight) {
    FlatMapFunction<Row, Row> explode = r -> {
      // by position (COLUMNS): rows coming out of a mapPartitions carry no schema
      List<Object> accept = r.getList(2);
      double w = (r.getString(1).equals(LabelSource.CORPUS.wireName()) ? 1.0 : feedbackWeight) / accept.size();
      List<Row> out = new ArrayList<>();
      for (Object a : accept) {
        out.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4),
            (double) Action.fromWire((String) a).ordinal(), w));
      }
      return out.iterator();
    };
    Dataset<Row> rows = columns.flatMap(explode, Encoders.row(TRAINING));
    // the label names every action as a class, so both learners size their outputs to the full vocabulary
    String[] names = java.util.Arrays.stream(Action.values()).map(Action::wireName).toArray(String[]::new);
    return rows.withColumn("label", col("label").as("label",
        NominalAttribute.defaultAttr().withName("label").withValues(names).toMetadata()));
  }
}
