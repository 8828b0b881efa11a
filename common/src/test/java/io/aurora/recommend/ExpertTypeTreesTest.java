package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class ExpertTypeTreesTest {
  private static final List<String> CLASSES = List.of("numeric", "categorical");
  private static final List<Set<Action>> ACCEPTABLE = List.of(
      EnumSet.of(Action.STANDARD_SCALE, Action.ROBUST_SCALE, Action.KEEP_AS_IS),
      EnumSet.of(Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE));

  /**
   * Trees (the native xgboost library, trained here) that learned "numeric columns are categories,
   * string columns are quantities": the opposite of what the rules say, so re-ranking is visible.
   */
  private static ExpertTypeTrees inverted(double weight) throws Exception {
    Fingerprint number = TestFingerprints.numeric().name("amount").build();
    Fingerprint text = TestFingerprints.string().name("label").build();
    ExpertRules rules = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed());
    NameTokenRates names = NameTokenRates.uninformed(2);
    float[] a = ExpertTypeTrees.features(number, rules.decide(number), ExpertCalibration.uninformed(), ACCEPTABLE, names);
    float[] b = ExpertTypeTrees.features(text, rules.decide(text), ExpertCalibration.uninformed(), ACCEPTABLE, names);
    int d = ExpertTypeTrees.FEATURES.size();
    int n = 40;
    float[] flat = new float[n * d];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(i % 2 == 0 ? a : b, 0, flat, i * d, d);
      labels[i] = i % 2 == 0 ? 1 : 0;
    }
    DMatrix m = new DMatrix(flat, n, d, Float.NaN);
    m.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "multi:softprob");
    params.put("num_class", 2);
    params.put("max_depth", 2);
    params.put("eta", 0.5);
    params.put("nthread", 1);
    params.put("seed", 1);
    Booster booster = XGBoost.train(m, params, 20, Map.of(), null, null);
    m.dispose();
    return new ExpertTypeTrees(booster, CLASSES, ACCEPTABLE, weight, names,
        EnumSet.of(TypeClass.NUMERIC, TypeClass.STRING));
  }

  @Test
  void rulesRankTheirCandidatesByTheTrees() throws Exception {
    Fingerprint f = TestFingerprints.numeric().name("amount").build();
    ExpertRules plain = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed());
    assertThat(plain.decide(f).ruleId()).isEqualTo("symmetric");
    assertThat(plain.propose(f).orElseThrow().top().action()).isEqualTo(Action.STANDARD_SCALE);

    ExpertTypeTrees trees = inverted(1.0);
    double[] p = trees.probabilities(f, plain.decide(f), ExpertCalibration.uninformed());
    assertThat(p[1]).isGreaterThan(0.9);
    Proposal proposal = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed(), trees).propose(f)
        .orElseThrow();
    // an encoding of the symmetric rule's runners-up now leads, with the trees' probability of a category
    assertThat(proposal.top().action()).isIn(Action.TARGET_ENCODE, Action.ONE_HOT_ENCODE);
    assertThat(proposal.top().confidence()).isCloseTo(p[1], within(1e-6));
    // the reason stays the rule's
    assertThat(proposal.explanation()).startsWith("expert rule symmetric").contains("calibrated by fitted model");

    // half weight: the mixture with the uninformed stratum calibration (0.5)
    Proposal half = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed(), trees.withWeight(0.5))
        .propose(f).orElseThrow();
    assertThat(half.top().confidence()).isCloseTo(0.5 * p[1] + 0.25, within(1e-6));
  }

  @Test
  void typeClassesTheTreesNeverSawAreLeftToTheCalibration() throws Exception {
    TestFingerprints typedDate = TestFingerprints.numeric().name("opened");
    typedDate.typeClass = TypeClass.DATETIME;
    typedDate.sparkType = "date";
    Fingerprint f = typedDate.build();
    ExpertTypeTrees trees = inverted(1.0);
    ExpertRules plain = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped());
    assertThat(trees.probabilities(f, plain.decide(f), ExpertCalibration.shipped())).isNull();
    Proposal p = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped(), trees).propose(f).orElseThrow();
    assertThat(p).isEqualTo(plain.propose(f).orElseThrow());
    assertThat(p.explanation()).doesNotContain("fitted model");
  }

  @Test
  void modelFileAndJavaSerializationKeepThePredictions() throws Exception {
    ExpertTypeTrees trees = inverted(0.75);
    Fingerprint f = TestFingerprints.string().name("label").build();
    ExpertRules rules = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed(), trees);
    RuleFiring firing = rules.decide(f);
    double[] before = trees.probabilities(f, firing, ExpertCalibration.uninformed());

    ExpertTypeTrees read = ExpertTypeTrees.read(trees.toBytes());
    assertThat(read.weight()).isEqualTo(0.75);
    assertThat(read.classes()).isEqualTo(CLASSES);
    assertThat(read.attributes()).containsEntry("typeClasses", "NUMERIC,STRING");
    assertThat(read.probabilities(f, firing, ExpertCalibration.uninformed())).containsExactly(before);

    // executors receive the rules by Java serialization
    ExpertRules copy = SerializationUtils.roundtrip(rules);
    assertThat(copy.propose(f)).isEqualTo(rules.propose(f));
  }

  @Test
  void treesEvaluatedInJavaAgreeWithTheNativePredictor() throws Exception {
    ExpertTypeTrees trees = ExpertTypeTrees.shipped();
    java.util.Random random = new java.util.Random(7);
    int d = ExpertTypeTrees.FEATURES.size();
    float[][] rows = new float[500][d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        // a mix of missing values, shares and magnitudes, so that every branch kind is taken
        int kind = random.nextInt(4);
        row[j] = kind == 0 ? Float.NaN : kind == 1 ? random.nextFloat() : kind == 2 ? random.nextInt(2)
            : (float) (random.nextGaussian() * 10);
      }
    }
    double[][] java = trees.probabilities(rows);
    double[][] reference = trees.nativeProbabilities(rows);
    for (int i = 0; i < rows.length; i++) {
      assertThat(java[i]).containsExactly(reference[i], within(1e-5));
    }
  }

  @Test
  void aModelFittedOnOtherFeaturesIsRefused() throws Exception {
    ExpertTypeTrees trees = inverted(1.0);
    byte[] model = trees.toBytes();
    Booster b = XGBoost.loadModel(model);
    b.setAttr("features", "rule=empty,nullFraction");
    assertThatThrownBy(() -> ExpertTypeTrees.read(b.toByteArray("ubj")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("other features");
  }

  @Test
  void nameTokensCountFilesNotColumnsAndNeedTwoFiles() {
    List<String> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    // file a: ten "... count" columns, numeric; file b: one, categorical; file c: "zz_code" only there
    for (int i = 0; i < 10; i++) {
      files.add("a");
      names.add("visit_count_" + i);
      labels.add(0);
    }
    files.add("b");
    names.add("count");
    labels.add(1);
    files.add("c");
    names.add("zz_code");
    labels.add(1);
    NameTokenRates rates = NameTokenRates.fit(2, files, names, labels.stream().mapToInt(Integer::intValue).toArray());

    double[] count = rates.rates("Count");
    double priorNumeric = 10 / 12.0;
    // two files, one vote each: (1 + 2 · prior) / (2 + 2)
    assertThat(count[0]).isCloseTo((1 + 2 * priorNumeric) / 4, within(1e-12));
    assertThat(count[2]).isEqualTo(1.0);
    // "visit" is in one file only, "zz"/"code" too: no evidence, the prior
    assertThat(rates.rates("visit_code")[0]).isCloseTo(priorNumeric, within(1e-12));
    assertThat(rates.rates("visit_code")[2]).isEqualTo(0.0);
    // the text form reads back
    assertThat(NameTokenRates.parse(rates.format()).rates("count")).containsExactly(count);
  }
}
