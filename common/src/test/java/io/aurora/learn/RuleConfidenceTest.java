package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RuleConfidenceTest {
  @Test
  void fiveOfFiveIsFairlySure() {
    RuleConfidence c = new RuleConfidence(5, 5);
    assertThat(c.confidence()).isBetween(0.7, 0.86).isCloseTo(0.75, within(1e-12));
    assertThat(c.credibleFailure()).isFalse();
  }

  @Test
  void fiftyOfFiftyIsVerySure() {
    assertThat(new RuleConfidence(50, 50).confidence()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void threeOfTenIsCrediblyFailing() {
    RuleConfidence c = new RuleConfidence(3, 10);
    // Beta(4, 9): P(p < 0.5) = P(Binomial(12, 0.5) >= 4) = 1 - 299/4096
    assertThat(c.probabilityFailing()).isCloseTo(1 - 299.0 / 4096, within(1e-9));
    assertThat(c.credibleFailure()).isTrue();
    assertThat(c.successRate()).isEqualTo(0.3);
  }

  @Test
  void newRuleStartsUncertainButActiveAndTwoSuccessesMakeItConfident() {
    RuleConfidence fresh = new RuleConfidence(0, 0);
    assertThat(fresh.confidence()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(fresh.credibleFailure()).isFalse();
    assertThat(fresh.successRate()).isNaN();
    assertThat(new RuleConfidence(2, 2).confidence()).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void halfRightIsNotCrediblyFailing() {
    assertThat(new RuleConfidence(5, 10).credibleFailure()).isFalse();
    assertThat(new RuleConfidence(0, 2).credibleFailure()).isTrue();
  }
}
