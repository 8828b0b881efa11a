package io.aurora.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.apply.ApplyJob;
import io.aurora.apply.ApplyOptions;
import io.aurora.apply.MlflowPipelineLog;
import io.aurora.apply.OutputFormat;
import io.aurora.apply.PlannedColumn;
import io.aurora.apply.PreparedDataset;
import io.aurora.config.ConfigKeys;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.metrics.JobMetrics;
import io.aurora.recommend.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code apply} command: builds a Spark ML pipeline from a dataset's recommendations and the
 * analysts' corrections, fits it on the input, writes the prepared dataset and the fitted
 * {@code PipelineModel} to the user's paths — or, with {@code --model}, transforms the input with a
 * pipeline fitted before. Writes nothing to AURORA's tables; logs the pipeline to MLflow only with
 * {@code --log-model}.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Apply a dataset's recommendations: write the transformed data and the fitted PipelineModel",
    footer = {"", "The prepared data and the fitted pipeline hold the dataset's values (category labels, statistics):",
        "they go only to --output and --pipeline-output, and to MLflow only with --log-model.",
        "Exit codes: 0 done, 2 bad usage or input, 4 MLflow unreachable (with --log-model), 1 other."})
public final class ApplyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  CommonOptions common;

  @Mixin
  InputOptions input;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where the prepared dataset goes (local, s3a://, hdfs://)")
  String output;

  @Option(names = "--output-format", paramLabel = "FMT", defaultValue = "delta", description = "delta (default) or parquet")
  String outputFormat;

  @Option(names = "--pipeline-output", paramLabel = "PATH", description = "Where the fitted PipelineModel goes (default: <output>_pipeline)")
  String pipelineOutput;

  @Option(names = "--model", paramLabel = "PATH", description = "Transform the input with this fitted PipelineModel instead of fitting one")
  String model;

  @Option(names = "--run", paramLabel = "ID", description = "Recommendations of this profile run (default: the latest recommended run)")
  String runId;

  @Option(names = "--only", paramLabel = "STATUS", description = "confident (default): apply confident recommendations and those an analyst reviewed")
  String only;

  @Option(names = "--include", paramLabel = "STATUS", description = "uncertain: apply uncertain recommendations nobody reviewed too")
  String include;

  @Option(names = "--target", paramLabel = "COLUMN", description = "The label column: never transformed; target encoding needs it")
  String target;

  @Option(names = "--folds", paramLabel = "K", defaultValue = "5", description = "Folds of the out-of-fold target encoding (default: 5)")
  int folds;

  @Option(names = "--smoothing", paramLabel = "M", defaultValue = "auto", description = "Target encoding's smoothing: auto (empirical Bayes) or a number of pseudo-rows")
  String smoothing;

  @Option(names = "--text-features", paramLabel = "N", defaultValue = "1024", description = "Width of a text column's hashed TF-IDF vector, a power of two (default: 1024)")
  int textFeatures;

  @Option(names = "--list-vocabulary", paramLabel = "N", defaultValue = "1000", description = "Most items a list column's multi-hot vector keeps (default: 1000)")
  int listVocabulary;

  @Option(names = "--overwrite", description = "Replace what is at --output and --pipeline-output")
  boolean overwrite;

  @Option(names = "--log-model", description = "Also log the fitted pipeline to MLflow (aurora.mlflow.tracking-uri); it holds the data's category labels and statistics")
  boolean logModel;

  @Option(names = "--mlflow-experiment", paramLabel = "NAME", defaultValue = "aurora-apply", description = "MLflow experiment of --log-model (default: aurora-apply)")
  String experiment;

  @Override
  public Integer call() throws Exception {
    ApplyOptions options = options();
    OutputFormat format = OutputFormat.parse(outputFormat);
    if (model != null && (logModel || runId != null || target != null || only != null || include != null)) {
      throw AuroraException.badInput("--model transforms with a pipeline fitted before: --run, --only, --include, --target"
          + " and --log-model belong to a run that fits one");
    }
    String dataset = ProfileCommand.datasetId(input);
    try (JobContext context = JobContext.open("apply", common, Map.of())) {
      context.metrics().dataset(dataset);
      return context.metered(() -> model != null ? transform(context, dataset, format) : fit(context, dataset, options, format));
    }
  }

  private ApplyOptions options() {
    if (only != null && include != null) {
      throw AuroraException.badInput("--only and --include exclude each other");
    }
    if (only != null && !only.trim().equalsIgnoreCase("confident")) {
      throw AuroraException.badInput("invalid --only '" + only + "': use confident");
    }
    if (include != null && !include.trim().equalsIgnoreCase("uncertain")) {
      throw AuroraException.badInput("invalid --include '" + include + "': use uncertain");
    }
    return new ApplyOptions(include != null, target, folds, smoothing, textFeatures, listVocabulary);
  }

  private int fit(JobContext context, String dataset, ApplyOptions options, OutputFormat format) {
    Configuration conf = context.spark().sparkContext().hadoopConfiguration();
    String pipeline = pipelineOutput != null ? pipelineOutput : trimSlash(output) + "_pipeline";
    if (trimSlash(pipeline).equals(trimSlash(output))) {
      throw AuroraException.badInput("--pipeline-output must differ from --output");
    }
    PreparedDataset.requireFree(conf, output, "output", overwrite);
    PreparedDataset.requireFree(conf, pipeline, "pipeline output", overwrite);
    Optional<MlflowPipelineLog> mlflow = Optional.empty();
    String experimentId = null;
    if (logModel) {
      String uri = context.config().find(ConfigKeys.MLFLOW_TRACKING_URI).orElseThrow(() -> AuroraException.badInput(
          "--log-model needs an MLflow tracking URI (aurora.mlflow.tracking-uri)"));
      mlflow = Optional.of(new MlflowPipelineLog(uri, context.config().find(ConfigKeys.MLFLOW_TOKEN)));
      // before any work: an unreachable MLflow fails the run with nothing written
      experimentId = mlflow.get().experiment(experiment);
    }
    try {
      ReadResult read = new DatasetReader(context.spark()).read(readOptions());
      long started = System.nanoTime();
      ApplyJob.Fitted fitted = new ApplyJob(context.store()).fit(context.tenant(), dataset, runId, read, options);
      context.metrics().set(BatchMetrics.PHASE_DURATION, JobMetrics.labels("phase", "fit"), (System.nanoTime() - started) / 1e9);
      BatchMetrics.applied(context.metrics(), fitted.plan().columns());
      started = System.nanoTime();
      save(fitted.model(), pipeline);
      PreparedDataset.write(fitted.prepared(), output, format, overwrite);
      context.metrics().set(BatchMetrics.PHASE_DURATION, JobMetrics.labels("phase", "write"), (System.nanoTime() - started) / 1e9);
      String mlflowRun = null;
      if (mlflow.isPresent()) {
        mlflowRun = mlflow.get().log(experimentId, "apply " + dataset, tags(context, dataset, fitted.run().runId()),
            params(fitted.plan().columns(), format), pipeline, conf);
      }
      Map<String, Object> summary = summary(context, dataset, fitted.run().runId(), fitted.rows(), read, format, pipeline, mlflowRun);
      summary.put("columns", columns(fitted.plan().columns()));
      print(context, summary, fitted.plan().columns());
      return 0;
    } finally {
      mlflow.ifPresent(MlflowPipelineLog::close);
    }
  }

  private int transform(JobContext context, String dataset, OutputFormat format) {
    Configuration conf = context.spark().sparkContext().hadoopConfiguration();
    PreparedDataset.requireFree(conf, output, "output", overwrite);
    PipelineModel fitted;
    try {
      fitted = PipelineModel.load(model);
    } catch (RuntimeException e) {
      throw AuroraException.badInput("cannot load a pipeline model from " + model + ": " + e.getClass().getSimpleName(), e);
    }
    ReadResult read = new DatasetReader(context.spark()).read(readOptions());
    Dataset<Row> rows = read.rows().persist(StorageLevel.MEMORY_AND_DISK());
    long count = rows.count();
    if (read.malformed().needsWholeFiles()) {
      rows.unpersist();
      read = read.wholeFiles();
      rows = read.rows().persist(StorageLevel.MEMORY_AND_DISK());
      count = rows.count();
    }
    long started = System.nanoTime();
    PreparedDataset.write(ApplyJob.transform(fitted, rows), output, format, overwrite);
    context.metrics().set(BatchMetrics.PHASE_DURATION, JobMetrics.labels("phase", "write"), (System.nanoTime() - started) / 1e9);
    Map<String, Object> summary = summary(context, dataset, null, count, read, format, model, null);
    print(context, summary, List.of());
    return 0;
  }

  /** The input read as profile reads it: a declared --schema names and types the columns here too. */
  private ReadOptions readOptions() {
    return input.readOptions();
  }

  private void save(PipelineModel fitted, String path) {
    try {
      if (overwrite) {
        fitted.write().overwrite().save(path);
      } else {
        fitted.write().save(path);
      }
    } catch (java.io.IOException e) {
      throw AuroraException.badInput("cannot save the pipeline model to " + path + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static Map<String, String> tags(JobContext context, String dataset, String recommendationsRun) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("aurora.job", "apply");
    tags.put("aurora.tenant", context.tenant());
    tags.put("aurora.dataset", dataset);
    tags.put("aurora.recommendations_run", recommendationsRun);
    return tags;
  }

  /** Parameters of the MLflow run: metadata only (how many columns got which action), never a count of rows. */
  private Map<String, String> params(List<PlannedColumn> columns, OutputFormat format) {
    Map<String, String> params = new TreeMap<>();
    for (PlannedColumn c : columns) {
      String key = "columns." + (c.action() == null ? "passed_through" : c.action().wireName());
      params.merge(key, "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
    }
    params.put("output_format", format.wireName());
    params.put("folds", Integer.toString(folds));
    params.put("smoothing", smoothing);
    params.put("text_features", Integer.toString(textFeatures));
    params.put("list_vocabulary", Integer.toString(listVocabulary));
    params.put("include_uncertain", Boolean.toString(include != null));
    return params;
  }

  private Map<String, Object> summary(JobContext context, String dataset, String recommendationsRun, long rows,
      ReadResult read, OutputFormat format, String pipeline, String mlflowRun) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", context.tenant());
    m.put("dataset", dataset);
    m.put("recommendations_run", recommendationsRun);
    m.put("rows", rows);
    m.put("rows_malformed", read.malformed().count());
    m.put("malformed_locations", read.malformed().firstLocations());
    m.put("output", output);
    m.put("output_format", format.wireName());
    m.put(model != null ? "model" : "pipeline", pipeline);
    if (mlflowRun != null) {
      m.put("mlflow_run", mlflowRun);
    }
    return m;
  }

  private static List<Map<String, Object>> columns(List<PlannedColumn> columns) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PlannedColumn c : columns) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("column", c.column());
      m.put("action", c.action() == null ? null : c.action().wireName());
      m.put("treatment", c.treatment());
      if (c.decision() != null) {
        m.put("recommended_action", c.decision().recommendedAction().wireName());
        m.put("origin", c.decision().origin().wireName());
        m.put("status", c.decision().status());
        m.put("imputation", c.decision().imputation().wireName());
        m.put("missing_indicator", c.decision().missingIndicator());
        m.put("recommendation_id", c.decision().recommendationId());
      }
      m.put("outputs", c.outputs());
      out.add(m);
    }
    return out;
  }

  private static void print(JobContext context, Map<String, Object> summary, List<PlannedColumn> columns) {
    if (context.json()) {
      try {
        context.out().println(JSON.writeValueAsString(summary));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot render the apply summary as JSON", e);
      }
      return;
    }
    var out = context.out();
    if (summary.get("recommendations_run") != null) {
      out.printf(Locale.ROOT, "apply: %s/%s, recommendations of run %s, %d rows read, %d malformed%n", summary.get("tenant"),
          summary.get("dataset"), summary.get("recommendations_run"), (Long) summary.get("rows"), (Long) summary.get("rows_malformed"));
    } else {
      out.printf(Locale.ROOT, "apply: %s/%s with the pipeline model %s, %d rows read, %d malformed%n", summary.get("tenant"),
          summary.get("dataset"), summary.get("model"), (Long) summary.get("rows"), (Long) summary.get("rows_malformed"));
    }
    int width = columns.stream().mapToInt(c -> c.column().length()).max().orElse(0);
    for (PlannedColumn c : columns) {
      String what;
      if (c.action() == null) {
        what = "passed through: " + c.treatment();
      } else {
        String origin = c.decision().origin() == io.aurora.apply.ColumnDecision.Origin.CORRECTED
            ? "corrected from " + c.decision().recommendedAction().wireName()
            : c.decision().origin() == io.aurora.apply.ColumnDecision.Origin.ACCEPTED ? "accepted" : c.decision().status();
        String imputation = c.decision().imputation() == io.aurora.recommend.Imputation.NONE || c.action() == Action.DROP
            ? "" : ", " + c.decision().imputation().wireName() + " imputation";
        what = c.action().wireName() + " (" + origin + imputation + ")"
            + (c.outputs().isEmpty() ? "" : " -> " + String.join(", ", c.outputs()));
      }
      out.printf(Locale.ROOT, "  %-" + Math.max(1, width) + "s  %s%n", c.column(), what);
    }
    out.println("prepared dataset: " + summary.get("output") + " (" + summary.get("output_format") + ")");
    if (summary.containsKey("pipeline")) {
      out.println("pipeline model: " + summary.get("pipeline"));
    }
    if (summary.containsKey("mlflow_run")) {
      out.println("logged to MLflow run " + summary.get("mlflow_run"));
    }
  }

  private static String trimSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
