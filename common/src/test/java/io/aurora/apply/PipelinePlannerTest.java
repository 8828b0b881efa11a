package io.aurora.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.AuroraException;
import io.aurora.apply.ml.YeoJohnsonMath;
import io.aurora.apply.ml.YeoJohnsonModel;
import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Recommendation;
import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planned pipeline on a dataset with a column for every action: fitted, it has the effects each
 * action promises (skew gone after log and Yeo-Johnson, scaled moments, one-hot width, no nulls after
 * imputation, "$1,200.50" parsed, target encoding out of fold), and saved then loaded it transforms
 * new data exactly as before.
 */
class PipelinePlannerTest {
  private static final int ROWS = 3000;
  private static final StructType SCHEMA = new StructType()
      .add("rowkey", DataTypes.IntegerType)
      .add("amount", DataTypes.StringType)
      .add("delta", DataTypes.DoubleType)
      .add("height", DataTypes.DoubleType)
      .add("income", DataTypes.DoubleType)
      .add("price", DataTypes.StringType)
      .add("weight", DataTypes.StringType)
      .add("city", DataTypes.StringType)
      .add("shop", DataTypes.StringType)
      .add("created", DataTypes.StringType)
      .add("comment", DataTypes.StringType)
      .add("tags", DataTypes.StringType)
      .add("id", DataTypes.StringType)
      .add("flag", DataTypes.StringType)
      .add("note", DataTypes.StringType)
      .add("label", DataTypes.DoubleType);

  private static final String[] CITIES = {"paris", "lyon", "nice", "lille", "nantes"};
  private static final String[] WORDS = {"great", "product", "slow", "delivery", "broken", "love", "price", "quality"};
  private static final String[] TAGS = {"red", "green", "blue", "small", "large"};

  private static SparkSession spark;
  private static Dataset<Row> data;
  private static PlannedPipeline plan;
  private static PipelineModel model;
  private static List<Row> prepared;
  private static Map<String, Integer> index;

  @TempDir
  static Path dir;

  @BeforeAll
  static void fit() {
    spark = SharedSpark.session();
    data = spark.createDataFrame(rows(ROWS, 7), SCHEMA);
    ApplyOptions options = new ApplyOptions(false, "label", 5, "0", 256, 100);
    plan = new PipelinePlanner(options).plan(SCHEMA, decisions());
    model = plan.pipeline().fit(ApplyJob.withFolds(plan, data, options));
    // target encoding joins: the output comes in another order than the input
    Dataset<Row> out = model.transform(ApplyJob.withFolds(plan, data, options)).orderBy("rowkey");
    prepared = out.collectAsList();
    index = new HashMap<>();
    for (int i = 0; i < out.columns().length; i++) {
      index.put(out.columns()[i], i);
    }
  }

  private static List<ColumnDecision> decisions() {
    List<ColumnDecision> d = new ArrayList<>();
    d.add(decision(1, "amount", Action.LOG_TRANSFORM, Imputation.MEDIAN, true, "NUMERIC"));
    d.add(decision(2, "delta", Action.POWER_TRANSFORM, Imputation.NONE, false, "NUMERIC"));
    d.add(decision(3, "height", Action.STANDARD_SCALE, Imputation.NONE, false, "NUMERIC"));
    d.add(decision(4, "income", Action.ROBUST_SCALE, Imputation.NONE, false, "NUMERIC"));
    d.add(decision(5, "price", Action.PARSE_NUMERIC, Imputation.MEDIAN, false, "STRING"));
    d.add(decision(6, "weight", Action.PARSE_NUMERIC, Imputation.NONE, false, "STRING"));
    d.add(decision(7, "city", Action.ONE_HOT_ENCODE, Imputation.MODE, false, "STRING"));
    d.add(decision(8, "shop", Action.TARGET_ENCODE, Imputation.NONE, false, "STRING"));
    d.add(decision(9, "created", Action.EXTRACT_DATETIME, Imputation.MEDIAN, false, "DATETIME"));
    d.add(decision(10, "comment", Action.VECTORIZE_TEXT, Imputation.CONSTANT, false, "STRING"));
    d.add(decision(11, "tags", Action.SPLIT_LIST, Imputation.CONSTANT, false, "STRING"));
    d.add(decision(12, "id", Action.DROP, Imputation.NONE, false, "STRING"));
    d.add(decision(13, "flag", Action.KEEP_AS_IS, Imputation.NONE, false, "BOOLEAN"));
    d.add(new ColumnDecision(14, "note", Action.DROP, Imputation.NONE, false, Recommendation.UNCERTAIN,
        ColumnDecision.Origin.RECOMMENDED, Action.DROP, "r14", "STRING"));
    d.add(decision(15, "label", Action.STANDARD_SCALE, Imputation.NONE, false, "NUMERIC"));
    return d;
  }

  private static ColumnDecision decision(int i, String name, Action action, Imputation imputation, boolean indicator, String type) {
    return new ColumnDecision(i, name, action, imputation, indicator, Recommendation.CONFIDENT, ColumnDecision.Origin.RECOMMENDED,
        action, "r" + i, type);
  }

  /** {@code n} rows; shops have 1 to 40 rows each, so out-of-fold means differ visibly from in-fold ones. */
  static List<Row> rows(int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String amount = i % 50 == 0 ? null : String.format(Locale.ROOT, "%.2f", Math.exp(2 + 1.5 * r.nextGaussian()));
      double delta = Math.exp(1 + 0.8 * r.nextGaussian()) - 4;
      Double height = i % 40 == 0 ? null : 170 + 10 * r.nextGaussian();
      double income = 30000 + 8000 * r.nextGaussian() + (r.nextDouble() < 0.05 ? 1e6 * r.nextDouble() : 0);
      String price = i % 100 == 0 ? "n/a" : String.format(Locale.US, "$%,.2f", Math.exp(6 + r.nextGaussian()));
      String weight = r.nextBoolean() ? (1 + r.nextInt(20)) + " kg" : (100 + r.nextInt(900)) + " g";
      String city = i % 30 == 0 ? null : CITIES[Math.min(CITIES.length - 1, (int) Math.floor(Math.abs(r.nextGaussian()) * 2))];
      int shopNo = (int) Math.floor(Math.pow(r.nextDouble(), 2) * 150);
      String shop = "shop" + shopNo;
      String created = String.format(Locale.ROOT, "2021-%02d-%02d %02d:%02d:00", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60));
      String comment = i % 25 == 0 ? null : WORDS[r.nextInt(WORDS.length)] + " and " + WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)];
      StringBuilder tags = new StringBuilder();
      for (String t : TAGS) {
        if (r.nextDouble() < 0.4) {
          tags.append(tags.length() == 0 ? "" : ";").append(t);
        }
      }
      String flag = r.nextBoolean() ? "yes" : "no";
      double label = (shopNo % 3 == 0 ? 0.7 : 0.2) > r.nextDouble() ? 1.0 : 0.0;
      rows.add(RowFactory.create(i, amount, delta, height, income, price, weight, city, shop, created, comment,
          tags.length() == 0 ? null : tags.toString(), "id-" + i, flag, "note " + i, label));
    }
    return rows;
  }

  private static List<Double> doubles(String column) {
    List<Double> out = new ArrayList<>();
    for (Row row : prepared) {
      out.add(row.isNullAt(index.get(column)) ? null : row.getDouble(index.get(column)));
    }
    return out;
  }

  private static double skewness(List<Double> values) {
    return new Skewness().evaluate(values.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void outputColumnsAreNamedAfterTheirColumnAndAction() {
    assertThat(plan.outputColumns()).containsExactly("rowkey", "amount__missing", "amount__log", "delta__power",
        "height__standard", "income__robust", "price__number", "weight__number", "city__onehot", "shop__target",
        "created__year", "created__month", "created__day", "created__weekday", "created__hour", "created__minute",
        "created__epoch", "comment__tfidf", "tags__items", "tags__count", "flag", "note", "label", "features");
    assertThat(index.keySet()).containsExactlyInAnyOrderElementsOf(plan.outputColumns());
    Map<String, PlannedColumn> byName = new HashMap<>();
    plan.columns().forEach(c -> byName.put(c.column(), c));
    assertThat(byName.get("id").outputs()).as("dropped").isEmpty();
    assertThat(byName.get("note").treatment()).isEqualTo(PlannedColumn.UNCERTAIN);
    assertThat(byName.get("label").treatment()).isEqualTo(PlannedColumn.LABEL);
    assertThat(byName.get("rowkey").treatment()).isEqualTo(PlannedColumn.NO_RECOMMENDATION);
    assertThat(prepared).hasSize(ROWS);
  }

  @Test
  void logTransformRemovesTheSkewAndImputationLeavesNoNulls() {
    List<Double> raw = new ArrayList<>();
    data.select("amount").collectAsList().forEach(r -> raw.add(r.isNullAt(0) ? null : Double.parseDouble(r.getString(0))));
    assertThat(skewness(raw)).as("the input is right-skewed").isGreaterThan(3);
    List<Double> logged = doubles("amount__log");
    assertThat(logged).doesNotContainNull();
    // log1p (defined at 0) leaves a little of the skew that log would remove
    assertThat(Math.abs(skewness(logged))).isLessThan(0.8).isLessThan(skewness(raw) / 5);
    assertThat(doubles("amount__missing").stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(ROWS / 50.0);
  }

  @Test
  void yeoJohnsonFitsTheMaximumLikelihoodLambda() {
    double[] x = data.select("delta").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
    double signed = 0;
    for (double v : x) {
      signed += YeoJohnsonMath.signedLog(v);
    }
    double jacobian = signed;
    double reference = new BrentOptimizer(1e-10, 1e-12).optimize(new MaxEval(500), GoalType.MAXIMIZE,
        new SearchInterval(-5, 5), new UnivariateObjectiveFunction(lambda -> {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = YeoJohnsonMath.transform(x[i], lambda);
          }
          double variance = new org.apache.commons.math3.stat.descriptive.moment.Variance(false).evaluate(y);
          return YeoJohnsonMath.logLikelihood(x.length, variance, jacobian, lambda);
        })).getPoint();
    YeoJohnsonModel fitted = (YeoJohnsonModel) java.util.Arrays.stream(model.stages())
        .filter(s -> s instanceof YeoJohnsonModel).findFirst().orElseThrow();
    assertThat(fitted.getLambdas()[0]).isCloseTo(reference, within(0.01));
    assertThat(skewness(java.util.Arrays.stream(x).boxed().toList())).as("the input is skewed").isGreaterThan(1);
    List<Double> y = doubles("delta__power");
    assertThat(Math.abs(skewness(y))).isLessThan(0.25);
    assertThat(y.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isCloseTo(0, within(1e-6));
  }

  @Test
  void scalersStandardiseAndKeepMissingValuesMissing() {
    List<Double> standard = doubles("height__standard");
    assertThat(standard.stream().filter(java.util.Objects::isNull).count()).isEqualTo(ROWS / 40);
    double[] present = standard.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    assertThat(java.util.Arrays.stream(present).average().orElseThrow()).isCloseTo(0, within(1e-9));
    // Spark's StandardScaler counts the mean-filled missing rows: the deviation is the observed one
    // times sqrt((n - 1) / (n_observed - 1)), as docs/apply.md says
    double n = ROWS;
    double observed = present.length;
    assertThat(new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(present))
        .isCloseTo(Math.sqrt((n - 1) / (observed - 1)), within(1e-9));
    double[] robust = doubles("income__robust").stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = robust[robust.length / 2];
    double iqr = robust[robust.length * 3 / 4] - robust[robust.length / 4];
    assertThat(median).isCloseTo(0, within(0.02));
    assertThat(iqr).isCloseTo(1, within(0.05));
  }

  @Test
  void parsesCurrencyThousandsAndUnits() {
    List<Double> price = doubles("price__number");
    assertThat(price).doesNotContainNull();
    List<String> raw = data.select("price").collectAsList().stream().map(r -> r.getString(0)).toList();
    int parsedDirectly = 0;
    for (int i = 0; i < raw.size(); i++) {
      if (!raw.get(i).equals("n/a")) {
        double expected = Double.parseDouble(raw.get(i).replace("$", "").replace(",", ""));
        assertThat(price.get(i)).isCloseTo(expected, within(1e-9));
        parsedDirectly++;
      }
    }
    assertThat(parsedDirectly / (double) raw.size()).as("parse rate").isGreaterThanOrEqualTo(0.99);
    List<Double> weight = doubles("weight__number");
    List<String> rawWeight = data.select("weight").collectAsList().stream().map(r -> r.getString(0)).toList();
    for (int i = 0; i < rawWeight.size(); i++) {
      String w = rawWeight.get(i);
      double expected = w.endsWith(" kg") ? Double.parseDouble(w.replace(" kg", "")) : Double.parseDouble(w.replace(" g", "")) / 1000;
      assertThat(weight.get(i)).as(w).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void oneHotHasASlotPerLevelPlusOneForUnseenAndNoMissing() {
    for (Row row : prepared) {
      Vector v = row.getAs("city__onehot");
      assertThat(v.size()).isEqualTo(CITIES.length + 1);
      assertThat(v.numNonzeros()).as("imputed with the mode: every row has its level").isEqualTo(1);
      assertThat(v.apply(CITIES.length)).as("no training row is unseen").isZero();
    }
  }

  @Test
  void targetEncodingOfATrainingRowNeverSeesItsOwnLabel() {
    // with smoothing 0 the encoding is the plain mean of the label over the category's rows in the other folds
    List<Row> withFolds = ApplyJob.withFolds(plan, data, new ApplyOptions(false, "label", 5, "0", 256, 100))
        .select("rowkey", "shop", "label", PlannedPipeline.FOLD).collectAsList();
    Map<Integer, Row> byKey = new HashMap<>();
    withFolds.forEach(r -> byKey.put(r.getInt(0), r));
    double total = withFolds.stream().mapToDouble(r -> r.getDouble(2)).sum();
    int checked = 0;
    int differsFromInFold = 0;
    for (Row out : prepared) {
      Row in = byKey.get(out.<Integer>getAs("rowkey"));
      double sum = 0;
      int n = 0;
      double inFoldSum = 0;
      int inFoldN = 0;
      for (Row other : withFolds) {
        if (other.getString(1).equals(in.getString(1))) {
          inFoldSum += other.getDouble(2);
          inFoldN++;
          if (other.getInt(3) != in.getInt(3)) {
            sum += other.getDouble(2);
            n++;
          }
        }
      }
      double expected = n > 0 ? sum / n : total / withFolds.size();
      assertThat(out.<Double>getAs("shop__target")).as("row " + in.getInt(0)).isCloseTo(expected, within(1e-9));
      checked++;
      if (Math.abs(expected - inFoldSum / inFoldN) > 1e-9) {
        differsFromInFold++;
      }
    }
    assertThat(checked).isEqualTo(ROWS);
    assertThat(differsFromInFold).as("the check can tell out-of-fold from in-fold means").isGreaterThan(ROWS / 2);
  }

  @Test
  void datesTextAndListsBecomeFeatures() {
    Row first = prepared.get(0);
    String created = data.where("rowkey = " + first.<Integer>getAs("rowkey")).first().getAs("created");
    assertThat(first.<Double>getAs("created__year")).isEqualTo(2021.0);
    assertThat(first.<Double>getAs("created__month")).isEqualTo(Double.parseDouble(created.substring(5, 7)));
    assertThat(first.<Double>getAs("created__hour")).isEqualTo(Double.parseDouble(created.substring(11, 13)));
    for (Row row : prepared) {
      Vector text = row.getAs("comment__tfidf");
      assertThat(text.size()).isEqualTo(256);
      Vector items = row.getAs("tags__items");
      assertThat(items.size()).isEqualTo(TAGS.length);
      assertThat(items.numNonzeros()).isEqualTo((int) row.<Double>getAs("tags__count").doubleValue());
      assertThat(row.<Double>getAs("flag")).isIn(0.0, 1.0);
    }
    Vector features = prepared.get(0).getAs("features");
    // 1 + 1 + 1 + 1 + 1 + 1 + 1 + 6 + 1 + 7 + 256 + 5 + 1 + 1: every numeric and vector output but the label
    assertThat(features.size()).isEqualTo(284);
  }

  @Test
  void theSavedPipelineLoadsAndTransformsNewDataAsBefore() throws Exception {
    String path = dir.resolve("pipeline").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertThat(loaded.stages()).hasSameSizeAs(model.stages());
    for (int i = 0; i < loaded.stages().length; i++) {
      assertThat(loaded.stages()[i].getClass()).isEqualTo(model.stages()[i].getClass());
    }
    List<Row> fresh = rows(400, 99);
    // a city and a shop never seen in fitting
    Row unseen = fresh.get(0);
    Object[] values = new Object[unseen.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = unseen.get(i);
    }
    values[7] = "marseille";
    values[8] = "shop-new";
    fresh.set(0, RowFactory.create(values));
    Dataset<Row> next = spark.createDataFrame(fresh, SCHEMA);
    List<Row> before = model.transform(next).orderBy("rowkey").collectAsList();
    List<Row> after = loaded.transform(next).orderBy("rowkey").collectAsList();
    // as text: a vector holding NaN (a missing value in features) is not equal to itself
    assertThat(after.stream().map(Row::toString).toList()).isEqualTo(before.stream().map(Row::toString).toList());
    Row first = after.get(0);
    Vector city = first.getAs("city__onehot");
    assertThat(city.apply(CITIES.length)).as("an unseen level takes the extra slot").isEqualTo(1.0);
    double mean = data.selectExpr("avg(label)").first().getDouble(0);
    assertThat(first.<Double>getAs("shop__target")).as("an unseen category gets the label's mean").isCloseTo(mean, within(1e-9));
  }

  @Test
  void targetEncodingNeedsATarget() {
    assertThatThrownBy(() -> new PipelinePlanner(ApplyOptions.defaults()).plan(SCHEMA, decisions()))
        .isInstanceOf(AuroraException.class).hasMessageContaining("--target");
  }

  @Test
  void aRecommendedColumnMissingFromTheInputIsBadInput() {
    StructType fewer = new StructType().add("amount", DataTypes.StringType);
    assertThatThrownBy(() -> new PipelinePlanner(ApplyOptions.defaults()).plan(fewer, decisions()))
        .isInstanceOf(AuroraException.class).hasMessageContaining("'delta'").hasMessageContaining("not in the input");
  }
}
