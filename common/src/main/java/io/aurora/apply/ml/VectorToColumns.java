package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Unpacks a vector column into one double column per element, NaN becoming null (a missing value
 * went into a {@code VectorAssembler} with {@code handleInvalid=keep} and comes out missing again).
 * Spark has {@code vector_to_array} as a function but no stage for it.
 */
public final class VectorToColumns extends Transformer implements DefaultParamsWritable {
  private final String uid;
  private final org.apache.spark.ml.param.Param<String> inputCol;
  private final StringArrayParam outputCols;

  public VectorToColumns() {
    this(Identifiable$.MODULE$.randomUID("vectorToColumns"));
  }

  public VectorToColumns(String uid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCol = new org.apache.spark.ml.param.Param<>(this, "inputCol", "vector column to unpack");
    this.outputCols = new StringArrayParam(this, "outputCols", "one output column per vector element, in order");
  }

  public org.apache.spark.ml.param.Param<String> inputCol() {
    return inputCol;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public VectorToColumns setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public VectorToColumns setOutputCols(String... value) {
    set(outputCols, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] outputs = getOrDefault(outputCols);
    Column array = org.apache.spark.ml.functions.vector_to_array(StageSchemas.col(getOrDefault(inputCol)), "float64");
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < outputs.length; i++) {
      Column element = array.getItem(i);
      out = out.withColumn(outputs[i], functions.when(functions.isnan(element), functions.lit(null).cast("double")).otherwise(element));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String input = getOrDefault(inputCol);
    if (!(StageSchemas.require(schema, "VectorToColumns", input).dataType() instanceof VectorUDT)) {
      throw new IllegalArgumentException("VectorToColumns: input column '" + input + "' is not a vector");
    }
    StructType out = schema;
    for (String output : getOrDefault(outputCols)) {
      out = StageSchemas.add(out, "VectorToColumns", output, DataTypes.DoubleType);
    }
    return out;
  }

  @Override
  public VectorToColumns copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<VectorToColumns> read() {
    return new DefaultParamsReader<>();
  }

  public static VectorToColumns load(String path) {
    return read().load(path);
  }
}
