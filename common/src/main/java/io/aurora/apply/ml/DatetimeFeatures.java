package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Learns how each column writes its dates and times — typed, one of the text layouts of
 * {@link DateTexts} (the one that reads most of its values; month-first wins a tie with day-first),
 * or numbers (Unix seconds or milliseconds, {@code yyyymmdd} digits) — and yields a
 * {@link DatetimeFeaturesModel} that extracts year, month, day, ISO weekday, hour, minute and Unix
 * seconds as double columns named {@code <prefix>_<field>}.
 */
public final class DatetimeFeatures extends Estimator<DatetimeFeaturesModel> implements DefaultParamsWritable {
  /** The extracted fields, in output order. */
  public static final List<String> FIELDS = List.of("year", "month", "day", "weekday", "hour", "minute", "epoch");

  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputPrefixes;

  public DatetimeFeatures() {
    this(Identifiable$.MODULE$.randomUID("datetimeFeatures"));
  }

  public DatetimeFeatures(String uid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCols = new StringArrayParam(this, "inputCols", "date, timestamp, text or numeric columns holding times");
    this.outputPrefixes = new StringArrayParam(this, "outputPrefixes", "per input column, the prefix of its output columns <prefix>_<field>");
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputPrefixes() {
    return outputPrefixes;
  }

  public DatetimeFeatures setInputCols(String... value) {
    set(inputCols, value);
    return this;
  }

  public DatetimeFeatures setOutputPrefixes(String... value) {
    set(outputPrefixes, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public DatetimeFeaturesModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = getOrDefault(inputCols);
    String[] layouts = new String[inputs.length];
    List<Column> aggregates = new ArrayList<>();
    List<int[]> slots = new ArrayList<>(); // per aggregate: input index, layout index
    UserDefinedFunction textMask = functions.udf((UDF1<String, Integer>) DateTexts::readableBy, DataTypes.IntegerType);
    UserDefinedFunction numberMask = functions.udf((UDF1<Double, Integer>) DatetimeFeatures::numericMask, DataTypes.IntegerType);
    for (int i = 0; i < inputs.length; i++) {
      DataType type = dataset.schema().apply(inputs[i]).dataType();
      if (typed(type)) {
        layouts[i] = DatetimeFeaturesModel.TYPED;
        continue;
      }
      boolean numeric = type instanceof NumericType;
      Column mask = numeric ? numberMask.apply(StageSchemas.col(inputs[i]).cast("double"))
          : textMask.apply(StageSchemas.col(inputs[i]).cast("string"));
      int n = numeric ? DateTexts.NUMERIC.size() : DateTexts.TEXT.size();
      for (int b = 0; b < n; b++) {
        aggregates.add(sum(when(mask.bitwiseAND(1 << b).notEqual(0), 1L).otherwise(0L)));
        slots.add(new int[] {i, b});
      }
      layouts[i] = DatetimeFeaturesModel.NONE;
    }
    if (!aggregates.isEmpty()) {
      Row counts = dataset.toDF().select(aggregates.toArray(Column[]::new)).first();
      long[] best = new long[inputs.length];
      for (int a = 0; a < slots.size(); a++) {
        int i = slots.get(a)[0];
        int b = slots.get(a)[1];
        long c = counts.isNullAt(a) ? 0 : counts.getLong(a);
        // strictly more: an earlier layout wins a tie
        if (c > best[i]) {
          best[i] = c;
          boolean numeric = dataset.schema().apply(inputs[i]).dataType() instanceof NumericType;
          layouts[i] = numeric ? DateTexts.NUMERIC.get(b) : DateTexts.TEXT.get(b).name();
        }
      }
    }
    DatetimeFeaturesModel model = new DatetimeFeaturesModel(uid).setLayouts(layouts);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  private static Integer numericMask(Double value) {
    if (value == null) {
      return 0;
    }
    int mask = 0;
    for (int b = 0; b < DateTexts.NUMERIC.size(); b++) {
      if (DateTexts.epochSeconds(value, DateTexts.NUMERIC.get(b)) != null) {
        mask |= 1 << b;
      }
    }
    return mask;
  }

  static boolean typed(DataType type) {
    return type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return DatetimeFeaturesModel.outputSchema(schema, getOrDefault(inputCols), getOrDefault(outputPrefixes));
  }

  @Override
  public DatetimeFeatures copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<DatetimeFeatures> read() {
    return new DefaultParamsReader<>();
  }

  public static DatetimeFeatures load(String path) {
    return read().load(path);
  }
}
