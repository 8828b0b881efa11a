package io.aurora.apply.ml;


import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Applies the Yeo-Johnson transformation with each column's fitted λ, standardised when {@code standardize}. */
public final class YeoJohnsonModel extends ColumnsModel<YeoJohnsonModel> implements DefaultParamsWritable {
  private final BooleanParam standardize;
  private final DoubleArrayParam lambdas;
  private final DoubleArrayParam means;
  private final DoubleArrayParam stds;

  public YeoJohnsonModel(String uid) {
    super(uid, "numeric columns to transform", "double columns, one per input column");
    this.standardize = new BooleanParam(this, "standardize", "scale the transformed values to zero mean and unit variance");
    this.lambdas = new DoubleArrayParam(this, "lambdas", "fitted λ per input column");
    this.means = new DoubleArrayParam(this, "means", "mean of the transformed values per input column");
    this.stds = new DoubleArrayParam(this, "stds", "standard deviation of the transformed values per input column");
    setDefault(standardize, true);
  }

  public BooleanParam standardize() {
    return standardize;
  }

  public DoubleArrayParam lambdas() {
    return lambdas;
  }

  public DoubleArrayParam means() {
    return means;
  }

  public DoubleArrayParam stds() {
    return stds;
  }

  /** The fitted λ of each input column. */
  public double[] getLambdas() {
    return getOrDefault(lambdas);
  }

  YeoJohnsonModel setLambdas(double[] value) {
    set(lambdas, value);
    return this;
  }

  YeoJohnsonModel setMeans(double[] value) {
    set(means, value);
    return this;
  }

  YeoJohnsonModel setStds(double[] value) {
    set(stds, value);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] outputs = outputs();
    double[] l = getLambdas();
    double[] m = getOrDefault(means);
    double[] s = getOrDefault(stds);
    boolean scale = (Boolean) getOrDefault(standardize);
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      Column y = YeoJohnsonMath.transform(StageSchemas.col(inputs[i]).cast("double"), l[i]);
      out = out.withColumn(outputs[i], scale ? y.minus(m[i]).divide(s[i]) : y);
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] inputs = inputs();
    String[] outputs = outputs();
    return StageSchemas.mapped(schema, "YeoJohnsonModel", inputs, outputs, DataTypes.DoubleType);
  }

  @Override
  public YeoJohnsonModel copy(ParamMap extra) {
    return copyValues(new YeoJohnsonModel(uid()), extra).setParent(parent());
  }

  public static MLReader<YeoJohnsonModel> read() {
    return new DefaultParamsReader<>();
  }

  public static YeoJohnsonModel load(String path) {
    return read().load(path);
  }
}
