package io.aurora.train.corpus;

import io.aurora.recommend.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.train.corpus.ExpertRulesEvaluation;
import io.aurora.train.corpus.ExpertTypeTreesFit;
import io.aurora.train.corpus.FeatureType;
import io.aurora.train.corpus.FeatureTypeCorpus;
import io.aurora.train.corpus.LabelledColumn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Regression floor of the expert rules' quality on the labelled feature-type corpus: 5-fold
 * cross-validation grouped by source file, calibration fitted on training folds only. The full
 * report (with threshold tuning) is printed by bench's ExpertRulesQualityBench.
 */
class ExpertRulesQualityTest {
  @Test
  void heldOutAccuracyAndCalibrationStayAboveTheirFloor() throws Exception {
    Path csv = FeatureTypeCorpus.locate().orElse(null);
    Assumptions.assumeTrue(csv != null, "shared/data/feature-types/data_train.csv not found above the working directory");
    List<LabelledColumn> corpus = FeatureTypeCorpus.read(csv);
    assertThat(corpus).hasSize(7936);
    assertThat(corpus.stream().map(LabelledColumn::sourceFile).distinct().count()).isGreaterThan(1000);

    ExpertRulesEvaluation evaluation = new ExpertRulesEvaluation(corpus, 0.6);
    ExpertRulesEvaluation.Report heldOut = evaluation.crossValidate(ExpertThresholds.tuned(), 5, 42, false).heldOut();

    // measured 0.891 / top-3 0.940 / ECE 0.039 / 13.7 % uncertain; with the interpolated distinct-count
    // strata 0.8892 / 0.939 / 0.036 / 13.9 % (docs/recommendations.md); floors just below
    assertThat(heldOut.accuracy()).isGreaterThan(0.888);
    assertThat(heldOut.accuracyTop3()).isGreaterThan(0.936);
    assertThat(heldOut.ece()).isLessThan(0.045);
    // sending more columns to review must not be how the figure is reached
    assertThat(heldOut.uncertainShare()).isLessThan(0.15);
    // the types AURORA must get right from the start
    assertThat(recall(heldOut, FeatureType.DATETIME)).isGreaterThan(0.965);
    assertThat(recall(heldOut, FeatureType.EMBEDDED_NUMBER)).isGreaterThan(0.93);
    assertThat(recall(heldOut, FeatureType.URL)).isGreaterThan(0.95);
    assertThat(recall(heldOut, FeatureType.NUMERIC)).isGreaterThan(0.95);
  }

  /**
   * The shipped rules re-ranked by the type trees, in the same folds: calibration, name-token rates
   * and trees fitted on the training folds only. The bench chooses depth, rounds and weight by an
   * inner grouped cross-validation inside each training fold (0.9114 held-out); to stay within the
   * test's time this runs the same folds with the choice of the shipped model (made by the same
   * inner cross-validation on the whole corpus), everything else fitted inside the training folds.
   */
  @Test
  void typeTreesReachTheTargetHeldOut() throws Exception {
    Path csv = FeatureTypeCorpus.locate().orElse(null);
    Assumptions.assumeTrue(csv != null, "shared/data/feature-types/data_train.csv not found above the working directory");
    List<LabelledColumn> corpus = FeatureTypeCorpus.read(csv);
    Map<String, String> shipped = ExpertTypeTrees.shipped().attributes();
    ExpertTypeTreesFit fit = new ExpertTypeTreesFit(ExpertThresholds.tuned(),
        new int[] {Integer.parseInt(shipped.get("depth"))}, new int[] {Integer.parseInt(shipped.get("rounds"))},
        new double[] {Double.parseDouble(shipped.get("weight"))});

    ExpertRulesEvaluation.Report heldOut = new ExpertRulesEvaluation(corpus, 0.6)
        .crossValidateTrees(fit, ExpertThresholds.tuned(), 5, 42).heldOut();

    // nested (inner choice per fold, the bench): 0.9114 / top-3 0.9486 / ECE 0.040 / 12.9 % uncertain;
    // this run: 0.9129 / 0.9488 / 0.0405 / 13.5 %, with the interpolated distinct-count strata
    // 0.9109 / 0.9472 / 0.0413 / 13.6 % (docs/recommendations.md); floors just below both
    assertThat(heldOut.accuracy()).isGreaterThan(0.908);
    assertThat(heldOut.accuracyTop3()).isGreaterThan(0.945);
    assertThat(heldOut.uncertainShare()).isLessThan(0.15);
    assertThat(heldOut.ece()).isLessThan(0.045);
    assertThat(recall(heldOut, FeatureType.DATETIME)).isGreaterThan(0.965);
    assertThat(recall(heldOut, FeatureType.EMBEDDED_NUMBER)).isGreaterThan(0.93);
    assertThat(recall(heldOut, FeatureType.URL)).isGreaterThan(0.95);
    assertThat(recall(heldOut, FeatureType.NUMERIC)).isGreaterThan(0.95);
  }

  /** The shipped trees are what the generator (ExpertRulesQualityBench --write-trees) fits with their stored choice. */
  @Test
  void shippedTypeTreesAreWhatTheGeneratorFits() throws Exception {
    Path csv = FeatureTypeCorpus.locate().orElse(null);
    Assumptions.assumeTrue(csv != null, "shared/data/feature-types/data_train.csv not found above the working directory");
    List<LabelledColumn> corpus = FeatureTypeCorpus.read(csv);
    ExpertTypeTrees shipped = ExpertTypeTrees.shipped();
    Map<String, String> a = shipped.attributes();
    ExpertTypeTrees refit = new ExpertTypeTreesFit(ExpertThresholds.tuned(), new int[] {Integer.parseInt(a.get("depth"))},
        new int[] {Integer.parseInt(a.get("rounds"))}, new double[] {Double.parseDouble(a.get("weight"))})
        .fit(corpus, Long.parseLong(a.get("seed"))).model();
    assertThat(ExpertTypeTrees.read(refit.toBytes()).attributes()).isEqualTo(a);
    ExpertRules rules = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped());
    ExpertCalibration calibration = ExpertCalibration.shipped();
    List<io.aurora.fingerprint.Fingerprint> fingerprints = corpus.stream().map(LabelledColumn::fingerprint).toList();
    List<RuleFiring> firings = fingerprints.stream().map(rules::decide).toList();
    double[][] expected = shipped.probabilities(fingerprints, firings, calibration);
    double[][] actual = refit.probabilities(fingerprints, firings, calibration);
    for (int i = 0; i < corpus.size(); i++) {
      assertThat(actual[i]).containsExactly(expected[i], within(1e-6));
    }
    // the re-ranker served as every model's version 1 uses them; the expert rules alone do not (one model path)
    assertThat(new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped(), ExpertTypeTrees.shipped())
        .propose(corpus.get(0).fingerprint()).orElseThrow().explanation()).contains("calibrated by fitted model");
    assertThat(ExpertRules.shipped().propose(corpus.get(0).fingerprint()).orElseThrow().explanation())
        .doesNotContain("calibrated by fitted model");
  }

  private static double recall(ExpertRulesEvaluation.Report report, FeatureType type) {
    long n = report.outcomes().stream().filter(o -> o.column().type() == type).count();
    long right = report.outcomes().stream().filter(o -> o.column().type() == type && o.correct()).count();
    return right / (double) n;
  }
}
