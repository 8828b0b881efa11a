package io.aurora.bench.model;

import io.aurora.config.AuroraConfigLoader;
import io.aurora.spark.SparkSessions;
import io.aurora.train.EnsembleTrainer;
import io.aurora.train.FeatureRows;
import io.aurora.train.LabelledColumns;
import io.aurora.train.LabelSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Retrain time against the number of labels: labelled fingerprints are generated on the executors
 * (a house-style domain, 20 columns per dataset), then the retrain's training step runs as
 * {@code retrain} runs it — features on the executors, the XGBoost + MLlib fit with the default
 * hyper-parameters, the soft-voting weight chosen on a validation split of 15 % of the datasets —
 * and is timed, every size in one process, side by side.
 * Usage: {@code RetrainScaleBench [labels...]} (default 10000 100000 1000000).
 */
public final class RetrainScaleBench {
  private RetrainScaleBench() {}

  public static void main(String[] args) {
    List<Long> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Long.parseLong(a));
    }
    if (sizes.isEmpty()) {
      sizes.addAll(List.of(10_000L, 100_000L, 1_000_000L));
    }
    SparkSession spark = SparkSessions.create("aurora-retrain-scale",
        AuroraConfigLoader.load(Map.of("aurora.spark.master", "local[*]"), List.of(), Map.of(), Map.of(), null));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = Math.max(1, Math.min(4, spark.sparkContext().defaultParallelism()));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%10s %12s %12s %12s %10s %8s%n", "labels", "features s", "fit s", "total s",
        "labels/s", "ratio"));
    double first = Double.NaN;
    long firstSize = 0;
    for (long n : sizes) {
      Dataset<Row> labelled = generate(spark, n).persist();
      labelled.count();
      long t0 = System.nanoTime();
      Dataset<Row> columns = FeatureRows.columns(labelled).persist();
      columns.count();
      double featureSeconds = (System.nanoTime() - t0) / 1e9;
      Dataset<Row> hashed = columns.withColumn("b", functions.pmod(functions.xxhash64(functions.col("label_group")), functions.lit(100)));
      Dataset<Row> training = FeatureRows.training(hashed.where("b >= 15").drop("b"), 4.0);
      Dataset<Row> validation = hashed.where("b < 15").drop("b");
      long t1 = System.nanoTime();
      EnsembleTrainer.Trained t = new EnsembleTrainer(EnsembleTrainer.Params.defaults(17, workers)).fit(jsc, training, validation);
      double fitSeconds = (System.nanoTime() - t1) / 1e9;
      double total = featureSeconds + fitSeconds;
      if (Double.isNaN(first)) {
        first = total;
        firstSize = n;
      }
      out.append(String.format(Locale.ROOT, "%10d %12.1f %12.1f %12.1f %10.0f %8.2f   (xgboost weight %.1f, validation accuracy %.3f)%n",
          n, featureSeconds, fitSeconds, total, n / total, total / first, t.treesWeight(), t.validationAccuracy()));
      System.out.print(out);
      out.setLength(0);
      columns.unpersist();
      labelled.unpersist();
    }
    System.out.printf(Locale.ROOT, "ratio: total time against the %d-label run; %d workers, local[*] with %d cores%n", firstSize,
        workers, Runtime.getRuntime().availableProcessors());
    spark.stop();
  }

  /** {@code n} labelled columns of a generated domain, 20 per dataset, generated on the executors. */
  static Dataset<Row> generate(SparkSession spark, long n) {
    int partitions = Math.max(2, (int) Math.min(64, n / 50_000));
    MapPartitionsFunction<Long, Row> gen = (Iterator<Long> it) -> {
      List<Row> out = new ArrayList<>();
      if (!it.hasNext()) {
        return out.iterator();
      }
      long first = it.next();
      long count = 1;
      while (it.hasNext()) {
        it.next();
        count++;
      }
      HouseStyleDomain domain = new HouseStyleDomain("bench", first);
      for (long i = 0; i < count; i += 20) {
        String dataset = "ds" + (first + i) / 20;
        for (HouseStyleDomain.Column c : domain.dataset(dataset, (int) Math.min(20, count - i))) {
          Row f = c.fingerprint().toRow();
          Object[] v = new Object[f.size() + 4];
          for (int k = 0; k < f.size(); k++) {
            Object x = f.get(k);
            v[k] = x instanceof java.util.List<?> l ? scala.collection.JavaConverters.asScalaBufferConverter(l).asScala().toSeq()
                : x instanceof java.util.Map<?, ?> m ? scala.collection.JavaConverters.mapAsScalaMapConverter(m).asScala() : x;
          }
          v[f.size()] = LabelSource.CORRECTION.wireName();
          v[f.size() + 1] = scala.collection.JavaConverters.asScalaBufferConverter(List.of(c.house().wireName())).asScala().toSeq();
          v[f.size() + 2] = "bench/" + dataset;
          v[f.size() + 3] = null;
          out.add(RowFactory.create(v));
        }
      }
      return out.iterator();
    };
    return spark.range(0, n, 1, partitions).as(Encoders.LONG()).mapPartitions(gen, Encoders.row(LabelledColumns.SCHEMA));
  }
}
