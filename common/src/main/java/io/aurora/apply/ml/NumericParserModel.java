package io.aurora.apply.ml;


import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads each text column's numbers as doubles with the decimal mark and unit {@link NumericParser}
 * learned; a value that is no number, or whose unit cannot be converted to the column's, becomes null.
 */
public final class NumericParserModel extends ColumnsModel<NumericParserModel> implements DefaultParamsWritable {
  private final StringArrayParam decimalMarks;
  private final StringArrayParam units;

  public NumericParserModel(String uid) {
    super(uid, "text columns holding numbers", "double columns, one per input column");
    this.decimalMarks = new StringArrayParam(this, "decimalMarks", "POINT or COMMA, per input column");
    this.units = new StringArrayParam(this, "units", "unit values are expressed in, per input column (empty: as written)");
  }

  public StringArrayParam decimalMarks() {
    return decimalMarks;
  }

  public StringArrayParam units() {
    return units;
  }

  NumericParserModel setDecimalMarks(String... value) {
    set(decimalMarks, value);
    return this;
  }

  NumericParserModel setUnits(String... value) {
    set(units, value);
    return this;
  }

  /** The decimal mark learned for each input column. */
  public String[] getDecimalMarks() {
    return getOrDefault(decimalMarks);
  }

  /** The unit each input column's values are expressed in (empty: as written). */
  public String[] getUnits() {
    return getOrDefault(units);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] outputs = outputs();
    String[] marks = getDecimalMarks();
    String[] references = getUnits();
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      NumberText.DecimalMark mark = NumberText.DecimalMark.valueOf(marks[i]);
      String reference = references[i];
      UserDefinedFunction parse = functions.udf((UDF1<String, Double>) text -> {
        NumberText.Reading r = NumberText.read(text, mark);
        if (r == null) {
          return null;
        }
        double v = Units.convert(r.value(), r.unit(), reference);
        return Double.isNaN(v) ? null : v;
      }, DataTypes.DoubleType);
      out = out.withColumn(outputs[i], parse.apply(StageSchemas.col(inputs[i]).cast("string")));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    int columns = inputs().length;
    if (getDecimalMarks().length != columns || getUnits().length != columns) {
      throw new IllegalArgumentException("NumericParserModel: decimalMarks and units need one entry per input column");
    }
    return StageSchemas.mapped(schema, "NumericParserModel", inputs(), outputs(), DataTypes.DoubleType);
  }

  @Override
  public NumericParserModel copy(ParamMap extra) {
    return copyValues(new NumericParserModel(uid()), extra).setParent(parent());
  }

  public static MLReader<NumericParserModel> read() {
    return new DefaultParamsReader<>();
  }

  public static NumericParserModel load(String path) {
    return read().load(path);
  }
}
