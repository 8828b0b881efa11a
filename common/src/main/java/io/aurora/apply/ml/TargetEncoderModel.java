package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The fitted {@link TargetEncoder}: the label's count, sum and sum of squares per (input column,
 * category, fold), kept as a small DataFrame and saved as Parquet under the model's {@code data}
 * folder beside its parameters. Encodes out of fold when the dataset has the fold column, from all
 * training rows otherwise.
 */
public final class TargetEncoderModel extends ColumnsModel<TargetEncoderModel> implements MLWritable {
  private final Dataset<Row> stats;
  private final Param<String> labelCol;
  private final Param<String> foldCol;
  private final Param<String> smoothing;
  private final IntParam numFolds;
  private final StringArrayParam classes;
  private final IntParam numTargets;
  private final IntParam trainedFolds;

  /** A model over {@code stats}: columns col, category, fold, n, s0, q0, s1, q1, … */
  public TargetEncoderModel(String uid, Dataset<Row> stats) {
    super(uid, "categorical columns", "encoded columns, one per input column");
    this.stats = requireNonNull(stats, "stats is null");
    this.labelCol = new Param<>(this, "labelCol", "the label (target) column");
    this.foldCol = new Param<>(this, "foldCol", "integer fold of each training row, in [0, numFolds); rows of a dataset with this column are encoded out of fold");
    this.smoothing = new Param<>(this, "smoothing", "'auto' (empirical Bayes) or a non-negative number m of pseudo-rows at the global mean");
    this.numFolds = new IntParam(this, "numFolds", "number of folds of foldCol");
    this.classes = new StringArrayParam(this, "classes", "the label's classes in order (empty: a numeric label)");
    this.numTargets = new IntParam(this, "numTargets", "values per encoded category: 1, or one per class beyond two");
    this.trainedFolds = new IntParam(this, "trainedFolds", "folds the sums were kept for (1: no fold column in training)");
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

  public StringArrayParam classes() {
    return classes;
  }

  public IntParam numTargets() {
    return numTargets;
  }

  public IntParam trainedFolds() {
    return trainedFolds;
  }

  TargetEncoderModel setClasses(String[] value) {
    set(classes, value);
    return this;
  }

  TargetEncoderModel setNumTargets(int value) {
    set(numTargets, value);
    return this;
  }

  TargetEncoderModel setTrainedFolds(int value) {
    set(trainedFolds, value);
    return this;
  }

  /** The kept sums (col, category, fold, n, s0, q0, …). */
  public Dataset<Row> stats() {
    return stats;
  }

  /** The smoothing m of a setting, or NaN for 'auto'. */
  static double smoothingValue(String setting) {
    if (setting.equals("auto")) {
      return Double.NaN;
    }
    try {
      double m = Double.parseDouble(setting);
      if (m >= 0 && Double.isFinite(m)) {
        return m;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("TargetEncoder: smoothing must be 'auto' or a non-negative number, was '" + setting + "'");
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] outputs = outputs();
    int targets = (Integer) getOrDefault(numTargets);
    int folds = (Integer) getOrDefault(trainedFolds);
    String fold = getOrDefault(foldCol);
    boolean outOfFold = folds > 1 && !fold.isEmpty() && Arrays.asList(dataset.schema().fieldNames()).contains(fold);
    double m = smoothingValue(getOrDefault(smoothing));
    SparkSession spark = dataset.sparkSession();

    // the label's totals per fold (tiny: one row per fold) and over all folds; every column saw the same rows
    List<Row> perFold = stats.where(col("col").equalTo(0)).groupBy("fold").agg(sum("n"), sums("", targets))
        .collectAsList();
    double[][] foldTotals = new double[folds][1 + 2 * targets];
    double[] total = new double[1 + 2 * targets];
    for (Row r : perFold) {
      int f = r.getInt(0);
      for (int j = 0; j < total.length; j++) {
        double v = r.isNullAt(1 + j) ? 0 : ((Number) r.get(1 + j)).doubleValue();
        foldTotals[f][j] += v;
        total[j] += v;
      }
    }

    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      // distinct names on each side: the two sides of the fold join come from the same plan
      Dataset<Row> own = stats.where(col("col").equalTo(i)).select(renamed("o", targets));
      Dataset<Row> totals = stats.where(col("col").equalTo(i)).groupBy(col("category").as("t_category"))
          .agg(sum("n").as("t_n"), sums("t_", targets));
      List<Column> table = new ArrayList<>();
      Dataset<Row> source;
      if (outOfFold) {
        // every category in every fold: the category's totals less its rows in that fold
        Dataset<Row> grid = totals.crossJoin(spark.range(folds).select(col("id").cast("int").as("f")));
        source = grid.join(own, col("t_category").eqNullSafe(col("o_category")).and(col("f").equalTo(col("o_fold"))), "left");
        table.add(col("t_category").as(KEY));
        table.add(col("f").as(KEY_FOLD));
        for (int k = 0; k < targets; k++) {
          Column n = col("t_n").minus(coalesce(col("o_n"), lit(0L)));
          Column sk = col("t_s" + k).minus(coalesce(col("o_s" + k), lit(0.0)));
          Column qk = col("t_q" + k).minus(coalesce(col("o_q" + k), lit(0.0)));
          table.add(encoding(n, sk, qk, byFold(foldTotals, total, 0), byFold(foldTotals, total, 1 + 2 * k),
              byFold(foldTotals, total, 2 + 2 * k), m).as(VALUE + k));
        }
      } else {
        source = totals;
        table.add(col("t_category").as(KEY));
        for (int k = 0; k < targets; k++) {
          table.add(encoding(col("t_n"), col("t_s" + k), col("t_q" + k), lit(total[0]), lit(total[1 + 2 * k]),
              lit(total[2 + 2 * k]), m).as(VALUE + k));
        }
      }
      Dataset<Row> encodings = source.select(table.toArray(Column[]::new));
      Column on = StageSchemas.col(inputs[i]).cast("string").eqNullSafe(encodings.col(KEY));
      if (outOfFold) {
        on = on.and(StageSchemas.col(fold).cast("int").equalTo(encodings.col(KEY_FOLD)));
      }
      String[] kept = out.columns();
      Dataset<Row> joined = out.join(encodings, on, "left");
      List<Column> projection = new ArrayList<>();
      for (String name : kept) {
        projection.add(out.col("`" + name.replace("`", "``") + "`"));
      }
      List<Column> values = new ArrayList<>();
      for (int k = 0; k < targets; k++) {
        // a category not seen in training: the global mean
        values.add(coalesce(encodings.col(VALUE + k), lit(total[0] > 0 ? total[1 + 2 * k] / total[0] : Double.NaN)));
      }
      if (targets == 1) {
        projection.add(values.get(0).as(outputs[i]));
      } else {
        projection.add(org.apache.spark.ml.functions.array_to_vector(functions.array(values.toArray(Column[]::new)))
            .as(outputs[i], new AttributeGroup(outputs[i], targets).toMetadata()));
      }
      out = joined.select(projection.toArray(Column[]::new));
    }
    return out;
  }

  private static final String KEY = "__aurora_te_category";
  private static final String KEY_FOLD = "__aurora_te_fold";
  private static final String VALUE = "__aurora_te_value";

  /** The kept sums of one column, each name prefixed with {@code prefix}_. */
  private static Column[] renamed(String prefix, int targets) {
    List<Column> c = new ArrayList<>(List.of(col("category").as(prefix + "_category"), col("fold").as(prefix + "_fold"),
        col("n").as(prefix + "_n")));
    for (int k = 0; k < targets; k++) {
      c.add(col("s" + k).as(prefix + "_s" + k));
      c.add(col("q" + k).as(prefix + "_q" + k));
    }
    return c.toArray(Column[]::new);
  }

  /** sum of n's companions s0, q0, s1, q1, … named with {@code prefix}. */
  private static Column[] sums(String prefix, int targets) {
    Column[] c = new Column[2 * targets];
    for (int k = 0; k < targets; k++) {
      c[2 * k] = sum("s" + k).as(prefix + "s" + k);
      c[2 * k + 1] = sum("q" + k).as(prefix + "q" + k);
    }
    return c;
  }

  /** The training totals at {@code index} less fold {@code f}'s, as a column of the {@code f} column. */
  private static Column byFold(double[][] foldTotals, double[] total, int index) {
    int folds = foldTotals.length;
    Column c = lit(total[index] - foldTotals[folds - 1][index]);
    for (int f = folds - 2; f >= 0; f--) {
      c = when(col("f").equalTo(f), lit(total[index] - foldTotals[f][index])).otherwise(c);
    }
    return c;
  }

  /**
   * The encoding of a category with {@code n} rows whose label sums to {@code s} (squares: {@code q}),
   * among {@code globalN} rows summing to {@code globalS} ({@code globalQ}): the category's mean shrunk
   * towards the global mean by λ = n/(n + m), where m is the given smoothing or, for 'auto', the ratio
   * of the category's variance to the global variance (empirical Bayes, scikit-learn's smooth="auto").
   */
  static Column encoding(Column n, Column s, Column q, Column globalN, Column globalS, Column globalQ, double m) {
    Column prior = globalS.divide(globalN);
    Column mean = s.divide(n);
    Column lambda;
    if (Double.isNaN(m)) {
      Column globalVariance = greatest(globalQ.divide(globalN).minus(globalS.divide(globalN).multiply(globalS.divide(globalN))), lit(0.0));
      Column variance = greatest(q.divide(n).minus(mean.multiply(mean)), lit(0.0));
      Column denominator = n.multiply(globalVariance).plus(variance);
      lambda = when(denominator.gt(0), n.multiply(globalVariance).divide(denominator)).otherwise(lit(1.0));
    } else {
      lambda = n.divide(n.plus(m));
    }
    return when(n.gt(0), lambda.multiply(mean).plus(lit(1.0).minus(lambda).multiply(prior))).otherwise(prior);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] inputs = inputs();
    String[] outputs = outputs();
    StageSchemas.pairs("TargetEncoderModel", inputs, outputs);
    int targets = isDefined(numTargets) ? (Integer) getOrDefault(numTargets) : 1;
    StructType out = schema;
    for (int i = 0; i < inputs.length; i++) {
      StageSchemas.require(schema, "TargetEncoderModel", inputs[i]);
      out = StageSchemas.add(out, "TargetEncoderModel", outputs[i],
          targets == 1 ? DataTypes.DoubleType : new org.apache.spark.ml.linalg.VectorUDT());
    }
    return out;
  }

  @Override
  public TargetEncoderModel copy(ParamMap extra) {
    return copyValues(new TargetEncoderModel(uid(), stats), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<TargetEncoderModel> read() {
    return new Reader();
  }

  public static TargetEncoderModel load(String path) {
    return read().load(path);
  }

  /** Parameters as every Spark stage saves them, the sums as Parquet in {@code data}. */
  private static final class Writer extends MLWriter {
    private final TargetEncoderModel instance;

    Writer(TargetEncoderModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
      instance.stats.coalesce(1).write().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
    }
  }

  private static final class Reader extends MLReader<TargetEncoderModel> {
    @Override
    public TargetEncoderModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), TargetEncoderModel.class.getName());
      Dataset<Row> stats = sparkSession().read().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
      TargetEncoderModel model = new TargetEncoderModel(metadata.uid(), stats);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
