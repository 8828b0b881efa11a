package io.aurora.apply;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.ingest.ReadResult;
import io.aurora.store.TableStore;
import java.util.Arrays;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Applies a dataset's decisions to its data: plans the pipeline, fits it on the input and transforms
 * the input (target encoding out of fold), or transforms an input with a pipeline fitted before.
 * Reads AURORA's tables (recommendations, feedback, fingerprints) and writes none of them: the
 * prepared data and the fitted pipeline hold the dataset's values and go only where the user says.
 * Logs counts and actions, never a value.
 */
public final class ApplyJob {
  private static final Logger LOG = LogManager.getLogger(ApplyJob.class);

  private final TableStore store;

  public ApplyJob(TableStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** A fitted pipeline, what it was planned from, and the prepared input (a plan, not yet computed). */
  public record Fitted(ColumnDecisions.DecidedRun run, PlannedPipeline plan, PipelineModel model, Dataset<Row> prepared,
      long rows) {
    public Fitted {
      requireNonNull(run, "run is null");
      requireNonNull(plan, "plan is null");
      requireNonNull(model, "model is null");
      requireNonNull(prepared, "prepared is null");
    }
  }

  /** Plans and fits the pipeline of {@code dataset}'s run {@code runId} (null: latest) on {@code input}. */
  public Fitted fit(String tenant, String dataset, String runId, ReadResult input, ApplyOptions options) {
    ColumnDecisions.DecidedRun run = new ColumnDecisions(store).forRun(tenant, dataset, runId);
    PlannedPipeline plan = new PipelinePlanner(options).plan(input.rows().schema(), run.decisions());
    LOG.info("apply: tenant {} dataset {} run {}: {} columns, {} stages planned", tenant, dataset, run.runId(),
        plan.columns().size(), plan.pipeline().getStages().length);
    ReadResult read = input;
    Dataset<Row> rows = cached(read);
    PipelineModel model = fit(plan, rows, options);
    if (read.malformed().needsWholeFiles()) {
      // a quoted line break crossed a byte range of a file read in parallel: those rows were not the
      // file's; read every file whole and fit again (rare by design, logged)
      LOG.warn("apply: a quoted line break crosses a split of the input; reading every file whole and fitting again");
      rows.unpersist();
      read = read.wholeFiles();
      rows = cached(read);
      model = fit(plan, rows, options);
    }
    long count = rows.count();
    Dataset<Row> prepared = model.transform(withFolds(plan, rows, options));
    return new Fitted(run, plan, model, prepared, count);
  }

  /** {@code input} transformed by {@code model}; exit 2 when the input lacks what the model reads. */
  public static Dataset<Row> transform(PipelineModel model, Dataset<Row> input) {
    try {
      model.transformSchema(input.schema());
    } catch (Exception e) {
      // IllegalArgumentException from a stage, AnalysisException from a SQL stage: both name columns and types only
      if (e instanceof IllegalArgumentException || e instanceof org.apache.spark.sql.AnalysisException) {
        throw AuroraException.badInput("the input does not fit the pipeline model: " + firstLine(e.getMessage()), e);
      }
      throw e;
    }
    return model.transform(input);
  }

  private static PipelineModel fit(PlannedPipeline plan, Dataset<Row> rows, ApplyOptions options) {
    try {
      return plan.pipeline().fit(withFolds(plan, rows, options));
    } catch (IllegalArgumentException e) {
      throw AuroraException.badInput("the pipeline cannot be fitted on the input: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * The rows with their fold when the plan target-encodes: a hash of the whole row, so a row keeps its
   * fold however often the input is read, and equal rows share one.
   */
  static Dataset<Row> withFolds(PlannedPipeline plan, Dataset<Row> rows, ApplyOptions options) {
    if (plan.foldColumn().isEmpty()) {
      return rows;
    }
    Column[] all = Arrays.stream(rows.columns()).map(c -> rows.col("`" + c.replace("`", "``") + "`")).toArray(Column[]::new);
    return rows.withColumn(plan.foldColumn().get(), functions.pmod(functions.xxhash64(all), functions.lit(options.folds())).cast("int"));
  }

  private static Dataset<Row> cached(ReadResult read) {
    // the fit reads the input once per kind of stage and the write once more
    return read.rows().persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
