package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** How {@link io.aurora.recommend.Test} compares a noisy statistic with a threshold and joins comparisons. */
class TestOutcomeTest {
  @Test
  void aMarginUnderTwoStdIsUnknownWithTheProbabilityOfItsSide() {
    io.aurora.recommend.Test t = io.aurora.recommend.Test.atLeast(11, 10, 1);
    assertThat(t.isUnknown()).isTrue();
    assertThat(t.probability()).isCloseTo(0.8413, within(1e-4));
    assertThat(t.likely()).isTrue();
    assertThat(io.aurora.recommend.Test.atLeast(12.1, 10, 1).isTrue()).isTrue();
    assertThat(io.aurora.recommend.Test.atMost(12.1, 10, 1).isFalse()).isTrue();
    assertThat(io.aurora.recommend.Test.atLeast(10, 10, 0).isTrue()).isTrue();
  }

  /**
   * Two undecided comparisons of statistics read off one histogram are not independent: "either" is
   * as likely as the likelier of them, not nearly sure because each is fairly likely.
   */
  @Test
  void eitherOfTwoUndecidedIsAsLikelyAsTheLikelierNotMore() {
    io.aurora.recommend.Test a = io.aurora.recommend.Test.atLeast(11.3, 10, 1); // 90 %
    io.aurora.recommend.Test b = io.aurora.recommend.Test.atLeast(11.0, 10, 1); // 84 %
    io.aurora.recommend.Test either = a.or(b);
    assertThat(either.isUnknown()).isTrue();
    assertThat(either.probability()).isCloseTo(a.probability(), within(1e-12));
    assertThat(a.or(io.aurora.recommend.Test.TRUE).isTrue()).isTrue();
    assertThat(io.aurora.recommend.Test.FALSE.or(io.aurora.recommend.Test.FALSE).isFalse()).isTrue();
    assertThat(a.and(b).probability()).isCloseTo(a.probability() * b.probability(), within(1e-12));
    assertThat(a.and(io.aurora.recommend.Test.FALSE).isFalse()).isTrue();
  }
}
