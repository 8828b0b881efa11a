package io.aurora.apply.ml;


import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Replaces missing values of categorical columns (read as strings) by the level {@link CategoryImputer} chose. */
public final class CategoryImputerModel extends ColumnsModel<CategoryImputerModel> implements DefaultParamsWritable {
  private final Param<String> strategy;
  private final Param<String> missingValue;
  private final StringArrayParam fills;

  public CategoryImputerModel(String uid) {
    super(uid, "categorical columns (read as strings)", "string columns, one per input column");
    this.strategy = new Param<>(this, "strategy", "mode: the most frequent value; constant: missingValue");
    this.missingValue = new Param<>(this, "missingValue", "the level missing values become under strategy constant");
    this.fills = new StringArrayParam(this, "fills", "the level each input column's missing values become");
    setDefault(strategy, "mode");
    setDefault(missingValue, CategoryImputer.MISSING);
  }

  public Param<String> strategy() {
    return strategy;
  }

  public Param<String> missingValue() {
    return missingValue;
  }

  public StringArrayParam fills() {
    return fills;
  }

  /** The level each input column's missing values become. */
  public String[] getFills() {
    return getOrDefault(fills);
  }

  CategoryImputerModel setFills(String[] value) {
    set(fills, value);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] outputs = outputs();
    String[] f = getFills();
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      out = out.withColumn(outputs[i], functions.coalesce(StageSchemas.col(inputs[i]).cast("string"), functions.lit(f[i])));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (getFills().length != inputs().length) {
      throw new IllegalArgumentException("CategoryImputerModel: fills needs one entry per input column");
    }
    return outputSchema(schema, inputs(), outputs());
  }

  static StructType outputSchema(StructType schema, String[] inputs, String[] outputs) {
    return StageSchemas.mapped(schema, "CategoryImputer", inputs, outputs, DataTypes.StringType);
  }

  @Override
  public CategoryImputerModel copy(ParamMap extra) {
    return copyValues(new CategoryImputerModel(uid()), extra).setParent(parent());
  }

  public static MLReader<CategoryImputerModel> read() {
    return new DefaultParamsReader<>();
  }

  public static CategoryImputerModel load(String path) {
    return read().load(path);
  }
}
