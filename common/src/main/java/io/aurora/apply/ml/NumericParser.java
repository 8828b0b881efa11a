package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Learns how each text column writes its numbers — decimal point or decimal comma (from the values
 * that tell, e.g. {@code "12,5"} or {@code "1.200,50"}), and the unit most of its values carry — and
 * yields a {@link NumericParserModel} that reads them as doubles ({@link NumberText}), converting
 * values written in another unit of the same family ({@code "500 g"} in a column of kilograms).
 */
public final class NumericParser extends ColumnsEstimator<NumericParserModel, NumericParser> implements DefaultParamsWritable {
  /** Most distinct unit tokens per fit considered (a column of words would otherwise list every word). */
  private static final int MAX_UNIT_GROUPS = 10_000;

  public NumericParser() {
    this(Identifiable$.MODULE$.randomUID("numericParser"));
  }

  public NumericParser(String uid) {
    super(uid, "text columns holding numbers", "double columns, one per input column");
  }

  @Override
  public NumericParserModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    UserDefinedFunction shape = functions.udf((UDF1<String, Row>) NumericParser::shape, SHAPE);
    Column[] shapes = new Column[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = struct(lit(i).as("i"), shape.apply(StageSchemas.col(inputs[i]).cast("string")).as("s"));
    }
    List<Row> groups = dataset.toDF().select(explode(array(shapes)).as("x"))
        .where(col("x.s").isNotNull())
        .groupBy(col("x.i").as("i"), col("x.s.unit").as("unit"))
        .agg(sum(when(col("x.s.vote").gt(0), 1).otherwise(0)).as("comma"),
            sum(when(col("x.s.vote").lt(0), 1).otherwise(0)).as("point"), count(lit(1)).as("n"))
        .orderBy(col("n").desc()).limit(MAX_UNIT_GROUPS).collectAsList();
    long[] comma = new long[inputs.length];
    long[] point = new long[inputs.length];
    List<Map<String, Long>> units = new java.util.ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      units.add(new HashMap<>());
    }
    for (Row g : groups) {
      int i = g.getInt(0);
      comma[i] += g.getLong(2);
      point[i] += g.getLong(3);
      if (!g.getString(1).isEmpty()) {
        units.get(i).merge(g.getString(1), g.getLong(4), Long::sum);
      }
    }
    String[] marks = new String[inputs.length];
    String[] references = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      marks[i] = comma[i] > point[i] ? NumberText.DecimalMark.COMMA.name() : NumberText.DecimalMark.POINT.name();
      references[i] = units.get(i).entrySet().stream()
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
          .map(Map.Entry::getKey).orElse("");
    }
    NumericParserModel model = new NumericParserModel(uid()).setDecimalMarks(marks).setUnits(references);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  private static final StructType SHAPE = new StructType()
      .add("vote", DataTypes.IntegerType, false)
      .add("unit", DataTypes.StringType, false);

  /** The decimal-mark vote and unit of one value; null when it is no number. */
  private static Row shape(String text) {
    String unit = NumberText.unit(text);
    return unit == null ? null : org.apache.spark.sql.RowFactory.create(NumberText.decimalVote(text), unit);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] inputs = inputs();
    String[] outputs = outputs();
    return StageSchemas.mapped(schema, "NumericParser", inputs, outputs, DataTypes.DoubleType);
  }

  public static MLReader<NumericParser> read() {
    return new DefaultParamsReader<>();
  }

  public static NumericParser load(String path) {
    return read().load(path);
  }
}
