package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.apply.ml.CategoryImputer;
import io.aurora.apply.ml.DatetimeFeatures;
import io.aurora.apply.ml.DatetimeFeaturesModel;
import io.aurora.apply.ml.ListSplitter;
import io.aurora.apply.ml.NumericParser;
import io.aurora.apply.ml.TargetEncoder;
import io.aurora.apply.ml.VectorToColumns;
import io.aurora.apply.ml.YeoJohnson;
import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.RobustScaler;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.VectorSizeHint;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns the decisions about a dataset's columns into one Spark ML {@link Pipeline}, the way a
 * scikit-learn {@code ColumnTransformer} would be written by hand: Spark's own stages wherever one
 * exists ({@code Imputer}, {@code StringIndexer} + {@code OneHotEncoder}, {@code StandardScaler},
 * {@code RobustScaler}, {@code RegexTokenizer} + {@code StopWordsRemover} + {@code HashingTF} +
 * {@code IDF}, {@code CountVectorizer}, {@code VectorAssembler}, {@code SQLTransformer}) and AURORA's
 * ({@code io.aurora.apply.ml}) for what Spark lacks: Yeo-Johnson, out-of-fold target encoding,
 * numbers in text, dates in text, lists, categorical imputation. Columns of one kind share a stage,
 * so a wide dataset costs a few passes, not a few per column.
 *
 * <p>Per column: its value (cast, or parsed) → missing indicator → imputation → the action. Output
 * names: a kept numeric column keeps its name; the others are {@code <column>__<what>} (log, power,
 * standard, robust, number, onehot, target, tfidf, items and count, year … epoch, missing), and
 * {@code features} assembles every numeric and vector output. Columns that are not applied (the
 * label, uncertain recommendations nobody reviewed, columns without a recommendation, non-numeric
 * columns to keep as is) pass through unchanged; dropped columns are gone.
 */
public final class PipelinePlanner {
  private final ApplyOptions options;

  public PipelinePlanner(ApplyOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  /** The pipeline for a dataset of schema {@code input} and the decisions about its columns. */
  public PlannedPipeline plan(StructType input, List<ColumnDecision> decisions) {
    Map<String, ColumnDecision> byName = new HashMap<>();
    for (ColumnDecision d : decisions) {
      byName.put(d.columnName(), d);
    }
    Set<String> present = new HashSet<>(List.of(input.fieldNames()));
    for (ColumnDecision d : decisions) {
      if (!present.contains(d.columnName())) {
        throw AuroraException.badInput("column '" + d.columnName() + "' of the recommendations is not in the input"
            + " (apply reads a dataset of the shape that was profiled)");
      }
    }
    String target = options.target();
    if (target != null && !present.contains(target)) {
      throw AuroraException.badInput("--target column '" + target + "' is not in the input");
    }
    Plan p = new Plan();
    List<PlannedColumn> columns = new ArrayList<>();
    for (int i = 0; i < input.fields().length; i++) {
      StructField field = input.fields()[i];
      String name = field.name();
      ColumnDecision d = byName.get(name);
      if (name.equals(target)) {
        columns.add(p.passThrough(name, PlannedColumn.LABEL, d));
      } else if (d == null) {
        columns.add(p.passThrough(name, PlannedColumn.NO_RECOMMENDATION, null));
      } else if (!options.includeUncertain() && !d.decided()) {
        columns.add(p.passThrough(name, PlannedColumn.UNCERTAIN, d));
      } else {
        columns.add(p.apply(i, field, d));
      }
    }
    return p.build(columns);
  }

  /** The stages being collected, by phase, and the final names of what they produce. */
  private final class Plan {
    final List<String> casts = new ArrayList<>();
    final List<String[]> parsed = new ArrayList<>();
    final List<String[]> dates = new ArrayList<>();
    final List<String> prepared = new ArrayList<>();
    final Map<String, List<String[]>> numericImputed = new LinkedHashMap<>();
    final Map<String, List<String[]>> categoryImputed = new LinkedHashMap<>();
    final List<String> logs = new ArrayList<>();
    final List<String[]> powered = new ArrayList<>();
    final List<String[]> meanFilled = new ArrayList<>();
    final List<String[]> standard = new ArrayList<>();
    final List<String[]> robust = new ArrayList<>();
    final List<String[]> oneHot = new ArrayList<>();
    final List<String[]> targetEncoded = new ArrayList<>();
    final List<String[]> texts = new ArrayList<>();
    final List<String[]> lists = new ArrayList<>();
    final List<String> counts = new ArrayList<>();
    /** internal column → final name, in output order. */
    final LinkedHashMap<String, String> outputs = new LinkedHashMap<>();
    final List<String> features = new ArrayList<>();
    final Map<String, String> owners = new HashMap<>();

    PlannedColumn passThrough(String name, String treatment, ColumnDecision d) {
      output(name, name, name, false);
      return new PlannedColumn(name, null, treatment, d, List.of(name));
    }

    private void output(String internal, String finalName, String owner, boolean feature) {
      String other = owners.putIfAbsent(finalName, owner);
      if (other != null) {
        throw AuroraException.badInput("output column '" + finalName + "' would be written for both '" + other + "' and '"
            + owner + "': rename one of them in the input");
      }
      outputs.put(internal, finalName);
      if (feature) {
        features.add(internal);
      }
    }

    PlannedColumn apply(int i, StructField field, ColumnDecision d) {
      String name = field.name();
      String c = sql(name);
      String id = "_a" + i + "_";
      List<String> before = new ArrayList<>(outputs.values());
      Action action = d.action();
      switch (action) {
        case DROP -> {
          // nothing: the column is gone
        }
        case KEEP_AS_IS -> {
          if (!numeric(field, d)) {
            return passThrough(name, PlannedColumn.KEPT, d);
          }
          String x = imputeNumeric(id, value(id, field, d, action), d, name);
          output(x, name, name, true);
        }
        case LOG_TRANSFORM -> {
          String x = imputeNumeric(id, value(id, field, d, action), d, name);
          logs.add("SIGN(" + sql(x) + ") * LOG1P(ABS(" + sql(x) + ")) AS " + sql(id + "log"));
          output(id + "log", name + "__log", name, true);
        }
        case POWER_TRANSFORM -> {
          String x = imputeNumeric(id, value(id, field, d, action), d, name);
          powered.add(new String[] {x, id + "power"});
          output(id + "power", name + "__power", name, true);
        }
        case STANDARD_SCALE -> {
          String x = imputeNumeric(id, value(id, field, d, action), d, name);
          String fitted = x;
          if (d.imputation() == Imputation.NONE) {
            // Spark's StandardScaler cannot skip missing values: they are filled with the mean for it
            // (the mean stays the observed one) and are missing again in the output
            fitted = id + "meanfill";
            meanFilled.add(new String[] {x, fitted});
          }
          standard.add(new String[] {fitted, id + "standard_u", x, id + "standard"});
          output(id + "standard", name + "__standard", name, true);
        }
        case ROBUST_SCALE -> {
          String x = imputeNumeric(id, value(id, field, d, action), d, name);
          robust.add(new String[] {x, id + "robust"});
          output(id + "robust", name + "__robust", name, true);
        }
        case PARSE_NUMERIC -> {
          parsed.add(new String[] {name, id + "v"});
          String x = imputeNumeric(id, id + "v", d, name);
          output(x, name + "__number", name, true);
        }
        case ONE_HOT_ENCODE -> {
          String s = imputeCategory(id, field, d, name);
          oneHot.add(new String[] {s, id + "index", id + "onehot"});
          output(id + "onehot", name + "__onehot", name, true);
        }
        case TARGET_ENCODE -> {
          if (options.target() == null) {
            throw AuroraException.badInput("column '" + name + "' is to be target encoded: name the label column with --target"
                + " (or correct the recommendation, or leave uncertain ones out with --only confident)");
          }
          String s = imputeCategory(id, field, d, name);
          targetEncoded.add(new String[] {s, id + "target"});
          output(id + "target", name + "__target", name, true);
        }
        case EXTRACT_DATETIME -> {
          dates.add(new String[] {name, id + "dt"});
          List<String> fields = DatetimeFeaturesModel.outputs(id + "dt");
          indicator(d, fields.get(fields.size() - 1), name, id);
          List<String> imputed = new ArrayList<>();
          for (int f = 0; f < fields.size(); f++) {
            imputed.add(imputeNumericColumn(fields.get(f), id + "dti_" + DatetimeFeatures.FIELDS.get(f), d.imputation()));
          }
          for (int f = 0; f < fields.size(); f++) {
            output(imputed.get(f), name + "__" + DatetimeFeatures.FIELDS.get(f), name, true);
          }
        }
        case VECTORIZE_TEXT -> {
          indicator(d, name, name, id);
          prepared.add("COALESCE(CAST(" + c + " AS STRING), '') AS " + sql(id + "text"));
          texts.add(new String[] {id + "text", id + "tokens", id + "words", id + "tf", id + "tfidf"});
          output(id + "tfidf", name + "__tfidf", name, true);
        }
        case SPLIT_LIST -> {
          indicator(d, name, name, id);
          lists.add(new String[] {name, id + "items", id + "multihot"});
          counts.add("CAST(SIZE(" + sql(id + "items") + ") AS DOUBLE) AS " + sql(id + "count"));
          output(id + "multihot", name + "__items", name, true);
          output(id + "count", name + "__count", name, true);
        }
        default -> throw new IllegalStateException("no plan for action " + action);
      }
      List<String> produced = new ArrayList<>(outputs.values());
      produced.removeAll(before);
      return new PlannedColumn(name, action, PlannedColumn.APPLIED, d, produced);
    }

    /** Whether the column holds numbers (or a 0/1 flag) to keep as they are. */
    private boolean numeric(StructField field, ColumnDecision d) {
      DataType t = field.dataType();
      if (t instanceof NumericType || t instanceof BooleanType) {
        return true;
      }
      return t instanceof StringType && ("NUMERIC".equals(d.typeClass()) || "BOOLEAN".equals(d.typeClass()));
    }

    /** The internal name of the column's numeric value (a double, null when missing or unreadable). */
    private String value(String id, StructField field, ColumnDecision d, Action action) {
      String c = sql(field.name());
      DataType t = field.dataType();
      String v = id + "v";
      if (t instanceof NumericType || t instanceof BooleanType || t instanceof TimestampType || t instanceof TimestampNTZType) {
        casts.add("CAST(" + c + " AS DOUBLE) AS " + sql(v));
      } else if (t instanceof DateType) {
        casts.add("CAST(DATEDIFF(" + c + ", DATE '1970-01-01') AS DOUBLE) AS " + sql(v));
      } else if (t instanceof StringType && "BOOLEAN".equals(d.typeClass())) {
        String s = "LOWER(TRIM(" + c + "))";
        casts.add("CASE WHEN " + s + " IN ('true', 't', 'yes', 'y', '1') THEN CAST(1 AS DOUBLE) WHEN " + s
            + " IN ('false', 'f', 'no', 'n', '0') THEN CAST(0 AS DOUBLE) END AS " + sql(v));
      } else if (t instanceof StringType) {
        // numbers written as text: read the way parse_numeric reads them ("1,200" included)
        parsed.add(new String[] {field.name(), v});
      } else {
        throw AuroraException.badInput("column '" + field.name() + "' is of type " + t.simpleString() + ": "
            + action.wireName() + " needs numbers");
      }
      return v;
    }

    private void indicator(ColumnDecision d, String valueColumn, String name, String id) {
      if (d.missingIndicator()) {
        prepared.add("CAST(" + sql(valueColumn) + " IS NULL AS DOUBLE) AS " + sql(id + "missing"));
        output(id + "missing", name + "__missing", name, true);
      }
    }

    /** Indicator, then imputation, of a numeric value; returns the imputed column. */
    private String imputeNumeric(String id, String value, ColumnDecision d, String name) {
      indicator(d, value, name, id);
      return imputeNumericColumn(value, id + "x", d.imputation());
    }

    private String imputeNumericColumn(String value, String imputed, Imputation imputation) {
      switch (imputation) {
        case NONE -> {
          return value;
        }
        case CONSTANT -> {
          // scikit-learn's SimpleImputer(strategy="constant") fills numbers with 0
          prepared.add("COALESCE(" + sql(value) + ", CAST(0 AS DOUBLE)) AS " + sql(imputed));
          return imputed;
        }
        default -> {
          numericImputed.computeIfAbsent(imputation.wireName(), k -> new ArrayList<>()).add(new String[] {value, imputed});
          return imputed;
        }
      }
    }

    /** The column as a string category, indicator, then imputation; returns the category column. */
    private String imputeCategory(String id, StructField field, ColumnDecision d, String name) {
      String s = id + "s";
      casts.add("CAST(" + sql(field.name()) + " AS STRING) AS " + sql(s));
      indicator(d, s, name, id);
      if (d.imputation() == Imputation.NONE) {
        // a missing value stays a level of its own (one-hot's extra slot; a category of target encoding)
        return s;
      }
      String strategy = d.imputation() == Imputation.CONSTANT ? "constant" : "mode";
      categoryImputed.computeIfAbsent(strategy, k -> new ArrayList<>()).add(new String[] {s, id + "si"});
      return id + "si";
    }

    PlannedPipeline build(List<PlannedColumn> columns) {
      List<PipelineStage> stages = new ArrayList<>();
      select(stages, casts);
      if (!parsed.isEmpty()) {
        stages.add(new NumericParser().setInputCols(first(parsed)).setOutputCols(second(parsed)));
      }
      if (!dates.isEmpty()) {
        stages.add(new DatetimeFeatures().setInputCols(first(dates)).setOutputPrefixes(second(dates)));
      }
      select(stages, prepared);
      numericImputed.forEach((strategy, pairs) -> stages.add(new Imputer().setStrategy(strategy)
          .setInputCols(first(pairs)).setOutputCols(second(pairs))));
      categoryImputed.forEach((strategy, pairs) -> stages.add(new CategoryImputer().setStrategy(strategy)
          .setInputCols(first(pairs)).setOutputCols(second(pairs))));
      select(stages, logs);
      if (!powered.isEmpty()) {
        stages.add(new YeoJohnson().setInputCols(first(powered)).setOutputCols(second(powered)));
      }
      if (!meanFilled.isEmpty()) {
        stages.add(new Imputer().setStrategy("mean").setInputCols(first(meanFilled)).setOutputCols(second(meanFilled)));
      }
      if (!standard.isEmpty()) {
        stages.add(new VectorAssembler().setInputCols(first(standard)).setOutputCol("_standard_in").setHandleInvalid("keep"));
        stages.add(new StandardScaler().setInputCol("_standard_in").setOutputCol("_standard_out").setWithMean(true).setWithStd(true));
        stages.add(new VectorToColumns().setInputCol("_standard_out").setOutputCols(second(standard)));
        List<String> restored = new ArrayList<>();
        for (String[] s : standard) {
          restored.add("CASE WHEN " + sql(s[2]) + " IS NULL THEN NULL ELSE " + sql(s[1]) + " END AS " + sql(s[3]));
        }
        select(stages, restored);
      }
      if (!robust.isEmpty()) {
        // RobustScaler ignores NaN (a missing value) when fitting; VectorToColumns turns it back into null
        stages.add(new VectorAssembler().setInputCols(first(robust)).setOutputCol("_robust_in").setHandleInvalid("keep"));
        stages.add(new RobustScaler().setInputCol("_robust_in").setOutputCol("_robust_out").setWithCentering(true).setWithScaling(true));
        stages.add(new VectorToColumns().setInputCol("_robust_out").setOutputCols(second(robust)));
      }
      if (!oneHot.isEmpty()) {
        String[] categories = column(oneHot, 0);
        String[] indexes = column(oneHot, 1);
        // levels seen in fitting get a slot each, most frequent first; one more slot takes levels not
        // seen then (and missing values that were not imputed)
        stages.add(new StringIndexer().setInputCols(categories).setOutputCols(indexes).setHandleInvalid("keep")
            .setStringOrderType("frequencyDesc"));
        stages.add(new OneHotEncoder().setInputCols(indexes).setOutputCols(column(oneHot, 2)).setHandleInvalid("keep"));
      }
      if (!targetEncoded.isEmpty()) {
        stages.add(new TargetEncoder().setInputCols(first(targetEncoded)).setOutputCols(second(targetEncoded))
            .setLabelCol(options.target()).setFoldCol(PlannedPipeline.FOLD, options.folds()).setSmoothing(options.smoothing()));
      }
      for (String[] t : texts) {
        stages.add(new RegexTokenizer().setInputCol(t[0]).setOutputCol(t[1]).setPattern("\\W+").setToLowercase(true));
        stages.add(new StopWordsRemover().setInputCol(t[1]).setOutputCol(t[2]));
        stages.add(new HashingTF().setInputCol(t[2]).setOutputCol(t[3]).setNumFeatures(options.textFeatures()));
        stages.add(new IDF().setInputCol(t[3]).setOutputCol(t[4]));
        stages.add(new VectorSizeHint().setInputCol(t[4]).setSize(options.textFeatures()).setHandleInvalid("error"));
      }
      if (!lists.isEmpty()) {
        stages.add(new ListSplitter().setInputCols(first(lists)).setOutputCols(second(lists)));
        for (String[] l : lists) {
          stages.add(new CountVectorizer().setInputCol(l[1]).setOutputCol(l[2]).setBinary(true)
              .setVocabSize(options.listVocabulary()));
        }
        select(stages, counts);
      }
      List<String> finals = new ArrayList<>();
      outputs.forEach((internal, finalName) -> finals.add(sql(internal) + " AS " + sql(finalName)));
      List<String> outputColumns = new ArrayList<>(outputs.values());
      if (!features.isEmpty()) {
        String taken = owners.get(PlannedPipeline.FEATURES);
        if (taken != null) {
          throw AuroraException.badInput("output column 'features' would be written for both '" + taken
              + "' and the assembled features: rename '" + taken + "' in the input");
        }
        stages.add(new VectorAssembler().setInputCols(features.toArray(String[]::new)).setOutputCol("_features")
            .setHandleInvalid("keep"));
        finals.add(sql("_features") + " AS " + sql(PlannedPipeline.FEATURES));
        outputColumns.add(PlannedPipeline.FEATURES);
      }
      stages.add(new SQLTransformer().setStatement("SELECT " + String.join(", ", finals) + " FROM __THIS__"));
      Pipeline pipeline = new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
      return new PlannedPipeline(pipeline, columns, outputColumns,
          targetEncoded.isEmpty() ? Optional.empty() : Optional.of(PlannedPipeline.FOLD));
    }
  }

  private static void select(List<PipelineStage> stages, List<String> expressions) {
    if (!expressions.isEmpty()) {
      stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", expressions) + " FROM __THIS__"));
    }
  }

  private static String[] first(List<String[]> pairs) {
    return column(pairs, 0);
  }

  private static String[] second(List<String[]> pairs) {
    return column(pairs, 1);
  }

  private static String[] column(List<String[]> rows, int index) {
    return rows.stream().map(r -> r[index]).toArray(String[]::new);
  }

  /** A column name quoted for Spark SQL. */
  static String sql(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
