package io.aurora.bench.model;

import io.aurora.config.AuroraConfigLoader;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.learn.LearningTables;
import io.aurora.model.ExpertModel;
import io.aurora.model.FolderModelRegistry;
import io.aurora.model.ModelArtifact;
import io.aurora.model.ModelRegistry;
import io.aurora.model.ModelVersion;
import io.aurora.model.ServingModel;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.RecommendJob;
import io.aurora.recommend.Source;
import io.aurora.spark.SparkSessions;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.train.EnsembleTrainer;
import io.aurora.train.Evaluation;
import io.aurora.train.LabelledColumns;
import io.aurora.train.LabelSource;
import io.aurora.train.RetrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Accuracy on a held-out domain before and after corrections arrive, expert rules against the
 * champion, and on the built-in corpus' held-out files (which a retrained model must not make
 * worse). The domain is a generated tenant whose house style differs from the textbook (ids,
 * money, balances, ages, zip codes, free text); its holdout datasets are never judged. An analyst
 * works through new datasets of the domain as AURORA recommends them (the current champion),
 * accepting what is right and correcting the rest; after 50 and after 200 corrections the real
 * {@code retrain} runs (folder registry, built-in corpus included, default margin) and the champion
 * it leaves is measured; a version that was not promoted is measured too, marked as not served.
 * Usage: {@code HeldOutDomainBench [holdoutColumns=1000] [columnsPerDataset=20] [seed=7]}.
 */
public final class HeldOutDomainBench {
  private HeldOutDomainBench() {}

  public static void main(String[] args) throws Exception {
    int holdoutColumns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perDataset = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
    Path warehouse = Files.createTempDirectory("aurora-heldout-domain");
    SparkSession spark = SparkSessions.create("aurora-heldout-domain",
        AuroraConfigLoader.load(Map.of("aurora.spark.master", "local[*]"), List.of(), Map.of(), Map.of(), null));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    DeltaTableStore store = new DeltaTableStore(spark, warehouse.toString());
    String tenant = "bench";
    String name = "aurora-recommender-" + tenant;
    HouseStyleDomain domain = new HouseStyleDomain(tenant, seed);
    Dataset<Row> domainHoldout = labelled(spark, domain.dataset("heldout", holdoutColumns), "heldout").cache();
    ServingModel expert = new ExpertModel();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-28s %11s %9s | %-33s | %-33s%n", "stage", "corrections", "verdicts",
        "held-out domain: expert  champion", "corpus held-out files: expert  champion"));
    try (ModelRegistry registry = new FolderModelRegistry(warehouse.toString(), spark.sparkContext().hadoopConfiguration())) {
      Optional<ModelVersion> champion = registry.alias(name, ModelRegistry.CHAMPION);
      Dataset<Row> corpusHoldout = corpusHoldout(spark, store, registry, name);
      row(out, "cold start (" + label(champion) + ")", 0, 0, jsc, expert, served(registry, champion), domainHoldout,
          corpusHoldout);
      System.out.print(out);
      out.setLength(0);
      int corrections = 0;
      int verdicts = 0;
      int round = 0;
      for (int target : new int[] {50, 200}) {
        while (corrections < target) {
          round++;
          ServingModel served = served(registry, champion);
          List<HouseStyleDomain.Column> dataset = domain.dataset("ds" + round, perDataset);
          int[] judged = judge(spark, store, tenant, dataset, served, new Timestamp(1_700_000_000_000L + round * 60_000L),
              target - corrections);
          corrections += judged[0];
          verdicts += judged[1];
        }
        RetrainJob.Result r = new RetrainJob(spark, store, registry).run(new RetrainJob.Request(tenant, List.of(tenant), name, name,
            0, 0.01, 4.0, 0.2, 0.15, 17, true, true, EnsembleTrainer.Params.defaults(17,
                Math.max(1, Math.min(4, spark.sparkContext().defaultParallelism())))));
        champion = registry.alias(name, ModelRegistry.CHAMPION);
        row(out, "after " + target + " corrections (" + label(champion) + ", " + r.decision() + ")", corrections, verdicts, jsc,
            expert, served(registry, champion), domainHoldout, corpusHoldout);
        if (!r.decision().equals("promoted")) {
          // what the version that was not promoted would have given, had it served
          row(out, "  challenger " + r.version().label() + " (not served)", corrections, verdicts, jsc, expert,
              load(registry, r.version()), domainHoldout, corpusHoldout);
        }
        out.append(String.format(Locale.ROOT, "    retrain holdout: candidate %s; expert rules %s; previous champion %s%n",
            r.candidate(), r.expertEvaluation(), r.championEvaluation()));
        out.append(String.format(Locale.ROOT, "    corpus files of the retrain holdout: candidate %s; expert rules %s%n",
            r.corpusCandidate(), r.corpusExpert()));
        out.append("    decision: ").append(r.reason()).append(System.lineSeparator());
        System.out.print(out);
        out.setLength(0);
      }
    }
    spark.stop();
  }

  private static void row(StringBuilder out, String stage, int corrections, int verdicts, JavaSparkContext jsc,
      ServingModel expert, ServingModel champion, Dataset<Row> domain, Dataset<Row> corpus) {
    Evaluation de = Evaluation.of(jsc, expert, domain);
    Evaluation dc = Evaluation.of(jsc, champion, domain);
    Evaluation ce = Evaluation.of(jsc, expert, corpus);
    Evaluation cc = Evaluation.of(jsc, champion, corpus);
    out.append(String.format(Locale.ROOT, "%-28s %11d %9d | %16.1f%% %8.1f%%       | %21.1f%% %8.1f%%   (%d domain, %d corpus columns)%n",
        stage, corrections, verdicts, 100 * de.accuracy(), 100 * dc.accuracy(), 100 * ce.accuracy(), 100 * cc.accuracy(),
        de.columns(), ce.columns()));
  }

  private static String label(Optional<ModelVersion> champion) {
    return champion.map(ModelVersion::label).orElse("no champion: expert rules");
  }

  /** What recommend serves: the champion, or the expert rules without one. */
  private static ServingModel served(ModelRegistry registry, Optional<ModelVersion> champion) throws Exception {
    return champion.isPresent() ? load(registry, champion.get()) : new ExpertModel();
  }

  private static ServingModel load(ModelRegistry registry, ModelVersion v) throws Exception {
    Path tmp = Files.createTempDirectory("aurora-bench-model");
    return ModelArtifact.load(registry.download(v, tmp.resolve("model")));
  }

  /** The built-in corpus' files that retrain (seed 17, holdout 0.2) holds out. */
  private static Dataset<Row> corpusHoldout(SparkSession spark, DeltaTableStore store, ModelRegistry registry, String name) {
    Dataset<Row> corpus = new LabelledColumns(spark, store).corpus();
    return corpus.where(functions.pmod(functions.xxhash64(functions.col("label_group"), functions.lit(17L)), functions.lit(10_000L))
        .divide(10_000.0).lt(0.2)).cache();
  }

  /** The analyst judges one dataset as the champion recommends it; stops once {@code maxCorrections} are made. */
  private static int[] judge(SparkSession spark, DeltaTableStore store, String tenant, List<HouseStyleDomain.Column> dataset,
      ServingModel served, Timestamp at, int maxCorrections) {
    ExpertRules rules = ExpertRules.shipped();
    List<Row> fingerprints = new ArrayList<>();
    List<Row> recommendations = new ArrayList<>();
    List<Row> feedback = new ArrayList<>();
    int corrections = 0;
    for (HouseStyleDomain.Column c : dataset) {
      if (corrections >= maxCorrections) {
        break;
      }
      Fingerprint f = c.fingerprint();
      Proposal expertProposal = rules.propose(f).orElseThrow();
      double[] p = served.probabilities(f, expertProposal);
      int best = expertProposal.top().action().ordinal();
      if (p != null) {
        for (int k = 0; k < p.length; k++) {
          best = p[k] > p[best] ? k : best;
        }
      }
      Action recommended = Action.values()[best];
      String id = Recommendation.idFor(tenant, f.dataset(), f.runId(), f.columnName() + "#" + f.columnIndex());
      Recommendation r = new Recommendation(tenant, f.dataset(), f.runId(), id, f.columnIndex(), f.columnName() + "#" + f.columnIndex(),
          recommended, 0.9, Recommendation.CONFIDENT, Source.MODEL, List.of(), Imputation.NONE, false, "bench", null,
          expertProposal.ruleId(), null, at);
      boolean right = recommended == c.house();
      corrections += right ? 0 : 1;
      Fingerprint.Builder copy = Fingerprint.builder();
      for (Fingerprint.Field field : Fingerprint.Field.values()) {
        copy.set(field, field.get(f));
      }
      Fingerprint renamed = copy.set(Fingerprint.Field.COLUMN_NAME, f.columnName() + "#" + f.columnIndex()).build();
      fingerprints.add(RecommendJob.encodable(renamed.toRow()));
      recommendations.add(RecommendJob.encodable(r.toRow()));
      feedback.add(RowFactory.create(tenant, "fb-" + id, id, right ? "accept" : "correct", right ? null : c.house().wireName(),
          "analyst", null, null, null, null, null, null, null, null, "bench", "bench", at));
    }
    store.upsert(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant, List.of("dataset", "run_id", "column_name"),
        spark.createDataFrame(fingerprints, Fingerprint.SCHEMA), true);
    store.upsert(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant, List.of("recommendation_id"),
        spark.createDataFrame(recommendations, Recommendation.SCHEMA), true);
    store.upsert(Table.FEEDBACK, LearningTables.FEEDBACK, tenant, List.of("feedback_id"),
        spark.createDataFrame(feedback, LearningTables.FEEDBACK), false);
    return new int[] {corrections, feedback.size()};
  }

  private static Dataset<Row> labelled(SparkSession spark, List<HouseStyleDomain.Column> columns, String group) {
    List<Row> rows = new ArrayList<>();
    for (HouseStyleDomain.Column c : columns) {
      Row f = RecommendJob.encodable(c.fingerprint().toRow());
      Object[] v = new Object[f.size() + 4];
      for (int k = 0; k < f.size(); k++) {
        v[k] = f.get(k);
      }
      v[f.size()] = LabelSource.CORRECTION.wireName();
      v[f.size() + 1] = scala.collection.JavaConverters.asScalaBufferConverter(List.of(c.house().wireName())).asScala().toSeq();
      v[f.size() + 2] = group + "/" + c.fingerprint().dataset();
      v[f.size() + 3] = null;
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, LabelledColumns.SCHEMA);
  }
}
