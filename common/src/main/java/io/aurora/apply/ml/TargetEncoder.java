package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Target encoding with cross-fitting, as scikit-learn's {@code TargetEncoder}: each category becomes
 * the mean of the label over its rows, shrunk towards the global mean (empirical Bayes, Micci-Barreca
 * 2001, or a fixed smoothing m). A numeric label gives one column (its mean); a label of classes gives
 * the share of the second class for two classes, one share per class (a vector) for more.
 *
 * <p>No leakage: fitting keeps the label's sums per category and fold ({@code foldCol}, which the
 * caller assigns to the training rows); on a dataset that has the fold column, each row is encoded
 * from the other folds' rows only, so its own label never enters its encoding. A dataset without it
 * (new data) is encoded from all training rows. Missing values are a category of their own; a
 * category not seen in training gets the global mean.
 */
public final class TargetEncoder extends ColumnsEstimator<TargetEncoderModel, TargetEncoder> implements DefaultParamsWritable {
  /** Most classes a label may have (one output per class). */
  static final int MAX_CLASSES = 100;

  private final Param<String> labelCol;
  private final Param<String> foldCol;
  private final Param<String> smoothing;
  private final IntParam numFolds;

  public TargetEncoder() {
    this(Identifiable$.MODULE$.randomUID("targetEncoder"));
  }

  public TargetEncoder(String uid) {
    super(uid, "categorical columns", "encoded columns, one per input column");
    this.labelCol = new Param<>(this, "labelCol", "the label (target) column");
    this.foldCol = new Param<>(this, "foldCol", "integer fold of each training row, in [0, numFolds); rows of a dataset with this column are encoded out of fold");
    this.smoothing = new Param<>(this, "smoothing", "'auto' (empirical Bayes) or a non-negative number m of pseudo-rows at the global mean");
    this.numFolds = new IntParam(this, "numFolds", "number of folds of foldCol");
    setDefault(smoothing, "auto");
    setDefault(foldCol, "");
    setDefault(numFolds, 5);
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> foldCol() {
    return foldCol;
  }

  public Param<String> smoothing() {
    return smoothing;
  }

  public IntParam numFolds() {
    return numFolds;
  }

  public TargetEncoder setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public TargetEncoder setFoldCol(String value, int folds) {
    if (folds < 2) {
      throw new IllegalArgumentException("TargetEncoder: at least 2 folds, were " + folds);
    }
    set(foldCol, value);
    set(numFolds, folds);
    return this;
  }

  public TargetEncoder setSmoothing(String value) {
    TargetEncoderModel.smoothingValue(value);
    set(smoothing, value);
    return this;
  }

  @Override
  public TargetEncoderModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String label = getOrDefault(labelCol);
    String fold = getOrDefault(foldCol);
    int folds = fold.isEmpty() ? 1 : (Integer) getOrDefault(numFolds);
    Dataset<Row> df = dataset.toDF().where(StageSchemas.col(label).isNotNull());
    boolean numeric = df.schema().apply(label).dataType() instanceof NumericType;
    String[] classes = new String[0];
    List<Column> targets = new ArrayList<>();
    if (numeric) {
      targets.add(StageSchemas.col(label).cast("double"));
    } else {
      classes = df.select(StageSchemas.col(label).cast("string")).distinct().limit(MAX_CLASSES + 1)
          .collectAsList().stream().map(r -> r.getString(0)).sorted().toArray(String[]::new);
      if (classes.length > MAX_CLASSES) {
        throw new IllegalArgumentException("TargetEncoder: label column '" + label + "' has more than " + MAX_CLASSES
            + " classes");
      }
      if (classes.length < 2) {
        throw new IllegalArgumentException("TargetEncoder: label column '" + label + "' has fewer than 2 classes");
      }
      // two classes: the share of the second (as scikit-learn's positive class); more: one share per class
      for (int k = classes.length == 2 ? 1 : 0; k < classes.length; k++) {
        targets.add(when(StageSchemas.col(label).cast("string").equalTo(classes[k]), 1.0).otherwise(0.0));
      }
    }
    Column foldValue = fold.isEmpty() ? lit(0) : StageSchemas.col(fold).cast("int");
    Column[] perColumn = new Column[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      perColumn[i] = struct(lit(i).as("col"), StageSchemas.col(inputs[i]).cast("string").as("category"));
    }
    List<Column> ys = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      ys.add(targets.get(k).as("y" + k));
    }
    Dataset<Row> exploded = df.select(explode(array(perColumn)).as("x"), foldValue.as("fold"), struct(ys.toArray(Column[]::new)).as("y"));
    List<Column> aggregates = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      aggregates.add(sum(col("y.y" + k)).as("s" + k));
      aggregates.add(sum(col("y.y" + k).multiply(col("y.y" + k))).as("q" + k));
    }
    Dataset<Row> stats = exploded
        .groupBy(col("x.col").as("col"), col("x.category").as("category"), col("fold"))
        .agg(count(lit(1)).as("n"), aggregates.toArray(Column[]::new))
        // the model keeps the sums, not the training data's plan
        .localCheckpoint(true);
    TargetEncoderModel model = new TargetEncoderModel(uid(), stats)
        .setClasses(classes)
        .setNumTargets(targets.size())
        .setTrainedFolds(folds);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] inputs = inputs();
    String[] outputs = outputs();
    StageSchemas.pairs("TargetEncoder", inputs, outputs);
    var label = StageSchemas.require(schema, "TargetEncoder", getOrDefault(labelCol));
    if (!(label.dataType() instanceof NumericType) && !(label.dataType() instanceof BooleanType)
        && !label.dataType().equals(org.apache.spark.sql.types.DataTypes.StringType)) {
      throw new IllegalArgumentException("TargetEncoder: label column '" + label.name() + "' is neither numeric, boolean nor string");
    }
    if (Arrays.asList(inputs).contains(label.name())) {
      throw new IllegalArgumentException("TargetEncoder: the label column '" + label.name() + "' cannot be encoded by itself");
    }
    StructType out = schema;
    for (int i = 0; i < inputs.length; i++) {
      StageSchemas.require(schema, "TargetEncoder", inputs[i]);
      // the kind of output (one value or one per class) is known once the label's classes are
      out = StageSchemas.add(out, "TargetEncoder", outputs[i], org.apache.spark.sql.types.DataTypes.DoubleType);
    }
    return out;
  }

  public static MLReader<TargetEncoder> read() {
    return new DefaultParamsReader<>();
  }

  public static TargetEncoder load(String path) {
    return read().load(path);
  }
}
