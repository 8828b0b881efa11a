package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Learns how each column writes its dates and times — typed, text in the layouts of {@link DateTexts}
 * (the one that reads most of its values, month-first winning a tie with day-first, then any that
 * reads a further share of them: {@link #chooseLayouts}), or numbers (Unix seconds or milliseconds, {@code yyyymmdd} digits) — and yields a
 * {@link DatetimeFeaturesModel} that extracts year, month, day, ISO weekday, hour, minute and Unix
 * seconds as double columns named {@code <prefix>_<field>}.
 */
public final class DatetimeFeatures extends Estimator<DatetimeFeaturesModel> implements DefaultParamsWritable {
  /** The extracted fields, in output order. */
  public static final List<String> FIELDS = List.of("year", "month", "day", "weekday", "hour", "minute", "epoch");
  /** Text layouts a column is read with at most (a column mixing more ways of writing a date is rare). */
  static final int MAX_LAYOUTS = 4;
  /** Share of a column's readable values a further layout must read that the earlier ones do not. */
  static final double FURTHER_SHARE = 0.01;

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
    List<Column> masks = new ArrayList<>();
    UserDefinedFunction textMask = functions.udf((UDF1<String, Integer>) DateTexts::readableBy, DataTypes.IntegerType);
    UserDefinedFunction numberMask = functions.udf((UDF1<Double, Integer>) DatetimeFeatures::numericMask, DataTypes.IntegerType);
    for (int i = 0; i < inputs.length; i++) {
      DataType type = dataset.schema().apply(inputs[i]).dataType();
      if (typed(type)) {
        layouts[i] = DatetimeFeaturesModel.TYPED;
        continue;
      }
      layouts[i] = DatetimeFeaturesModel.NONE;
      Column mask = type instanceof NumericType ? numberMask.apply(StageSchemas.col(inputs[i]).cast("double"))
          : textMask.apply(StageSchemas.col(inputs[i]).cast("string"));
      masks.add(functions.struct(functions.lit(i).as("i"), mask.as("m")));
    }
    if (!masks.isEmpty()) {
      // one pass: per column, how many values each combination of layouts reads
      List<Map<Integer, Long>> readBy = new ArrayList<>();
      for (int i = 0; i < inputs.length; i++) {
        readBy.add(new HashMap<>());
      }
      for (Row r : dataset.toDF().select(functions.explode(functions.array(masks.toArray(Column[]::new))).as("e"))
          .select(functions.col("e.i"), functions.col("e.m")).groupBy("i", "m").count().collectAsList()) {
        if (!r.isNullAt(1) && r.getInt(1) != 0) {
          readBy.get(r.getInt(0)).put(r.getInt(1), r.getLong(2));
        }
      }
      for (int i = 0; i < inputs.length; i++) {
        if (layouts[i].equals(DatetimeFeaturesModel.NONE)) {
          boolean numeric = dataset.schema().apply(inputs[i]).dataType() instanceof NumericType;
          List<Integer> chosen = chooseLayouts(readBy.get(i), numeric ? 1 : MAX_LAYOUTS);
          if (!chosen.isEmpty()) {
            layouts[i] = String.join(DatetimeFeaturesModel.SEPARATOR,
                chosen.stream().map(b -> numeric ? DateTexts.NUMERIC.get(b) : DateTexts.TEXT.get(b).name()).toList());
          }
        }
      }
    }
    DatetimeFeaturesModel model = new DatetimeFeaturesModel(uid).setLayouts(layouts);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /**
   * The layouts a column is read with, from how many of its values each combination of layouts reads
   * ({@code readBy}: bit b of a key set when layout b reads the value): first the layout that reads the
   * most values (an earlier layout wins a tie), then, while fewer than {@code most}, the one that reads
   * the most of the values no chosen layout reads, when those are at least {@link #FURTHER_SHARE} of
   * the readable values. A column that mixes {@code Aug-62} and {@code 1962-08-01} is read whole; a value
   * two layouts read is read by the one chosen first.
   */
  static List<Integer> chooseLayouts(Map<Integer, Long> readBy, int most) {
    Map<Integer, Long> left = new HashMap<>(readBy);
    left.keySet().removeIf(m -> m == 0);
    long readable = left.values().stream().mapToLong(Long::longValue).sum();
    List<Integer> chosen = new ArrayList<>();
    while (!left.isEmpty() && chosen.size() < most) {
      int best = -1;
      long bestCount = 0;
      for (int b = 0; b < Integer.SIZE - 1; b++) {
        long count = 0;
        for (Map.Entry<Integer, Long> e : left.entrySet()) {
          count += (e.getKey() & (1 << b)) != 0 ? e.getValue() : 0;
        }
        if (count > bestCount) {
          best = b;
          bestCount = count;
        }
      }
      if (best < 0 || !chosen.isEmpty() && bestCount < FURTHER_SHARE * readable) {
        break;
      }
      chosen.add(best);
      int bit = 1 << best;
      left.keySet().removeIf(m -> (m & bit) != 0);
    }
    return chosen;
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
