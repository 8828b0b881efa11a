package io.aurora.learn;

import static io.aurora.learn.FeedbackIngestTest.rec;
import static io.aurora.learn.FeedbackIngestTest.writeRecommendations;
import static io.aurora.learn.TestFingerprints.numeric;
import static io.aurora.learn.TestFingerprints.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.Source;
import io.aurora.store.DeltaTableStore;
import io.aurora.store.Table;
import io.aurora.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning loop at the level of tables: fingerprints and recommendations of dataset A (as the
 * profiler and recommender would write them) → five corrections → learn → the rule proposes for
 * dataset B's similar columns; then the rule's own recommendations are validated.
 */
class RuleLearnerTest {
  private static final Timestamp T1 = Timestamp.valueOf("2026-03-01 00:00:00");
  private static final Timestamp T2 = Timestamp.valueOf("2026-03-02 00:00:00");
  private static final Timestamp T3 = Timestamp.valueOf("2026-03-03 00:00:00");

  @TempDir
  Path dir;

  private static Fingerprint amountLike(String tenant, String dataset, String run, String column, int i) {
    return numeric(tenant, dataset, run, column, 10_000 + 1_000 * i, 9_500 + 900 * i, 0.001 * i, 0.6 + 0.05 * i, 1.5 + 0.3 * i, 0.0);
  }

  private static void writeFingerprints(SparkSession spark, DeltaTableStore store, String tenant, String run, List<Fingerprint> fps) {
    store.commitRun(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant, run,
        spark.createDataFrame(fps.stream().map(Fingerprint::toRow).toList(), Fingerprint.SCHEMA));
  }

  /** Tenant acme's dataset A: six money columns the expert rules log-transform, plus a text column. */
  private static void datasetA(SparkSession spark, DeltaTableStore store, String tenant) {
    List<Fingerprint> fps = new ArrayList<>();
    List<Recommendation> recs = new ArrayList<>();
    String[] cols = {"net_amount", "gross_amount", "tax_amount", "fee_amount", "tip_amount", "refund_amount"};
    for (int i = 0; i < cols.length; i++) {
      fps.add(amountLike(tenant, "a", "ra", cols[i], i));
      recs.add(rec(tenant, "a", "ra", cols[i], Action.LOG_TRANSFORM, Source.EXPERT, null, T1));
    }
    fps.add(string(tenant, "a", "ra", "comment", 10_000, 9_000, 0.2, 0, 0, 0, 0, 12));
    recs.add(rec(tenant, "a", "ra", "comment", Action.VECTORIZE_TEXT, Source.EXPERT, null, T1));
    writeFingerprints(spark, store, tenant, "ra", fps);
    writeRecommendations(spark, store, tenant, "ra", recs);
  }

  private static Row feedbackRow(String tenant, String column, String dataset, String run, String verdict, String action) {
    return RowFactory.create(null, Recommendation.idFor(tenant, dataset, run, column), verdict, action, "ann", tenant,
        null, null);
  }

  private static org.apache.spark.sql.Dataset<Row> raw(SparkSession spark, List<Row> rows) {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (String c : FeedbackValidation.RAW_COLUMNS) {
      schema = schema.add(c, org.apache.spark.sql.types.DataTypes.StringType, true);
    }
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void fiveCorrectionsOnALearnARuleThatProposesForBAndOnlyForItsTenant() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh").toString());
    datasetA(spark, store, "acme");
    datasetA(spark, store, "globex");
    FeedbackIngest ingest = new FeedbackIngest(store);
    // acme's analysts correct four money columns to robust scaling through a file ...
    List<Row> acme = new ArrayList<>();
    for (String c : List.of("net_amount", "gross_amount", "tax_amount", "fee_amount")) {
      acme.add(feedbackRow("acme", c, "a", "ra", "correct", "robust_scale"));
    }
    acme.add(feedbackRow("acme", "comment", "a", "ra", "accept", null));
    // the sixth money column's log transform is accepted: a verdict against robust scaling for columns like these
    acme.add(feedbackRow("acme", "refund_amount", "a", "ra", "accept", null));
    ingest.ingest(raw(spark, acme), "acme", "file", "i1", T1);
    // ... and one more straight from a notebook, which appends only the analyst's columns
    spark.createDataFrame(List.of(RowFactory.create("acme", Recommendation.idFor("acme", "a", "ra", "tip_amount"),
            "correct", "robust_scale", "nb-user")),
            new org.apache.spark.sql.types.StructType().add("tenant", "string").add("recommendation_id", "string")
                .add("verdict", "string").add("correct_action", "string").add("user", "string"))
        .write().format("delta").mode("append").option("mergeSchema", "false").save(store.location(Table.FEEDBACK));
    // a notebook row naming a recommendation that does not exist is refused by learn
    spark.createDataFrame(List.of(RowFactory.create("acme", "nope", "correct", "drop")),
            new org.apache.spark.sql.types.StructType().add("tenant", "string").add("recommendation_id", "string")
                .add("verdict", "string").add("correct_action", "string"))
        .write().format("delta").mode("append").save(store.location(Table.FEEDBACK));
    // globex's analysts correct the same columns to something else, four times only
    List<Row> globex = new ArrayList<>();
    for (String c : List.of("net_amount", "gross_amount", "tax_amount", "fee_amount")) {
      globex.add(feedbackRow("globex", c, "a", "ra", "correct", "drop"));
    }
    ingest.ingest(raw(spark, globex), "globex", "file", "i1", T1);

    RuleLearner learner = new RuleLearner(store, new RuleLifecycle(5));
    RuleLearner.Report report = learner.learn("acme", "l1", T2);
    assertThat(report.feedbackRows()).isEqualTo(7);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.created()).isEqualTo(2); // at the fine and at the coarse level
    assertThat(learner.learn("globex", "l1", T2).rules()).isZero();

    List<Rule> rules = store.read(Table.RULES, LearningTables.RULES, "acme").collectAsList().stream().map(Rule::fromRow).toList();
    assertThat(rules).hasSize(2);
    assertThat(rules).extracting(r -> PatternKey.of(amountLike("acme", "a", "ra", "net_amount", 0)).value().equals(r.patternKey())
        || PatternKey.coarse(amountLike("acme", "a", "ra", "net_amount", 0)).value().equals(r.patternKey())).containsOnly(true);
    Rule rule = rules.stream().filter(r -> !new PatternKey(r.patternKey()).isCoarse()).findFirst().orElseThrow();
    assertThat(rule.action()).isEqualTo(Action.ROBUST_SCALE);
    assertThat(rule.corrections()).isEqualTo(5);
    assertThat(rule.analysts()).isEqualTo(2); // "ann" and "nb-user"
    // the corrections are evidence: Beta(1 + 5, 2 + 1) with the accepted log transform against it
    assertThat(rule.agreeing()).isEqualTo(5);
    assertThat(rule.contrary()).isEqualTo(1);
    assertThat(rule.confidence()).isCloseTo(6.0 / 9, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(rule.active()).isTrue();
    assertThat(store.read(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, "acme")
        .where("reason = 'unknown_recommendation'").count()).isOne();

    // dataset B: similar money columns follow the rule; other shapes and other tenants do not
    RuleSource acmeRules = RuleSource.load(store, "acme");
    Proposal p = acmeRules.propose(amountLike("acme", "b", "rb", "order_amount", 2)).orElseThrow();
    assertThat(p.top().action()).isEqualTo(Action.ROBUST_SCALE);
    assertThat(p.explanation()).isEqualTo("rule " + rule.ruleId() + ": 5 corrections by 2 analysts on columns like this: "
        + "positive right-skewed continuous amounts spanning 1+ decades → robust_scale; 1 verdict on such columns chose "
        + "another action");
    assertThat(acmeRules.propose(string("acme", "b", "rb", "notes", 9_000, 8_000, 0.1, 0, 0, 0, 0, 10))).isEmpty();
    assertThat(RuleSource.load(store, "globex").propose(amountLike("globex", "b", "rb", "order_amount", 2))).isEmpty();

    // learning again from the same feedback changes nothing but the run stamp
    learner.learn("acme", "l2", T2);
    Rule same = store.read(Table.RULES, LearningTables.RULES, "acme").collectAsList().stream().map(Rule::fromRow)
        .filter(r -> r.ruleId().equals(rule.ruleId())).findFirst().orElseThrow();
    assertThat(same.corrections()).isEqualTo(5);
    assertThat(same.confidence()).isEqualTo(rule.confidence());

    // the rule's recommendations on B are validated: all ten corrected → with the creating evidence,
    // Beta(1 + 5, 2 + 1 + 10): credibly failing → off
    List<Recommendation> onB = new ArrayList<>();
    List<Row> verdicts = new ArrayList<>();
    List<Fingerprint> fpsB = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String c = "col" + i + "_amount";
      fpsB.add(amountLike("acme", "b", "rb", c, i % 5));
      onB.add(rec("acme", "b", "rb", c, Action.ROBUST_SCALE, Source.RULE, rule.ruleId(), T3));
      verdicts.add(feedbackRow("acme", c, "b", "rb", "correct", "log_transform"));
    }
    writeFingerprints(spark, store, "acme", "rb", fpsB);
    writeRecommendations(spark, store, "acme", "rb", onB);
    ingest.ingest(raw(spark, verdicts), "acme", "file", "i2", T3);
    learner.learn("acme", "l3", T3);
    Rule judged = store.read(Table.RULES, LearningTables.RULES, "acme").collectAsList().stream().map(Rule::fromRow)
        .filter(r -> r.ruleId().equals(rule.ruleId())).findFirst().orElseThrow();
    assertThat(judged.successes()).isZero();
    assertThat(judged.trials()).isEqualTo(10);
    assertThat(judged.agreeing()).isEqualTo(5);
    assertThat(judged.contrary()).isEqualTo(1);
    assertThat(judged.active()).isFalse();
    // the ten corrections back to log_transform form a competing rule for the same pattern
    assertThat(RuleSource.load(store, "acme").propose(amountLike("acme", "c", "rc", "x_amount", 1)).orElseThrow()
        .top().action()).isEqualTo(Action.LOG_TRANSFORM);
  }

  @Test
  void aRulesTableOfAnEarlierReleaseGetsTheEvidenceColumnsAndItsOldKeysAreRetired() {
    SparkSession spark = SharedSpark.session();
    DeltaTableStore store = new DeltaTableStore(spark, dir.resolve("wh-old").toString());
    datasetA(spark, store, "acme");
    // the rules table as an earlier release wrote it: no evidence columns, a rule on a v1 key
    org.apache.spark.sql.types.StructType old = new org.apache.spark.sql.types.StructType(
        java.util.Arrays.stream(LearningTables.RULES.fields())
            .filter(f -> !LearningTables.EVIDENCE_COLUMNS.contains(f.name()))
            .toArray(org.apache.spark.sql.types.StructField[]::new));
    String v1 = "v1|numeric|card=unique|null=0|skew=+|span=2|neg=n|role=amount";
    Row oldRule = RowFactory.create("acme", Rule.idFor("acme", v1, Action.ROBUST_SCALE), v1, "robust_scale", 6L, 0L, 0L, 0L,
        null, 1.0 / 3, 0.75, true, 0, T1, T1, T1, null, "l0");
    spark.createDataFrame(List.of(oldRule), old).write().format("delta").partitionBy("tenant").save(store.location(Table.RULES));
    List<Row> acme = new ArrayList<>();
    for (String c : List.of("net_amount", "gross_amount", "tax_amount", "fee_amount", "tip_amount")) {
      acme.add(feedbackRow("acme", c, "a", "ra", "correct", "robust_scale"));
    }
    new FeedbackIngest(store).ingest(raw(spark, acme), "acme", "file", "i1", T1);

    RuleLearner.Report report = new RuleLearner(store, new RuleLifecycle(5)).learn("acme", "l1", T2);
    assertThat(report.created()).isEqualTo(2);
    assertThat(List.of(spark.read().format("delta").load(store.location(Table.RULES)).columns()))
        .containsAll(LearningTables.EVIDENCE_COLUMNS);
    List<Rule> rules = store.read(Table.RULES, LearningTables.RULES, "acme").collectAsList().stream().map(Rule::fromRow).toList();
    assertThat(rules).hasSize(3);
    Rule retired = rules.stream().filter(r -> r.patternKey().equals(v1)).findFirst().orElseThrow();
    assertThat(retired.active()).isFalse();
    assertThat(retired.deactivatedAt()).isEqualTo(T2);
    assertThat(rules.stream().filter(Rule::active)).hasSize(2)
        .allSatisfy(r -> assertThat(r.confidence()).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-12)));
  }
}
