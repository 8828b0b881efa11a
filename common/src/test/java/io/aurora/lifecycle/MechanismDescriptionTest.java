package io.aurora.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.profile.ColumnFamily;
import io.aurora.profile.NoiseCalibration;
import io.aurora.profile.ProfileColumn;
import io.aurora.profile.Statistic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's mechanism lines read back as structure: the profile run's own calibration text in both noise forms. */
class MechanismDescriptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<ProfileColumn> COLUMNS = List.of(
      new ProfileColumn(0, "a", "string", ColumnFamily.STRING),
      new ProfileColumn(1, "b", "double", ColumnFamily.NUMERIC));

  @Test
  void gaussianCalibrationBecomesItsParameters() {
    NoiseCalibration calibration = NoiseCalibration.of(COLUMNS, 1.0, 1e-9);
    ObjectNode m = MechanismDescription.parse(calibration.describe(), JSON);

    assertThat(m.get("distribution").asText()).isEqualTo("discrete_gaussian");
    assertThat(m.get("family").asText()).isEqualTo("fingerprint histograms");
    assertThat(m.get("noise_parameter").asText()).isEqualTo("sigma");
    assertThat(m.get("epsilon").asDouble()).isEqualTo(1.0);
    assertThat(m.get("delta").asDouble()).isEqualTo(1e-9);
    assertThat(m.get("rho").asDouble()).isCloseTo(calibration.rho(), within(calibration.rho() * 1e-3));
    assertThat(m.get("columns").asInt()).isEqualTo(2);
    assertThat(m.path("sensitivity").path("norm").asText()).isEqualTo("l2_squared");
    assertThat(m.path("sensitivity").path("weighted_units").asDouble()).isCloseTo(calibration.units(), within(calibration.units() * 1e-3));
    // one key per statistic, the value its noise σ per count: no key is a fragment of the text
    assertThat(m.get("noise_per_count").size()).isEqualTo(Statistic.values().length);
    for (Statistic s : Statistic.values()) {
      assertThat(m.get("noise_per_count").get(s.wireName()).asDouble()).as(s.wireName())
          .isCloseTo(calibration.countStd(s), within(calibration.countStd(s) * 1e-3));
    }
    assertThat(MechanismDescription.rho(m, 1.0, 1e-9)).hasValue(m.get("rho").asDouble());
  }

  @Test
  void laplaceCalibrationBecomesItsParametersAndItsZcdpEquivalent() {
    NoiseCalibration calibration = NoiseCalibration.of(COLUMNS, 0.5, 0);
    ObjectNode m = MechanismDescription.parse(calibration.describe(), JSON);

    assertThat(m.get("distribution").asText()).isEqualTo("discrete_laplace");
    assertThat(m.get("noise_parameter").asText()).isEqualTo("scale");
    assertThat(m.get("epsilon").asDouble()).isEqualTo(0.5);
    assertThat(m.get("delta").asDouble()).isZero();
    assertThat(m.has("rho")).isFalse();
    assertThat(m.path("sensitivity").path("norm").asText()).isEqualTo("l1");
    assertThat(m.get("noise_per_count").get("kinds").asDouble())
        .isCloseTo(calibration.parameter(Statistic.KINDS), within(calibration.parameter(Statistic.KINDS) * 1e-3));
    assertThat(MechanismDescription.rho(m, 0.5, 0)).hasValue(0.125); // ε-DP is ε²/2-zCDP
  }

  @Test
  void familyCountsAndUnknownTextStayWhole() {
    ObjectNode counted = MechanismDescription.parse("laplace:12,gaussian:2,laplace:1", JSON);
    assertThat(counted.toString()).isEqualTo("{\"families\":{\"laplace\":13,\"gaussian\":2}}");

    String odd = "some future mechanism (a 1, b 2), with commas";
    ObjectNode unknown = MechanismDescription.parse(odd, JSON);
    assertThat(unknown.toString()).isEqualTo(JSON.createObjectNode().put("description", odd).toString());
    assertThat(MechanismDescription.rho(unknown, 1.0, 1e-9)).isEmpty();
  }
}
