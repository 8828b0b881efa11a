package io.aurora.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.recommend.ExpertThresholds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExpertRulesEvaluationTest {
  @Test
  void calibratedTuningPicksGridValuesThatDoNotLowerItsInnerAccuracy() throws Exception {
    Path csv = FeatureTypeCorpus.locate().orElse(null);
    Assumptions.assumeTrue(csv != null, "shared/data/feature-types/data_train.csv not found above the working directory");
    // a slice of the corpus keeps this quick; tuning only ever sees the columns it is given
    List<LabelledColumn> slice = FeatureTypeCorpus.read(csv).subList(0, 2000);
    ExpertRulesEvaluation evaluation = new ExpertRulesEvaluation(slice, 0.6);
    ExpertThresholds start = ExpertThresholds.literature();

    ExpertThresholds tuned = evaluation.tuneCalibrated(start, slice);

    Map<String, Double> startValues = start.asMap();
    tuned.asMap().forEach((name, value) -> {
      double[] grid = ExpertRulesEvaluation.CALIBRATED_GRID.get(name);
      if (grid == null) {
        assertThat(value).as(name).isEqualTo(startValues.get(name));
      } else if (!value.equals(startValues.get(name))) {
        assertThat(grid).as(name).contains(value);
      }
    });
    // on this slice some grid value beats the literature start, so a tuner that kept the start would fail here
    assertThat(evaluation.innerAccuracy(tuned, slice)).isGreaterThan(evaluation.innerAccuracy(start, slice));
  }
}
