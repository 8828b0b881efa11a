package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RuleConfidenceTest {
  @Test
  void fiveAgreeingCorrectionsAndNothingContraryMakeAConfidentRule() {
    RuleConfidence c = new RuleConfidence(5, 0, 0, 0);
    // Beta(1 + 5, 2): mean 6/8, P(p < 0.5) = P(Binomial(7, 0.5) >= 6) = 8/128
    assertThat(c.confidence()).isCloseTo(0.75, within(1e-12));
    assertThat(c.probabilityFailing()).isCloseTo(8.0 / 128, within(1e-9));
    assertThat(c.credibleFailure()).isFalse();
    assertThat(c.successRate()).isNaN();
  }

  @Test
  void contraryVerdictsWeighAgainstTheRule() {
    // five corrections to the action, five verdicts naming another one on columns of the pattern
    RuleConfidence split = new RuleConfidence(5, 5, 0, 0);
    assertThat(split.confidence()).isCloseTo(6.0 / 13, within(1e-12));
    // the action was right on only 5 of 20 such columns: credibly failing from the start
    assertThat(new RuleConfidence(5, 15, 0, 0).credibleFailure()).isTrue();
  }

  @Test
  void validationsMoveItAsBefore() {
    // each accepted recommendation adds a success, each corrected one a failure
    assertThat(new RuleConfidence(5, 0, 5, 5).confidence()).isCloseTo(11.0 / 13, within(1e-12));
    assertThat(new RuleConfidence(5, 0, 0, 1).confidence()).isCloseTo(6.0 / 9, within(1e-12));
    assertThat(new RuleConfidence(5, 0, 0, 2).confidence()).isCloseTo(0.6, within(1e-12));
    assertThat(new RuleConfidence(5, 0, 0, 3).confidence()).isLessThan(0.6);
    // a rule built on five corrections is deactivated after ten failed recommendations, not nine
    assertThat(new RuleConfidence(5, 0, 0, 9).credibleFailure()).isFalse();
    assertThat(new RuleConfidence(5, 0, 0, 10).credibleFailure()).isTrue();
  }

  @Test
  void validationsAloneKeepTheRoadmapScenarios() {
    assertThat(RuleConfidence.ofValidations(5, 5).confidence()).isCloseTo(0.75, within(1e-12));
    assertThat(RuleConfidence.ofValidations(50, 50).confidence()).isGreaterThanOrEqualTo(0.95);
    RuleConfidence c = RuleConfidence.ofValidations(3, 10);
    // Beta(4, 9): P(p < 0.5) = P(Binomial(12, 0.5) >= 4) = 1 - 299/4096
    assertThat(c.probabilityFailing()).isCloseTo(1 - 299.0 / 4096, within(1e-9));
    assertThat(c.credibleFailure()).isTrue();
    assertThat(c.successRate()).isEqualTo(0.3);
    assertThat(RuleConfidence.ofValidations(0, 0).confidence()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RuleConfidence.ofValidations(5, 10).credibleFailure()).isFalse();
    assertThat(RuleConfidence.ofValidations(0, 2).credibleFailure()).isTrue();
  }

  @Test
  void impossibleCountsAreRefused() {
    assertThatThrownBy(() -> new RuleConfidence(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RuleConfidence(0, 0, 3, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
