package io.aurora.apply.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class YeoJohnsonMathTest {
  @Test
  void matchesTheDefinitionOnBothSidesOfZero() {
    // λ = 1 is the identity; λ = 0 is log1p for x ≥ 0; λ = 2 is -log1p(-x) for x < 0
    assertThat(YeoJohnsonMath.transform(3.0, 1)).isCloseTo(3.0, within(1e-12));
    assertThat(YeoJohnsonMath.transform(-3.0, 1)).isCloseTo(-3.0, within(1e-12));
    assertThat(YeoJohnsonMath.transform(3.0, 0)).isCloseTo(Math.log1p(3.0), within(1e-12));
    assertThat(YeoJohnsonMath.transform(-3.0, 2)).isCloseTo(-Math.log1p(3.0), within(1e-12));
    assertThat(YeoJohnsonMath.transform(3.0, 0.5)).isCloseTo((Math.sqrt(4.0) - 1) / 0.5, within(1e-12));
    assertThat(YeoJohnsonMath.transform(-3.0, 0.5)).isCloseTo(-(Math.pow(4.0, 1.5) - 1) / 1.5, within(1e-12));
  }

  @Test
  void logLikelihoodIsMinusInfinityWithoutSpread() {
    assertThat(YeoJohnsonMath.logLikelihood(10, 0, 1, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(YeoJohnsonMath.logLikelihood(10, Double.NaN, 1, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(YeoJohnsonMath.logLikelihood(10, 1, 2, 1)).isZero();
  }
}
