package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Fits the λ of a Yeo-Johnson transformation per numeric column by maximum likelihood, as
 * scikit-learn's {@code PowerTransformer(method="yeo-johnson")} does, and (by default) the mean and
 * standard deviation of the transformed values to standardise them. Distributed and bounded in
 * passes: a coarse grid of λ in [−5, 5], a fine grid around its best point, a parabola through the
 * best fine point and its neighbours, then one pass for the moments — every grid point of every
 * column is one aggregate of the same scan. Missing values are ignored in fitting and stay missing.
 */
public final class YeoJohnson extends ColumnsEstimator<YeoJohnsonModel, YeoJohnson> implements DefaultParamsWritable {
  static final double LOW = -5;
  static final double HIGH = 5;
  private static final int POINTS = 21;

  private final BooleanParam standardize;

  public YeoJohnson() {
    this(Identifiable$.MODULE$.randomUID("yeoJohnson"));
  }

  public YeoJohnson(String uid) {
    super(uid, "numeric columns to transform", "double columns, one per input column");
    this.standardize = new BooleanParam(this, "standardize", "scale the transformed values to zero mean and unit variance");
    setDefault(standardize, true);
  }

  public BooleanParam standardize() {
    return standardize;
  }

  public YeoJohnson setStandardize(boolean value) {
    set(standardize, value);
    return this;
  }

  @Override
  public YeoJohnsonModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    int k = inputs.length;
    Dataset<Row> df = dataset.toDF();
    Column[] x = new Column[k];
    for (int i = 0; i < k; i++) {
      x[i] = StageSchemas.col(inputs[i]).cast("double");
    }
    // the Jacobian term and the count do not depend on λ: taken with the coarse grid
    double[][] coarse = grid(LOW, HIGH, k);
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      aggregates.add(count(x[i]));
      aggregates.add(sum(signum(x[i]).multiply(log1p(abs(x[i])))));
    }
    Row first = scan(df, x, coarse, aggregates);
    long[] n = new long[k];
    double[] jacobian = new double[k];
    for (int i = 0; i < k; i++) {
      n[i] = first.getLong(2 * i);
      jacobian[i] = first.isNullAt(2 * i + 1) ? 0 : first.getDouble(2 * i + 1);
    }
    double[] best = best(first, 2 * k, coarse, n, jacobian);
    double step = (HIGH - LOW) / (POINTS - 1);
    double[][] fine = new double[k][];
    for (int i = 0; i < k; i++) {
      fine[i] = points(best[i] - step, best[i] + step);
    }
    Row second = scan(df, x, fine, List.of());
    double[] lambdas = refine(second, fine, n, jacobian);

    double[] means = new double[k];
    double[] stds = new double[k];
    List<Column> moments = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Column y = YeoJohnsonMath.transform(x[i], lambdas[i]);
      moments.add(avg(y));
      moments.add(stddev_pop(y));
    }
    Row third = df.select(moments.toArray(Column[]::new)).first();
    for (int i = 0; i < k; i++) {
      means[i] = third.isNullAt(2 * i) ? 0 : third.getDouble(2 * i);
      double sd = third.isNullAt(2 * i + 1) ? 0 : third.getDouble(2 * i + 1);
      stds[i] = sd > 0 && Double.isFinite(sd) ? sd : 1;
    }
    YeoJohnsonModel model = new YeoJohnsonModel(uid()).setLambdas(lambdas).setMeans(means).setStds(stds);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /** One scan: {@code leading} aggregates, then the population variance of ψ at every point of every column's grid. */
  private static Row scan(Dataset<Row> df, Column[] x, double[][] lambdas, List<Column> leading) {
    List<Column> aggregates = new ArrayList<>(leading);
    for (int i = 0; i < x.length; i++) {
      for (double lambda : lambdas[i]) {
        aggregates.add(var_pop(YeoJohnsonMath.transform(x[i], lambda)));
      }
    }
    return df.select(aggregates.toArray(Column[]::new)).first();
  }

  private static double[] best(Row row, int offset, double[][] lambdas, long[] n, double[] jacobian) {
    double[] best = new double[lambdas.length];
    int at = offset;
    for (int i = 0; i < lambdas.length; i++) {
      double bestLl = Double.NEGATIVE_INFINITY;
      best[i] = 1;
      for (double lambda : lambdas[i]) {
        double variance = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
        at++;
        double ll = YeoJohnsonMath.logLikelihood(n[i], variance, jacobian[i], lambda);
        if (ll > bestLl) {
          bestLl = ll;
          best[i] = lambda;
        }
      }
    }
    return best;
  }

  /** The best fine point of each column, moved to the vertex of the parabola through it and its neighbours. */
  private static double[] refine(Row row, double[][] lambdas, long[] n, double[] jacobian) {
    double[] out = new double[lambdas.length];
    int at = 0;
    for (int i = 0; i < lambdas.length; i++) {
      double[] ll = new double[lambdas[i].length];
      int b = 0;
      for (int j = 0; j < ll.length; j++) {
        double variance = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
        at++;
        ll[j] = YeoJohnsonMath.logLikelihood(n[i], variance, jacobian[i], lambdas[i][j]);
        if (ll[j] > ll[b]) {
          b = j;
        }
      }
      out[i] = Double.isInfinite(ll[b]) ? 1 : lambdas[i][b];
      if (b > 0 && b < ll.length - 1 && Double.isFinite(ll[b - 1]) && Double.isFinite(ll[b + 1])) {
        double h = lambdas[i][1] - lambdas[i][0];
        double curvature = ll[b + 1] - 2 * ll[b] + ll[b - 1];
        if (curvature < 0) {
          double shift = 0.5 * h * (ll[b - 1] - ll[b + 1]) / curvature;
          out[i] = lambdas[i][b] + Math.max(-h, Math.min(h, shift));
        }
      }
    }
    return out;
  }

  private static double[][] grid(double low, double high, int columns) {
    double[][] g = new double[columns][];
    for (int i = 0; i < columns; i++) {
      g[i] = points(low, high);
    }
    return g;
  }

  private static double[] points(double low, double high) {
    double[] p = new double[POINTS];
    for (int j = 0; j < POINTS; j++) {
      p[j] = low + (high - low) * j / (POINTS - 1);
    }
    return p;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[] inputs = inputs();
    String[] outputs = outputs();
    StageSchemas.pairs("YeoJohnson", inputs, outputs);
    StructType out = schema;
    for (int i = 0; i < inputs.length; i++) {
      if (!(StageSchemas.require(schema, "YeoJohnson", inputs[i]).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("YeoJohnson: input column '" + inputs[i] + "' is not numeric");
      }
      out = StageSchemas.add(out, "YeoJohnson", outputs[i], DataTypes.DoubleType);
    }
    return out;
  }

  public static MLReader<YeoJohnson> read() {
    return new DefaultParamsReader<>();
  }

  public static YeoJohnson load(String path) {
    return read().load(path);
  }
}
