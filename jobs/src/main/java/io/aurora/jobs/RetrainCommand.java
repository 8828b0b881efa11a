package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.model.ModelRegistries;
import io.aurora.model.ModelRegistry;
import io.aurora.store.Table;
import io.aurora.train.EnsembleTrainer;
import io.aurora.train.Evaluation;
import io.aurora.train.RetrainJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Encoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code retrain} command (SPEC §6): trains the tenant's recommender on every label AURORA has,
 * evaluates it against the expert rules and the champion on a holdout of datasets it never saw, logs
 * and registers it (MLflow, or the registry folder under the warehouse) and promotes it only when it
 * beats both.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Train the tenant's recommender (XGBoost + Spark MLlib ensemble) on its feedback and the built-in "
        + "labelled corpus, evaluate it on datasets it never saw, register it and promote it to champion only if it "
        + "beats the expert rules and the current champion (if any) on the same holdout by the margin and does not lose "
        + "to the expert rules on the corpus files of the holdout (else it becomes the challenger and the output says "
        + "why). Without a champion the expert rules serve.",
        "Skips (nothing trained) when fewer than --min-new-labels feedback labels arrived since the newest version was "
            + "trained. Model <aurora.model.name>-<tenant>; feedback of every tenant only with "
            + "aurora.learning.cross-tenant=true. Registry: MLflow when aurora.mlflow.tracking-uri is set, else "
            + "<warehouse>/_models.",
        "Output: the decision (promoted, challenger or skipped), the reason, and the candidate's, the expert rules' and "
            + "the champion's holdout figures; with --json one object (tenant, model, decision, reason, version, champion_before, "
            + "run_id, new_labels, labels, holdout, expert_holdout, champion_holdout, corpus_holdout, "
            + "expert_corpus_holdout, xgboost_weight, holdout_datasets, seconds).",
        "Exit codes: 0 promoted, challenger or skipped; 2 bad usage or bad input (an option out of range, no labels left "
            + "for training after the holdout split); 4 MLflow unreachable; 1 anything else. (3 and 5 do not occur: "
            + "retrain spends no privacy budget and has no quota.)"})
public final class RetrainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--min-new-labels", paramLabel = "N",
      description = "Skip unless at least N feedback labels arrived since the newest version was trained, N ≥ 0 (default: aurora.retrain.min-new-labels, 100)")
  Integer minNewLabels;

  @Option(names = "--force", description = "Train even when fewer than --min-new-labels new labels arrived")
  boolean force;

  @Option(names = "--margin", paramLabel = "M",
      description = "Holdout accuracy the candidate must gain over the expert rules and the champion to be promoted, 0 ≤ M < 1 (default: aurora.retrain.promotion-margin, 0.01)")
  Double margin;

  @Option(names = "--feedback-weight", paramLabel = "W",
      description = "Weight of one analyst's label against one built-in corpus label in training, W > 0 (default: aurora.retrain.feedback-weight, 4)")
  Double feedbackWeight;

  @Option(names = "--holdout", paramLabel = "SHARE", defaultValue = "0.2",
      description = "Share of datasets held out for evaluation, 0 < SHARE and holdout + validation < 1 (default: ${DEFAULT-VALUE})")
  double holdout;

  @Option(names = "--validation", paramLabel = "SHARE", defaultValue = "0.15",
      description = "Share of datasets that choose the soft-voting weights, 0 ≤ SHARE (0: an even vote) (default: ${DEFAULT-VALUE})")
  double validation;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "17",
      description = "Seed of the dataset split and of XGBoost; the same seed keeps the same holdout (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "120", description = "XGBoost boosting rounds, N ≥ 1 (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--max-depth", paramLabel = "D", defaultValue = "5", description = "XGBoost tree depth, D ≥ 1 (default: ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--no-corpus", description = "Train and evaluate on feedback only, without the built-in labelled corpus (no corpus check on promotion)")
  boolean noCorpus;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    if (minNewLabels != null) {
      flags.put(ConfigKeys.RETRAIN_MIN_NEW_LABELS.name(), Integer.toString(minNewLabels));
    }
    if (margin != null) {
      flags.put(ConfigKeys.RETRAIN_MARGIN.name(), Double.toString(margin));
    }
    if (feedbackWeight != null) {
      flags.put(ConfigKeys.RETRAIN_FEEDBACK_WEIGHT.name(), Double.toString(feedbackWeight));
    }
    try (JobContext ctx = JobContext.open("retrain", common, flags)) {
      return ctx.metered(() -> retrain(ctx));
    }
  }

  private int retrain(JobContext ctx) {
    String tenant = ctx.tenant();
    List<String> tenants = ctx.config().getBoolean(ConfigKeys.CROSS_TENANT_MODEL) ? feedbackTenants(ctx) : List.of(tenant);
    if (!tenants.contains(tenant)) {
      tenants = new ArrayList<>(tenants);
      tenants.add(tenant);
    }
    int workers = Math.max(1, Math.min(4, ctx.spark().sparkContext().defaultParallelism()));
    RetrainJob.Request request = new RetrainJob.Request(tenant, tenants, ModelRegistries.modelName(ctx.config(), tenant),
        ModelRegistries.experiment(ctx.config(), tenant), ctx.config().getInt(ConfigKeys.RETRAIN_MIN_NEW_LABELS),
        ctx.config().getDouble(ConfigKeys.RETRAIN_MARGIN), ctx.config().getDouble(ConfigKeys.RETRAIN_FEEDBACK_WEIGHT),
        holdout, validation, seed, force, !noCorpus,
        new EnsembleTrainer.Params(rounds, depth, 0.1, 1.0, 0.01, 200, seed, workers));
    RetrainJob.Result r;
    try (ModelRegistry registry = ModelRegistries.from(ctx.config(), ctx.spark().sparkContext().hadoopConfiguration())) {
      r = new RetrainJob(ctx.spark(), ctx.store(), registry).run(request);
    }
    BatchMetrics.model(ctx.metrics(),
        r.championAfter().map(v -> java.util.OptionalLong.of(Long.parseLong(v.version()))).orElse(java.util.OptionalLong.empty()),
        r.candidate() == null ? Map.of() : holdoutMetrics(r.candidate()),
        r.lastTrainedMillis() == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(r.lastTrainedMillis() / 1000.0),
        r.decision().equals("skipped"));
    print(ctx, request, r);
    return 0;
  }

  /** Every tenant with feedback: only with aurora.learning.cross-tenant=true. */
  private static List<String> feedbackTenants(JobContext ctx) {
    if (!ctx.store().exists(Table.FEEDBACK)) {
      return List.of();
    }
    return ctx.spark().read().format("delta").load(ctx.store().location(Table.FEEDBACK)).select("tenant").distinct()
        .orderBy("tenant").as(Encoders.STRING()).collectAsList();
  }

  private static void print(JobContext ctx, RetrainJob.Request request, RetrainJob.Result r) {
    if (ctx.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tenant", request.tenant());
      out.put("model", request.modelName());
      out.put("decision", r.decision());
      out.put("reason", r.reason());
      out.put("version", r.version() == null ? null : r.version().version());
      out.put("champion_before", r.champion() == null ? null : r.champion().version());
      out.put("run_id", r.runId());
      out.put("new_labels", r.newLabels());
      out.put("labels", r.labels());
      if (r.candidate() != null) {
        out.put("holdout", summary(r.candidate()));
        out.put("expert_holdout", summary(r.expertEvaluation()));
        out.put("champion_holdout", r.championEvaluation() == null ? null : summary(r.championEvaluation()));
        out.put("corpus_holdout", r.corpusCandidate() == null ? null : summary(r.corpusCandidate()));
        out.put("expert_corpus_holdout", r.corpusExpert() == null ? null : summary(r.corpusExpert()));
        out.put("xgboost_weight", r.treesWeight());
        out.put("holdout_datasets", r.holdoutGroups().size());
      }
      out.put("seconds", Math.round(r.seconds() * 10) / 10.0);
      ctx.out().println(LearningJobs.json(out));
      return;
    }
    ctx.out().printf(Locale.ROOT, "retrain for tenant %s: %s%s%n", request.tenant(), r.decision(),
        r.version() == null ? "" : " " + r.version().label());
    ctx.out().println("  " + r.reason());
    if (r.candidate() != null) {
      ctx.out().println("  candidate on the holdout: " + r.candidate());
      ctx.out().println("  expert rules on the holdout: " + r.expertEvaluation());
      if (r.championEvaluation() != null) {
        ctx.out().println("  champion  on the holdout: " + r.championEvaluation());
      }
      if (r.corpusCandidate() != null) {
        ctx.out().println("  candidate on the corpus files of the holdout: " + r.corpusCandidate());
        ctx.out().println("  expert rules on the corpus files of the holdout: " + r.corpusExpert());
      }
      ctx.out().printf(Locale.ROOT, "  labels: %s; xgboost weight in the vote %.1f; %.0f s%n", r.labels(), r.treesWeight(), r.seconds());
    }
  }

  /** The candidate's holdout figures as the model's metrics (accuracy, macro_f1, ece). */
  private static Map<String, Double> holdoutMetrics(Evaluation e) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", e.accuracy());
    m.put("macro_f1", e.macroF1());
    m.put("ece", e.ece());
    return m;
  }

  private static Map<String, Object> summary(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", e.columns());
    m.put("accuracy", e.accuracy());
    m.put("macro_f1", e.macroF1());
    m.put("ece", e.ece());
    return m;
  }
}
