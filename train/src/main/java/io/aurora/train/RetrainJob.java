package io.aurora.train;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.model.ArtifactFiles;
import io.aurora.model.BuildInfo;
import io.aurora.model.ExpertModel;
import io.aurora.model.FolderModelRegistry;
import io.aurora.model.ModelArtifact;
import io.aurora.model.ModelFeatures;
import io.aurora.model.ModelRegistry;
import io.aurora.model.ModelVersion;
import io.aurora.model.ServingModel;
import io.aurora.model.TrainingRun;
import io.aurora.store.TableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code retrain} job (SPEC §6): gathers every label (feedback ⋈ fingerprints and the built-in
 * corpus), skips when too few new labels arrived since the champion was trained, splits by dataset
 * (holdout and validation never share a dataset with training; the split is a fixed hash of the
 * dataset and the seed, logged), fits the ensemble, evaluates it, the expert rules and the champion
 * (when there is one) on the same holdout, logs everything to the registry (MLflow or the folder),
 * registers the new version and moves the {@code champion} alias only when its holdout accuracy beats
 * both the expert rules and the champion by the margin and, on the corpus files of the holdout, is not
 * below the expert rules — otherwise the new version is the {@code challenger} and what served before
 * (the champion, or the expert rules) keeps serving.
 */
public final class RetrainJob {
  private static final Logger LOG = LogManager.getLogger(RetrainJob.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Tag holding the newest feedback label a version was trained on (epoch ms): labels after it are new. */
  public static final String WINDOW_END_MS = "aurora.training_window_end_ms";

  private final SparkSession spark;
  private final TableStore store;
  private final ModelRegistry registry;
  private final Supplier<Dataset<Row>> corpus;

  /** A retrain whose public labels are the built-in labelled corpus shipped in this jar. */
  public RetrainJob(SparkSession spark, TableStore store, ModelRegistry registry) {
    this(spark, store, registry, () -> new LabelledColumns(spark, store).corpus());
  }

  /**
   * A retrain whose public labels come from {@code corpus} (rows of {@link LabelledColumns#SCHEMA} with
   * {@code label_source} {@code corpus}, one {@code label_group} per labelled file), read only when a
   * request includes the corpus and something is trained.
   */
  public RetrainJob(SparkSession spark, TableStore store, ModelRegistry registry, Supplier<Dataset<Row>> corpus) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.corpus = requireNonNull(corpus, "corpus is null");
  }

  /** What to train. {@code feedbackTenants} is the tenant alone unless cross-tenant learning is configured. */
  public record Request(String tenant, List<String> feedbackTenants, String modelName, String experiment, int minNewLabels,
      double margin, double feedbackWeight, double holdoutShare, double validationShare, long seed, boolean force,
      boolean corpus, EnsembleTrainer.Params params) {
    public Request {
      Identifiers.require("tenant", tenant);
      feedbackTenants = List.copyOf(feedbackTenants);
      feedbackTenants.forEach(t -> Identifiers.require("tenant", t));
      requireNonNull(modelName, "modelName is null");
      requireNonNull(experiment, "experiment is null");
      requireNonNull(params, "params is null");
      // one line naming the value that is out of range (SPEC §2.1)
      List<String> wrong = new ArrayList<>();
      if (minNewLabels < 0) {
        wrong.add("min-new-labels " + minNewLabels + " must be ≥ 0");
      }
      if (!(margin >= 0 && margin < 1)) {
        wrong.add("margin " + margin + " must be in [0, 1)");
      }
      if (!(feedbackWeight > 0) || Double.isInfinite(feedbackWeight)) {
        wrong.add("feedback-weight " + feedbackWeight + " must be > 0");
      }
      if (!(holdoutShare > 0 && holdoutShare < 1)) {
        wrong.add("holdout " + holdoutShare + " must be in (0, 1)");
      }
      if (!(validationShare >= 0 && validationShare < 1)) {
        wrong.add("validation " + validationShare + " must be in [0, 1)");
      }
      if (wrong.isEmpty() && !(holdoutShare + validationShare < 1)) {
        wrong.add("holdout " + holdoutShare + " + validation " + validationShare + " must be < 1 (training needs datasets)");
      }
      if (!wrong.isEmpty()) {
        throw AuroraException.badInput("retrain: " + String.join("; ", wrong));
      }
    }
  }

  /**
   * What a retrain did: {@code promoted}, {@code challenger} or {@code skipped}, and why. {@code champion}
   * is the champion before the run (null: none, the expert rules served); {@code championEvaluation}
   * is null when there was none to evaluate; {@code corpusCandidate} and {@code corpusExpert} are the
   * candidate and the expert rules on the corpus files of the holdout (null: none there);
   * {@code lastTrainedMillis} is when the newest model was trained after this run (0: never).
   */
  public record Result(String decision, String reason, String runId, ModelVersion version, ModelVersion champion,
      Evaluation candidate, Evaluation expertEvaluation, Evaluation championEvaluation, Evaluation corpusCandidate,
      Evaluation corpusExpert, long newLabels,
      Map<String, Long> labels, List<String> holdoutGroups, double treesWeight, long lastTrainedMillis, double seconds) {
    /** The champion after this run, if any. */
    public Optional<ModelVersion> championAfter() {
      return decision.equals("promoted") ? Optional.of(version) : Optional.ofNullable(champion);
    }
  }

  public Result run(Request r) {
    long started = System.nanoTime();
    ModelVersion champion = registry.alias(r.modelName(), ModelRegistry.CHAMPION).orElse(null);
    List<ModelVersion> versions = registry.versions(r.modelName());
    // labels are new when they arrived after the newest trained version (champion or challenger)
    ModelVersion latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String runName = "retrain-" + r.tenant() + "-" + Instant.now().toString().replaceAll("[^0-9T]", "").substring(0, 15);
    Timestamp now = new Timestamp(System.currentTimeMillis());

    LabelledColumns source = new LabelledColumns(spark, store);
    Dataset<Row> feedback = source.feedback(r.feedbackTenants(), runName, now).persist();
    Dataset<Row> labelled = feedback;
    try {
      long since = latest == null ? 0 : Long.parseLong(latest.tags().getOrDefault(WINDOW_END_MS, "0"));
      Row window = feedback
          .agg(count(lit(1)), min("labelled_at"), max("labelled_at"),
              count(when(col("labelled_at").gt(lit(new Timestamp(since))), 1))).first();
      long feedbackLabels = window.getLong(0);
      long newLabels = window.getLong(3);
      Timestamp windowStart = window.isNullAt(1) ? null : window.getTimestamp(1);
      Timestamp windowEnd = window.isNullAt(2) ? null : window.getTimestamp(2);
      if (newLabels < r.minNewLabels() && !r.force()) {
        String why = String.format(Locale.ROOT, "%d new feedback labels since %s, fewer than %d "
            + "(aurora.retrain.min-new-labels); nothing trained", newLabels,
            latest == null ? "the start (no model trained yet)" : latest.label() + " was trained", r.minNewLabels());
        LOG.info("retrain tenant={} skipped: {}", r.tenant(), why);
        return new Result("skipped", why, null, null, champion, null, null, null, null, null, newLabels, Map.of("feedback", feedbackLabels),
            List.of(), Double.NaN, latest == null ? 0 : latest.createdAtMillis(), (System.nanoTime() - started) / 1e9);
      }
      // the corpus is read only when something is trained
      labelled = (r.corpus() ? feedback.unionByName(corpus.get()) : feedback).persist();

      // split by dataset: a fixed hash of (dataset, seed), so one dataset's columns stay on one side
      long bucket = 10_000;
      Dataset<Row> split = labelled.withColumn("split_bucket",
          pmod(xxhash64(col("label_group"), lit(r.seed())), lit(bucket)).divide((double) bucket));
      double h = r.holdoutShare();
      double v = h + r.validationShare();
      Dataset<Row> holdout = split.where(col("split_bucket").lt(h)).drop("split_bucket").persist();
      Dataset<Row> validationRows = split.where(col("split_bucket").geq(h).and(col("split_bucket").lt(v))).drop("split_bucket");
      Dataset<Row> trainingRows = split.where(col("split_bucket").geq(v)).drop("split_bucket");
      Map<String, Long> labels = labelCounts(split, h, v);
      List<String> holdoutGroups = holdout.select("label_group").distinct().orderBy("label_group").as(
          org.apache.spark.sql.Encoders.STRING()).collectAsList();

      Dataset<Row> trainingColumns = FeatureRows.columns(trainingRows);
      Dataset<Row> training = FeatureRows.training(trainingColumns, r.feedbackWeight()).persist();
      if (training.isEmpty()) {
        throw AuroraException.badInput("retrain for tenant '" + r.tenant() + "': no labels left for training after the holdout split");
      }
      Dataset<Row> validation = FeatureRows.columns(validationRows).persist();
      long fitStarted = System.nanoTime();
      EnsembleTrainer.Trained trained = new EnsembleTrainer(r.params()).fit(jsc, training, validation);
      double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;
      training.unpersist();
      validation.unpersist();

      Evaluation candidate = Evaluation.of(jsc, trained.model(), holdout);
      Evaluation expertEvaluation = Evaluation.of(jsc, new ExpertModel(), holdout);
      Optional<ServingModel> championModel = champion == null ? Optional.empty() : load(champion);
      Evaluation championEvaluation = championModel.map(m -> Evaluation.of(jsc, m, holdout)).orElse(null);
      // the public labelled files in the holdout: a candidate fitted to one tenant's datasets must not
      // lose there what the expert rules get right (a tenant's labels could outweigh them in the whole)
      Dataset<Row> corpusHoldout = holdout.where(col("label_source").equalTo(LabelSource.CORPUS.wireName()));
      Evaluation candidateOnCorpus = corpusHoldout.isEmpty() ? null : Evaluation.of(jsc, trained.model(), corpusHoldout);
      Evaluation expertOnCorpus = candidateOnCorpus == null ? null : Evaluation.of(jsc, new ExpertModel(), corpusHoldout);
      holdout.unpersist();

      // what serves today is the bar: the expert rules always, and the champion when there is one
      String bar = String.format(Locale.ROOT, "the expert rules' %.4f", expertEvaluation.accuracy());
      double barAccuracy = expertEvaluation.accuracy();
      if (championEvaluation != null) {
        bar += String.format(Locale.ROOT, " and %s's %.4f", champion.label(), championEvaluation.accuracy());
        barAccuracy = Math.max(barAccuracy, championEvaluation.accuracy());
      } else if (champion != null) {
        bar += " (" + champion.label() + " cannot be served by this version: not compared)";
      }
      String decision;
      String reason;
      if (candidate.columns() == 0) {
        decision = "challenger";
        reason = "the holdout is empty (too few datasets): the candidate cannot be compared with what serves";
      } else if (candidateOnCorpus != null && candidateOnCorpus.accuracy() < expertOnCorpus.accuracy()) {
        decision = "challenger";
        reason = String.format(Locale.ROOT, "holdout accuracy %.4f against %s, but on the public labelled files of the "
            + "holdout %.4f below the expert rules' %.4f (%d columns): %s", candidate.accuracy(), bar,
            candidateOnCorpus.accuracy(), expertOnCorpus.accuracy(), candidateOnCorpus.columns(),
            champion != null ? champion.label() + " stays champion" : "no champion, the expert rules keep serving");
      } else if (candidate.accuracy() >= barAccuracy + r.margin()) {
        decision = "promoted";
        reason = String.format(Locale.ROOT, "holdout accuracy %.4f beats %s by at least the margin %.3f (%d columns)",
            candidate.accuracy(), bar, r.margin(), candidate.columns());
        if (candidateOnCorpus != null) {
          reason += String.format(Locale.ROOT, "; on the public labelled files of the holdout %.4f, not below the expert "
              + "rules' %.4f (%d columns)", candidateOnCorpus.accuracy(), expertOnCorpus.accuracy(), candidateOnCorpus.columns());
        }
      } else {
        decision = "challenger";
        reason = String.format(Locale.ROOT, "holdout accuracy %.4f does not beat %s by the margin %.3f (%d columns): "
            + "%s", candidate.accuracy(), bar, r.margin(), candidate.columns(),
            champion != null ? champion.label() + " stays champion" : "no champion, the expert rules keep serving");
      }

      Map<String, String> versionTags = new LinkedHashMap<>();
      versionTags.put("aurora.model.kind", ModelArtifact.ENSEMBLE);
      versionTags.put("aurora.tenant", r.tenant());
      versionTags.put("aurora.feedback_tenants", String.join(",", r.feedbackTenants()));
      versionTags.put("aurora.git_commit", BuildInfo.gitCommit());
      versionTags.put("aurora.training_window_start", windowStart == null ? "" : windowStart.toInstant().toString());
      versionTags.put("aurora.training_window_end", windowEnd == null ? "" : windowEnd.toInstant().toString());
      versionTags.put(WINDOW_END_MS, Long.toString(windowEnd == null ? since : Math.max(since, windowEnd.getTime())));
      versionTags.put("aurora.built_in_corpus", Boolean.toString(r.corpus()));
      versionTags.put("aurora.decision", decision);

      Path tmp = Files.createTempDirectory("aurora-retrain");
      TrainingRun run = registry.startRun(r.experiment(), runName, Map.of("aurora.tenant", r.tenant(),
          "aurora.git_commit", BuildInfo.gitCommit(), "mlflow.source.name", "aurora retrain"));
      boolean ok = false;
      try {
        Map<String, String> params = new LinkedHashMap<>(r.params().asMap());
        params.put("holdout_share", Double.toString(r.holdoutShare()));
        params.put("validation_share", Double.toString(r.validationShare()));
        params.put("split", "by dataset: pmod(xxhash64(label_group, seed), 10000) / 10000");
        params.put("promotion_margin", Double.toString(r.margin()));
        params.put("min_new_labels", Integer.toString(r.minNewLabels()));
        params.put("feedback_weight", Double.toString(r.feedbackWeight()));
        params.put("feedback_tenants", String.join(",", r.feedbackTenants()));
        params.put("built_in_corpus", Boolean.toString(r.corpus()));
        params.put("champion_before", champion == null ? "none (expert rules)" : champion.label());
        params.put("features", Integer.toString(ModelFeatures.NAMES.size()));
        run.logParams(params);
        Map<String, Double> metrics = new TreeMap<>();
        metrics.putAll(candidate.metrics("holdout"));
        metrics.putAll(expertEvaluation.metrics("expert.holdout"));
        if (championEvaluation != null) {
          metrics.putAll(championEvaluation.metrics("champion.holdout"));
        }
        if (candidateOnCorpus != null) {
          metrics.putAll(candidateOnCorpus.metrics("corpus_holdout"));
          metrics.putAll(expertOnCorpus.metrics("expert.corpus_holdout"));
        }
        metrics.put("validation.accuracy", trained.validationAccuracy());
        metrics.put("ensemble.xgboost_weight", trained.treesWeight());
        trained.validationAccuracyByWeight().forEach((w, a) ->
            metrics.put(String.format(Locale.ROOT, "validation.accuracy.xgboost_weight_%.1f", w), a));
        labels.forEach((k, n) -> metrics.put("labels." + k, (double) n));
        metrics.put("labels.new_feedback", (double) newLabels);
        metrics.put("training_seconds", fitSeconds);
        run.logMetrics(metrics);
        run.setTags(Map.of("aurora.decision", decision, "aurora.decision_reason", reason));

        Path model = tmp.resolve("model");
        String staging = ArtifactFiles.child(store.root(), FolderModelRegistry.FOLDER + "/staging/" + run.id());
        ArtifactFiles files = new ArtifactFiles(spark.sparkContext().hadoopConfiguration());
        EnsembleTrainer.write(trained, model, staging, files);
        files.delete(staging);
        run.logArtifacts("model", model);
        run.logArtifact("features.txt", (String.join("\n", ModelFeatures.NAMES) + "\n").getBytes(StandardCharsets.UTF_8));
        run.logArtifact("label_counts.csv", labelCountsCsv(labels).getBytes(StandardCharsets.UTF_8));
        run.logArtifact("evaluation/holdout_datasets.csv",
            ("label_group\n" + String.join("\n", holdoutGroups) + "\n").getBytes(StandardCharsets.UTF_8));
        run.logArtifact("evaluation/confusion_matrix.csv", candidate.confusionCsv().getBytes(StandardCharsets.UTF_8));
        run.logArtifact("evaluation/expert_confusion_matrix.csv", expertEvaluation.confusionCsv().getBytes(StandardCharsets.UTF_8));
        if (championEvaluation != null) {
          run.logArtifact("evaluation/champion_confusion_matrix.csv",
              championEvaluation.confusionCsv().getBytes(StandardCharsets.UTF_8));
        }
        try {
          run.logArtifact("evaluation/confusion_matrix.png", ConfusionMatrixPicture.png(candidate.confusion(),
              "holdout confusion matrix, " + r.modelName() + " candidate"));
        } catch (RuntimeException | Error e) {
          // a driver without fonts or AWT: the CSV says the same
          LOG.warn("confusion matrix picture not drawn: {}", e.getClass().getSimpleName());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("decision", decision);
        summary.put("reason", reason);
        summary.put("candidate", candidate.metrics("holdout"));
        summary.put("expert_rules", expertEvaluation.metrics("holdout"));
        if (championEvaluation != null) {
          summary.put("champion", Map.of("version", champion.label(), "metrics", championEvaluation.metrics("holdout")));
        }
        run.logArtifact("evaluation/summary.json", JSON.writeValueAsBytes(summary));
        run.finish(true);
        ok = true;
      } finally {
        if (!ok) {
          run.finish(false);
        }
      }
      ModelVersion version = registry.register(r.modelName(), run, "model",
          "XGBoost + MLlib ensemble retrained for tenant " + r.tenant() + "; " + decision, versionTags);
      registry.setAlias(r.modelName(), decision.equals("promoted") ? ModelRegistry.CHAMPION : ModelRegistry.CHALLENGER,
          version.version());
      deleteQuietly(tmp);
      LOG.info("retrain tenant={} model={} decision={} candidate={} expert={} champion={}", r.tenant(), version.label(),
          decision, candidate, expertEvaluation, championEvaluation);
      return new Result(decision, reason, run.id(), version, champion, candidate, expertEvaluation, championEvaluation,
          candidateOnCorpus, expertOnCorpus, newLabels, labels, holdoutGroups, trained.treesWeight(), version.createdAtMillis(),
          (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      labelled.unpersist();
      feedback.unpersist();
    }
  }

  /** The champion as this version serves it; empty (with a warning) when it was made for other features. */
  private Optional<ServingModel> load(ModelVersion v) throws IOException {
    Path tmp = Files.createTempDirectory("aurora-champion-eval");
    try {
      return Optional.of(ModelArtifact.load(registry.download(v, tmp.resolve("model"))));
    } catch (IllegalStateException e) {
      LOG.warn("the champion {} cannot be evaluated ({}): the candidate is compared with the expert rules", v.label(),
          e.getMessage());
      return Optional.empty();
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static Map<String, Long> labelCounts(Dataset<Row> split, double h, double v) {
    Map<String, Long> out = new TreeMap<>();
    for (Row row : split.withColumn("part", when(col("split_bucket").lt(h), "holdout")
            .when(col("split_bucket").lt(v), "validation").otherwise("training"))
        .groupBy("label_source", "part").count().collectAsList()) {
      out.put(row.getString(0) + "." + row.getString(1), row.getLong(2));
      out.merge(row.getString(0), row.getLong(2), Long::sum);
    }
    return out;
  }

  private static String labelCountsCsv(Map<String, Long> labels) {
    StringBuilder sb = new StringBuilder("source,training,validation,holdout,total\n");
    List<String> sources = new ArrayList<>();
    for (LabelSource s : LabelSource.values()) {
      sources.add(s.wireName());
    }
    for (String s : sources) {
      sb.append(s).append(',').append(labels.getOrDefault(s + ".training", 0L)).append(',')
          .append(labels.getOrDefault(s + ".validation", 0L)).append(',').append(labels.getOrDefault(s + ".holdout", 0L))
          .append(',').append(labels.getOrDefault(s, 0L)).append('\n');
    }
    return sb.toString();
  }

  private static void deleteQuietly(Path p) {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
