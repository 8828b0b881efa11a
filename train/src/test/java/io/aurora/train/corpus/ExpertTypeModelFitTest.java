package io.aurora.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.recommend.ExpertThresholds;
import io.aurora.recommend.ExpertTypeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExpertTypeModelFitTest {
  @Test
  void regressionLearnsWhichFeatureNamesWhichTypeAndL2ShrinksIt() {
    // 30 numeric columns flagged "a", 30 categorical flagged "b", 6 categorical flagged "a" (noise)
    List<Map<String, Double>> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      x.add(Map.of("a", 1.0));
      y.add(FeatureType.NUMERIC.ordinal());
      x.add(Map.of("b", 1.0));
      y.add(FeatureType.CATEGORICAL.ordinal());
    }
    for (int i = 0; i < 6; i++) {
      x.add(Map.of("a", 1.0));
      y.add(FeatureType.CATEGORICAL.ordinal());
    }
    int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
    ExpertTypeModelFit fit = new ExpertTypeModelFit(ExpertThresholds.tuned());

    ExpertTypeModel weak = fit.regress(x, labels, 1e-4);
    ExpertTypeModel strong = fit.regress(x, labels, 1.0);

    double[] pa = weak.probabilities(Map.of("a", 1.0));
    double[] pb = weak.probabilities(Map.of("b", 1.0));
    // the maximum-likelihood answer for "a" is 30/36 numeric, 6/36 categorical; for "b" all categorical
    assertThat(pa[FeatureType.NUMERIC.ordinal()]).isBetween(0.78, 0.88);
    assertThat(pa[FeatureType.CATEGORICAL.ordinal()]).isBetween(0.12, 0.22);
    assertThat(pb[FeatureType.CATEGORICAL.ordinal()]).isGreaterThan(0.9);
    // unseen classes get almost nothing
    assertThat(pb[FeatureType.LIST.ordinal()]).isLessThan(0.02);
    // a strong penalty keeps the weights near zero: less sure of the same evidence
    assertThat(strong.probabilities(Map.of("b", 1.0))[FeatureType.CATEGORICAL.ordinal()])
        .isLessThan(pb[FeatureType.CATEGORICAL.ordinal()] - 0.1);
  }

  @Test
  void fitPicksTheStrengthWithTheLowestInnerLossAndTheWeightWithTheBestInnerAccuracy() throws Exception {
    Path csv = FeatureTypeCorpus.locate().orElse(null);
    Assumptions.assumeTrue(csv != null, "shared/data/feature-types/data_train.csv not found above the working directory");
    // a slice keeps this quick; the fit only ever sees the columns it is given
    List<LabelledColumn> slice = FeatureTypeCorpus.read(csv).subList(0, 1500);

    ExpertTypeModelFit.Fitted fitted = new ExpertTypeModelFit(ExpertThresholds.tuned()).fit(slice, 42);

    assertThat(fitted.innerLogLoss().keySet()).containsExactly(
        java.util.Arrays.stream(ExpertTypeModelFit.LAMBDAS).boxed().toArray(Double[]::new));
    assertThat(fitted.innerLogLoss().get(fitted.lambda())).isEqualTo(Collections.min(fitted.innerLogLoss().values()));
    assertThat(fitted.innerAccuracy().get(fitted.model().weight()))
        .isEqualTo(Collections.max(fitted.innerAccuracy().values()));
    // the fitted model answers a probability distribution over the corpus types for a corpus column
    ExpertTypeModel model = fitted.model();
    assertThat(model.classes()).hasSize(FeatureType.values().length);
    double[] p = model.probabilities(Map.of("rule=symmetric", 1.0, "kind=quantity", 1.0));
    assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(p[FeatureType.NUMERIC.ordinal()]).isGreaterThan(p[FeatureType.LIST.ordinal()]);
  }
}
