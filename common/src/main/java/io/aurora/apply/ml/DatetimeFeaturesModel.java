package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructType;

/**
 * Extracts year, month, day, ISO weekday (1 = Monday), hour, minute and Unix seconds from each
 * column with the layouts {@link DatetimeFeatures} learned (several for a text column that mixes
 * ways of writing dates: each value is read by the first that reads it). Text and numbers are read as UTC wall-clock
 * times (an offset or zone name written in the text is honoured); typed timestamps are read in the session's time
 * zone, as Spark shows them. A value no layout reads gives nulls.
 */
public final class DatetimeFeaturesModel extends Model<DatetimeFeaturesModel> implements DefaultParamsWritable {
  static final String TYPED = "typed";
  static final String NONE = "none";
  /** Between the text layouts of a column read with several, in the order they are tried. */
  static final String SEPARATOR = "|";

  private static final StructType FIELDS = new StructType()
      .add("year", DataTypes.DoubleType).add("month", DataTypes.DoubleType).add("day", DataTypes.DoubleType)
      .add("weekday", DataTypes.DoubleType).add("hour", DataTypes.DoubleType).add("minute", DataTypes.DoubleType)
      .add("epoch", DataTypes.DoubleType);

  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputPrefixes;
  private final StringArrayParam layouts;

  public DatetimeFeaturesModel(String uid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCols = new StringArrayParam(this, "inputCols", "date, timestamp, text or numeric columns holding times");
    this.outputPrefixes = new StringArrayParam(this, "outputPrefixes", "per input column, the prefix of its output columns <prefix>_<field>");
    this.layouts = new StringArrayParam(this, "layouts", "per input column: typed, none, or the DateTexts layouts it is read with, separated by |");
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputPrefixes() {
    return outputPrefixes;
  }

  public StringArrayParam layouts() {
    return layouts;
  }

  /** The layouts each input column is read with ({@code typed}, {@code none}, or names joined by {@code |}). */
  public String[] getLayouts() {
    return getOrDefault(layouts);
  }

  DatetimeFeaturesModel setLayouts(String[] value) {
    set(layouts, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = getOrDefault(inputCols);
    String[] prefixes = getOrDefault(outputPrefixes);
    String[] l = getLayouts();
    Dataset<Row> out = dataset.toDF();
    for (int i = 0; i < inputs.length; i++) {
      Column c = StageSchemas.col(inputs[i]);
      DataType type = dataset.schema().apply(inputs[i]).dataType();
      Column[] values = new Column[DatetimeFeatures.FIELDS.size()];
      if (l[i].equals(TYPED)) {
        boolean date = type instanceof DateType;
        values[0] = functions.year(c);
        values[1] = functions.month(c);
        values[2] = functions.dayofmonth(c);
        // Spark's dayofweek: 1 = Sunday; ISO: 1 = Monday
        values[3] = functions.pmod(functions.dayofweek(c).plus(5), functions.lit(7)).plus(1);
        values[4] = date ? functions.when(c.isNotNull(), 0) : functions.hour(c);
        values[5] = date ? functions.when(c.isNotNull(), 0) : functions.minute(c);
        values[6] = date ? functions.datediff(c, functions.lit("1970-01-01").cast("date")).multiply(86400L)
            : functions.unix_timestamp(c.cast("timestamp"));
      } else {
        String layout = l[i];
        boolean numeric = DateTexts.NUMERIC.contains(layout);
        List<String> tried = layout.equals(NONE) ? List.of() : List.of(layout.split(java.util.regex.Pattern.quote(SEPARATOR)));
        UserDefinedFunction read = numeric
            ? functions.udf((UDF1<Double, Row>) v -> row(v == null ? null : DateTexts.epochSeconds(v, layout)), FIELDS)
            : functions.udf((UDF1<String, Row>) s -> row(DateTexts.epochSeconds(s, tried)), FIELDS);
        Column parsed = read.apply(numeric ? c.cast("double") : c.cast("string"));
        for (int f = 0; f < values.length; f++) {
          values[f] = parsed.getField(DatetimeFeatures.FIELDS.get(f));
        }
      }
      for (int f = 0; f < values.length; f++) {
        out = out.withColumn(prefixes[i] + "_" + DatetimeFeatures.FIELDS.get(f), values[f].cast("double"));
      }
    }
    return out;
  }

  private static Row row(Long epoch) {
    if (epoch == null) {
      return RowFactory.create(null, null, null, null, null, null, null);
    }
    double[] f = DateTexts.fields(epoch);
    return RowFactory.create(f[0], f[1], f[2], f[3], f[4], f[5], (double) epoch);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (getLayouts().length != getOrDefault(inputCols).length) {
      throw new IllegalArgumentException("DatetimeFeaturesModel: layouts needs one entry per input column");
    }
    return outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputPrefixes));
  }

  static StructType outputSchema(StructType schema, String[] inputs, String[] prefixes) {
    StageSchemas.pairs("DatetimeFeatures", inputs, prefixes);
    StructType out = schema;
    for (int i = 0; i < inputs.length; i++) {
      StageSchemas.require(schema, "DatetimeFeatures", inputs[i]);
      for (String field : DatetimeFeatures.FIELDS) {
        out = StageSchemas.add(out, "DatetimeFeatures", prefixes[i] + "_" + field, DataTypes.DoubleType);
      }
    }
    return out;
  }

  /** The output columns of one prefix, in field order. */
  public static List<String> outputs(String prefix) {
    return DatetimeFeatures.FIELDS.stream().map(f -> prefix + "_" + f).toList();
  }

  @Override
  public DatetimeFeaturesModel copy(ParamMap extra) {
    return copyValues(new DatetimeFeaturesModel(uid), extra).setParent(parent());
  }

  public static MLReader<DatetimeFeaturesModel> read() {
    return new DefaultParamsReader<>();
  }

  public static DatetimeFeaturesModel load(String path) {
    return read().load(path);
  }
}
