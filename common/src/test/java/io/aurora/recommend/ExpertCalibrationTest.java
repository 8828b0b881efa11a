package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpertCalibrationTest {
  @Test
  void eachLevelOfAStratumLeansOnTheLevelAbove() {
    ExpertCalibration.Builder b = new ExpertCalibration.Builder();
    // rule: 8 of 10 right; stratum "a": 8 of 8 right; "a/x": 0 of 2 right
    for (int i = 0; i < 8; i++) {
      b.add("r", "a/y", List.of(Action.DROP), Set.of(Action.DROP));
    }
    for (int i = 0; i < 2; i++) {
      b.add("r", "a/x", List.of(Action.DROP), Set.of());
    }
    ExpertCalibration c = b.build();
    double rule = (8 + 1.0) / (10 + 2.0);
    double s = ExpertCalibration.STRATUM_PRIOR_STRENGTH;
    double a = (8 + s * rule) / (10 + s);
    assertThat(c.probability("r", "a", Action.DROP)).isCloseTo(a, within(1e-12));
    assertThat(c.probability("r", "a/x", Action.DROP)).isCloseTo((0 + s * a) / (2 + s), within(1e-12));
    assertThat(c.probability("r", "a/y", Action.DROP)).isCloseTo((8 + s * a) / (8 + s), within(1e-12));
    // an unseen finest level answers its parent's rate
    assertThat(c.probability("r", "a/unseen", Action.DROP)).isCloseTo(a, within(1e-12));
    assertThat(c.probability("unseen", "a/x", Action.DROP)).isEqualTo(0.5);
  }

  @Test
  void severalPathsOfOneStratumAreAveraged() {
    ExpertCalibration.Builder b = new ExpertCalibration.Builder();
    String sep = ExpertCalibration.PATH_SEPARATOR;
    // first path "a/x": 4 of 4 right; second path "x/a": the same columns, counted under their own root
    for (int i = 0; i < 4; i++) {
      b.add("r", "a/x" + sep + "x/a", List.of(Action.DROP), Set.of(Action.DROP));
    }
    // more columns under "b/x" / "x/b", all wrong: they pull the shared level "x" of the second path down
    for (int i = 0; i < 6; i++) {
      b.add("r", "b/x" + sep + "x/b", List.of(Action.DROP), Set.of());
    }
    ExpertCalibration c = b.build();
    double first = c.probability("r", "a/x", Action.DROP);
    String second = "x/a";
    double s = ExpertCalibration.STRATUM_PRIOR_STRENGTH;
    double root = (4 + 1.0) / (10 + 2.0);
    double x = (4 + s * root) / (10 + s);
    double xa = (4 + s * x) / (4 + s);
    assertThat(first).isCloseTo((4 + s * ((4 + s * root) / (4 + s))) / (4 + s), within(1e-12));
    assertThat(c.probability("r", "a/x" + sep + second, Action.DROP)).isCloseTo((first + xa) / 2, within(1e-12));
  }

  @Test
  void sharesOfColumnsCountWithTheirWeightAndSurviveWriting() throws Exception {
    ExpertCalibration.Builder b = new ExpertCalibration.Builder();
    // one column split 0.3 / 0.7 between two strata, right in both; one whole column wrong in "a"
    b.add("r", "a", List.of(Action.DROP), Set.of(Action.DROP), 0.3);
    b.add("r", "b", List.of(Action.DROP), Set.of(Action.DROP), 0.7);
    b.add("r", "a", List.of(Action.DROP), Set.of());
    ExpertCalibration c = b.build();
    assertThat(c.observations("r")).isCloseTo(2.0, within(1e-12));
    double rule = (1 + 1.0) / (2 + 2.0);
    double s = ExpertCalibration.STRATUM_PRIOR_STRENGTH;
    assertThat(c.probability("r", "a", Action.DROP)).isCloseTo((0.3 + s * rule) / (1.3 + s), within(1e-12));
    java.io.StringWriter w = new java.io.StringWriter();
    c.write(w, "test");
    java.util.Properties p = new java.util.Properties();
    p.load(new java.io.StringReader(w.toString()));
    assertThat(p.getProperty("r/a")).isEqualTo("1.3");
    assertThat(p.getProperty("r/b|drop")).isEqualTo("0.7");
    assertThat(p.getProperty("r")).isEqualTo("2");
  }
}
