package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.fingerprint.Fingerprint;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpertTypeModelTest {
  /** Two classes; a symmetric-rule column is categorical with probability e^3 / (1 + e^3) ≈ 0.95. */
  private static ExpertTypeModel favouringCategories(double weight) {
    return new ExpertTypeModel(List.of("numeric", "categorical"),
        List.of(EnumSet.of(Action.STANDARD_SCALE, Action.ROBUST_SCALE), EnumSet.of(Action.ONE_HOT_ENCODE,
            Action.TARGET_ENCODE)),
        List.of("rule=symmetric", "nullFraction"), new double[][] {{0, 0}, {3, 0}}, new double[] {0, 0}, weight);
  }

  @Test
  void rulesRankTheirCandidatesByTheModelAndSayItCalibrated() {
    Fingerprint f = TestFingerprints.numeric().name("amount").build();
    ExpertRules plain = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed());
    assertThat(plain.decide(f).ruleId()).isEqualTo("symmetric");
    assertThat(plain.propose(f).orElseThrow().top().action()).isEqualTo(Action.STANDARD_SCALE);

    Proposal p = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed(), favouringCategories(1.0))
        .propose(f).orElseThrow();

    double categorical = Math.exp(3) / (1 + Math.exp(3));
    // target_encode precedes one_hot_encode among the symmetric rule's runners-up: ties keep the rule's order
    assertThat(p.top().action()).isEqualTo(Action.TARGET_ENCODE);
    assertThat(p.top().confidence()).isCloseTo(categorical, within(1e-9));
    assertThat(p.ranked()).extracting(ScoredAction::action).contains(Action.STANDARD_SCALE, Action.DROP);
    // drop is acceptable for no class of this model
    assertThat(p.ranked().stream().filter(s -> s.action() == Action.DROP).findFirst().orElseThrow().confidence())
        .isCloseTo(0.0, within(1e-9));
    assertThat(p.explanation()).startsWith("expert rule symmetric:").contains("calibrated by fitted model");
  }

  @Test
  void weightMixesTheModelWithTheStratumCalibration() {
    Fingerprint f = TestFingerprints.numeric().name("amount").build();
    // uninformed calibration: every action 0.5
    Proposal p = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed(), favouringCategories(0.5))
        .propose(f).orElseThrow();
    double categorical = Math.exp(3) / (1 + Math.exp(3));
    assertThat(p.top().confidence()).isCloseTo(0.5 * categorical + 0.25, within(1e-9));
  }

  @Test
  void writtenModelReadsBackWithTheSameProbabilities() throws Exception {
    ExpertTypeModel model = favouringCategories(0.75);
    StringWriter w = new StringWriter();
    model.write(w, "test");

    ExpertTypeModel back = ExpertTypeModel.read(new BufferedReader(new StringReader(w.toString())));

    Map<String, Double> x = Map.of("rule=symmetric", 1.0, "nullFraction", 0.3, "unknown", 5.0);
    assertThat(back.probabilities(x)).containsExactly(model.probabilities(x), within(1e-12));
    assertThat(back.weight()).isEqualTo(0.75);
    assertThat(back.classes()).isEqualTo(model.classes());
    double[] p = back.probabilities(x);
    assertThat(back.acceptable(p, Action.ONE_HOT_ENCODE)).isCloseTo(p[1], within(1e-12));
    assertThat(back.acceptable(p, Action.SPLIT_LIST)).isZero();
    assertThat(Set.of(back.features().toArray())).containsExactlyInAnyOrder("rule=symmetric", "nullFraction");
  }
}
