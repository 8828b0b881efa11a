package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import java.util.Arrays;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Fills missing values of categorical columns, read as strings: with each column's most frequent
 * value ({@code mode}) or a constant level of its own ({@code constant}, default {@code __missing__}).
 * Spark's {@code Imputer} takes numeric columns only; this is scikit-learn's
 * {@code SimpleImputer(strategy="most_frequent"|"constant")} for categories.
 */
public final class CategoryImputer extends ColumnsEstimator<CategoryImputerModel, CategoryImputer> implements DefaultParamsWritable {
  public static final String MISSING = "__missing__";

  private final Param<String> strategy;
  private final Param<String> missingValue;

  public CategoryImputer() {
    this(Identifiable$.MODULE$.randomUID("categoryImputer"));
  }

  public CategoryImputer(String uid) {
    super(uid, "categorical columns (read as strings)", "string columns, one per input column");
    this.strategy = new Param<>(this, "strategy", "mode: the most frequent value; constant: missingValue");
    this.missingValue = new Param<>(this, "missingValue", "the level missing values become under strategy constant");
    setDefault(strategy, "mode");
    setDefault(missingValue, MISSING);
  }

  public Param<String> strategy() {
    return strategy;
  }

  public Param<String> missingValue() {
    return missingValue;
  }

  public CategoryImputer setStrategy(String value) {
    if (!value.equals("mode") && !value.equals("constant")) {
      throw new IllegalArgumentException("CategoryImputer: strategy must be mode or constant, was " + value);
    }
    set(strategy, value);
    return this;
  }

  @Override
  public CategoryImputerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    String[] fills = new String[inputs.length];
    Arrays.fill(fills, getOrDefault(missingValue));
    if (getOrDefault(strategy).equals("mode")) {
      Column[] values = new Column[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        values[i] = struct(lit(i).as("i"), StageSchemas.col(inputs[i]).cast("string").as("v"));
      }
      // ties go to the greatest value, so a refit on the same data gives the same model
      for (Row r : dataset.toDF().select(explode(array(values)).as("x")).where(col("x.v").isNotNull())
          .groupBy(col("x.i").as("i"), col("x.v").as("v")).agg(count(lit(1)).as("n"))
          .groupBy("i").agg(max(struct(col("n"), col("v"))).as("top")).collectAsList()) {
        fills[r.getInt(0)] = r.getStruct(1).getString(1);
      }
    }
    CategoryImputerModel model = new CategoryImputerModel(uid()).setFills(fills);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return CategoryImputerModel.outputSchema(schema, inputs(), outputs());
  }

  public static MLReader<CategoryImputer> read() {
    return new DefaultParamsReader<>();
  }

  public static CategoryImputer load(String path) {
    return read().load(path);
  }
}
