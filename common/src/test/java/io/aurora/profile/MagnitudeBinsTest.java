package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MagnitudeBinsTest {
  @Test
  void theOneBranchIndexMatchesTheCaseByCaseIndexForEveryKindOfDouble() {
    List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7FF0000000000001L),
        Double.longBitsToDouble(0xFFF8000000000000L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 1.125, 1.25));
    // both sides of every octave edge, the first and last octaves with bins included
    for (int exponent = MagnitudeBins.MIN_EXPONENT - 3; exponent <= MagnitudeBins.MAX_EXPONENT + 3; exponent++) {
      double edge = Math.scalb(1.0, exponent);
      for (double x : new double[] {edge, Math.nextDown(edge), Math.nextUp(edge), edge * 1.125, Math.nextDown(edge * 1.125)}) {
        values.add(x);
        values.add(-x);
      }
    }
    Random random = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      values.add(i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
    }
    for (double x : values) {
      assertThat(MagnitudeBins.index(x)).as("%s (bits %x)", x, Double.doubleToRawLongBits(x)).isEqualTo(MagnitudeBins.indexGenerally(x));
    }
  }

  @Test
  void binsOfTheEdgesAndSpecialValues() {
    assertThat(MagnitudeBins.index(1.0)).isEqualTo(MagnitudeBins.FIRST_POS + MagnitudeBins.PER_OCTAVE * -MagnitudeBins.MIN_EXPONENT);
    assertThat(MagnitudeBins.index(Math.nextDown(1.0))).isEqualTo(MagnitudeBins.index(1.0) - 1);
    assertThat(MagnitudeBins.index(-1.125)).isEqualTo(MagnitudeBins.FIRST_NEG + MagnitudeBins.PER_OCTAVE * -MagnitudeBins.MIN_EXPONENT + 1);
    assertThat(MagnitudeBins.index(-0.0)).isEqualTo(MagnitudeBins.ZERO);
    assertThat(MagnitudeBins.index(Double.NaN)).isEqualTo(MagnitudeBins.NAN);
    assertThat(MagnitudeBins.index(Double.NEGATIVE_INFINITY)).isEqualTo(MagnitudeBins.NEG_INF);
    assertThat(MagnitudeBins.index(Math.scalb(1.0, MagnitudeBins.MIN_EXPONENT))).isEqualTo(MagnitudeBins.FIRST_POS);
    assertThat(MagnitudeBins.index(Math.nextDown(Math.scalb(1.0, MagnitudeBins.MIN_EXPONENT)))).isEqualTo(MagnitudeBins.POS_TINY);
    assertThat(MagnitudeBins.index(-Math.scalb(1.0, MagnitudeBins.MAX_EXPONENT + 1))).isEqualTo(MagnitudeBins.NEG_HUGE);
    assertThat(MagnitudeBins.index(Math.nextDown(Math.scalb(1.0, MagnitudeBins.MAX_EXPONENT + 1)))).isEqualTo(MagnitudeBins.COUNT - 1);
  }
}
