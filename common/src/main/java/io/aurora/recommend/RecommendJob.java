package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The recommend job: reads the fingerprints of one profile run of a dataset (the latest by
 * {@code created_at}, or a given run), recommends per column with the {@link RecommendationCombiner}
 * (per partition, on the executors) and commits the {@code recommendations} rows of that run
 * atomically (re-running replaces them; ids are deterministic). Publishing the committed rows (Redis)
 * is the jobs layer's next step, so this package does not depend on {@code io.aurora.publish}.
 * {@code run} (profile + recommend) calls {@link #recommendRun} right after profiling.
 */
public final class RecommendJob {
  private static final Logger LOG = LogManager.getLogger(RecommendJob.class);
  /** The runs table's status of a profile run whose fingerprints are all committed (ProfileRun.COMPLETED). */
  private static final String COMPLETED = "completed";

  private final TableStore store;
  private final RecommendationCombiner combiner;

  public RecommendJob(TableStore store, RecommendationCombiner combiner) {
    this.store = requireNonNull(store, "store is null");
    this.combiner = requireNonNull(combiner, "combiner is null");
  }

  /**
   * The job as {@code recommend} and {@code run} build it from configuration: {@code stronger}
   * sources (learned rules, model; may be empty) before the shipped expert rules and the status
   * threshold {@code aurora.recommend.uncertain-below}.
   */
  public static RecommendJob fromConfig(TableStore store, io.aurora.config.AuroraConfig config,
      List<RecommendationSource> stronger, java.util.function.Function<Fingerprint, String> patternKey) {
    List<RecommendationSource> sources = new ArrayList<>(stronger);
    sources.add(ExpertRules.shipped());
    RecommendationCombiner combiner = new RecommendationCombiner(sources,
        config.getDouble(io.aurora.config.ConfigKeys.UNCERTAIN_BELOW), patternKey);
    return new RecommendJob(store, combiner);
  }

  /** What one recommend run committed: the run and its recommendations in column order. */
  public record Result(String runId, List<Recommendation> recommendations) {
    public Result {
      requireNonNull(runId, "runId is null");
      recommendations = List.copyOf(recommendations);
    }
  }

  /**
   * Recommends for {@code dataset}'s profile run {@code runId} (null: the latest run) and commits the
   * result. Unknown dataset or run id: bad input (exit 2) naming it.
   */
  public Result recommendRun(String tenant, String dataset, String runId) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("dataset", dataset);
    // only runs that completed: a run whose job died while committing is not published (docs/reliability.md)
    Dataset<Row> fingerprints = store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant).where(functions.col("dataset").equalTo(dataset));
    Dataset<Row> completed = completedRuns(tenant, dataset);
    Dataset<Row> all = fingerprints.join(completed, fingerprints.col("run_id").equalTo(completed.col("run_id")), "left_semi");
    String run = runId == null ? latestRun(all, tenant, dataset) : requireRun(all, dataset, runId);
    return recommendFingerprints(tenant, dataset, run, all.where(functions.col("run_id").equalTo(run)));
  }

  /**
   * Recommends for the fingerprint rows of one run given directly (e.g. by {@code run} right after
   * profiling, without reading them back) and commits them.
   */
  public Result recommendFingerprints(String tenant, String dataset, String run, Dataset<Row> fingerprints) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("dataset", dataset);
    Identifiers.require("run id", run);
    Timestamp now = new Timestamp(System.currentTimeMillis());
    Dataset<Row> rows = recommend(fingerprints, combiner, now).cache();
    try {
      store.commitRun(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant, run, rows);
      List<Recommendation> recommendations = new ArrayList<>();
      // one row per column of one dataset: small enough for the driver (printing, then publishing)
      for (Row r : rows.collectAsList()) {
        recommendations.add(Recommendation.fromRow(r));
      }
      recommendations.sort(Comparator.comparingInt(Recommendation::columnIndex));
      LOG.info("recommend tenant={} dataset={} run={} columns={} uncertain={}", tenant, dataset, run,
          recommendations.size(), recommendations.stream().filter(r -> r.status().equals(Recommendation.UNCERTAIN)).count());
      return new Result(run, recommendations);
    } finally {
      rows.unpersist();
    }
  }

  /**
   * Recommendations (rows of {@link Recommendation#SCHEMA}) for a frame of fingerprint rows, one
   * combiner per partition; nothing is collected.
   */
  public static Dataset<Row> recommend(Dataset<Row> fingerprints, RecommendationCombiner combiner, Timestamp createdAt) {
    requireNonNull(combiner, "combiner is null");
    MapPartitionsFunction<Row, Row> perPartition = (Iterator<Row> it) -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        return encodable(combiner.recommend(Fingerprint.fromRow(it.next()), createdAt).toRow());
      }
    };
    return fingerprints.mapPartitions(perPartition, Encoders.row(Recommendation.SCHEMA));
  }

  /**
   * The row with Java lists and maps (as {@code toRow()} of the value types builds them) turned into
   * the Scala collections Spark's row encoder expects inside {@code mapPartitions}.
   */
  public static Row encodable(Row row) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      Object v = row.get(i);
      if (v instanceof java.util.List<?> list) {
        v = scala.collection.JavaConverters.asScalaBufferConverter(list).asScala().toSeq();
      } else if (v instanceof java.util.Map<?, ?> map) {
        v = scala.collection.JavaConverters.mapAsScalaMapConverter(map).asScala();
      }
      values[i] = v;
    }
    return org.apache.spark.sql.RowFactory.create(values);
  }

  /** Run ids of the dataset's completed profile runs (the runs table's status; an empty frame when there is none). */
  private Dataset<Row> completedRuns(String tenant, String dataset) {
    StructType ids = new StructType().add("run_id", DataTypes.StringType).add("dataset", DataTypes.StringType).add("status", DataTypes.StringType);
    return store.read(Table.RUNS, ids, tenant)
        .where(functions.col("dataset").equalTo(dataset).and(functions.col("status").equalTo(COMPLETED)))
        .select("run_id");
  }

  private static String latestRun(Dataset<Row> fingerprints, String tenant, String dataset) {
    List<Row> latest = fingerprints.groupBy("run_id").agg(functions.max("created_at").as("at"))
        .orderBy(functions.col("at").desc(), functions.col("run_id").desc()).limit(1).collectAsList();
    if (latest.isEmpty()) {
      throw AuroraException.badInput("unknown dataset '" + dataset + "' for tenant '" + tenant + "': no profile run found");
    }
    return latest.get(0).getString(0);
  }

  private static String requireRun(Dataset<Row> fingerprints, String dataset, String runId) {
    Identifiers.require("run id", runId);
    if (fingerprints.where(functions.col("run_id").equalTo(runId)).limit(1).count() == 0) {
      if (fingerprints.limit(1).count() == 0) {
        throw AuroraException.badInput("unknown dataset '" + dataset + "': no profile run found");
      }
      throw AuroraException.badInput("unknown run id '" + runId + "' for dataset '" + dataset + "'");
    }
    return runId;
  }
}
