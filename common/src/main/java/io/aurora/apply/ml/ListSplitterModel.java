package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;

import java.util.regex.Pattern;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits each value on its column's separator into an array of trimmed, unquoted, non-empty items;
 * a missing value becomes an empty list. Spark SQL functions only, no UDF.
 */
public final class ListSplitterModel extends ColumnsModel<ListSplitterModel> implements DefaultParamsWritable {
  private final StringArrayParam separators;

  public ListSplitterModel(String uid) {
    super(uid, "columns holding several values per cell", "array<string> columns, one per input column");
    this.separators = new StringArrayParam(this, "separators", "the separator of each input column");
  }

  public StringArrayParam separators() {
    return separators;
  }

  /** The separator of each input column. */
  public String[] getSeparators() {
    return getOrDefault(separators);
  }

  ListSplitterModel setSeparators(String[] value) {
    set(separators, value);
    return this;
  }

  /** The value with one pair of enclosing brackets ([], (), {}) removed. */
  static Column unbracketed(Column value) {
    return regexp_replace(trim(value.cast("string")), "^[\\[({]\\s*|\\s*[\\])}]$", "");
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] outputs = outputs();
    String[] s = getSeparators();
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      Column parts = functions.split(unbracketed(StageSchemas.col(inputs[i])), Pattern.quote(s[i]));
      Column items = functions.transform(parts, (scala.Function1<Column, Column>) x -> regexp_replace(trim(x), "^[\"']|[\"']$", ""));
      Column nonEmpty = functions.filter(items, (scala.Function1<Column, Column>) x -> x.notEqual(""));
      out = out.withColumn(outputs[i], functions.coalesce(nonEmpty, functions.array().cast("array<string>")));
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (getSeparators().length != inputs().length) {
      throw new IllegalArgumentException("ListSplitterModel: separators needs one entry per input column");
    }
    return outputSchema(schema, inputs(), outputs());
  }

  static StructType outputSchema(StructType schema, String[] inputs, String[] outputs) {
    return StageSchemas.mapped(schema, "ListSplitter", inputs, outputs, DataTypes.createArrayType(DataTypes.StringType, true));
  }

  @Override
  public ListSplitterModel copy(ParamMap extra) {
    return copyValues(new ListSplitterModel(uid()), extra).setParent(parent());
  }

  public static MLReader<ListSplitterModel> read() {
    return new DefaultParamsReader<>();
  }

  public static ListSplitterModel load(String path) {
    return read().load(path);
  }
}
