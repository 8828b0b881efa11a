package io.aurora.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.profile.ReleaseBudget;
import org.junit.jupiter.api.Test;

/** The ledger's mechanism lines read back as structure: the profile run's own budget text in both noise forms. */
class MechanismDescriptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void gaussianBudgetBecomesItsParametersAndStages() {
    ReleaseBudget budget = ReleaseBudget.of(1.0, 1e-9);
    ObjectNode m = MechanismDescription.parse(budget.describe(), JSON);

    assertThat(m.get("distribution").asText()).isEqualTo("discrete_gaussian");
    assertThat(m.get("family").asText()).isEqualTo("fingerprint release in two stages");
    assertThat(m.get("epsilon").asDouble()).isEqualTo(1.0);
    assertThat(m.get("delta").asDouble()).isEqualTo(1e-9);
    assertThat(m.get("rho").asDouble()).isCloseTo(budget.rho(), within(budget.rho() * 1e-3));
    assertThat(m.get("stages")).hasSize(2);
    for (int stage = 1; stage <= 2; stage++) {
      ObjectNode s = (ObjectNode) m.get("stages").get(stage - 1);
      assertThat(s.get("stage").asInt()).isEqualTo(stage);
      assertThat(s.get("rho").asDouble()).isCloseTo(budget.stageAmount(stage), within(budget.stageAmount(stage) * 1e-3));
    }
    assertThat(MechanismDescription.rho(m, 1.0, 1e-9)).hasValue(m.get("rho").asDouble());
  }

  @Test
  void aKeySelectionBecomesItsOwnPartBesideTheStages() {
    ReleaseBudget budget = ReleaseBudget.withKeySelection(1.0, 1e-9, 32, "events.jsonl");
    ObjectNode m = MechanismDescription.parse(budget.describe(), JSON);

    assertThat(m.get("family").asText()).isEqualTo("fingerprint release in two stages");
    assertThat(m.get("stages")).hasSize(2);
    ObjectNode selection = (ObjectNode) m.get("key_selection");
    assertThat(selection.get("max_keys_per_row").asInt()).isEqualTo(32);
    assertThat(selection.get("rho").asDouble()).isCloseTo(budget.keySelectionRho(), within(budget.keySelectionRho() * 1e-3));
    assertThat(selection.get("delta").asDouble()).isCloseTo(1e-12, within(1e-14));
    assertThat(m.get("stages").get(0).get("rho").asDouble() + m.get("stages").get(1).get("rho").asDouble()
        + selection.get("rho").asDouble()).isCloseTo(budget.rho(), within(budget.rho() * 1e-3));
  }

  @Test
  void laplaceBudgetBecomesItsParametersAndItsZcdpEquivalent() {
    ReleaseBudget budget = ReleaseBudget.of(0.5, 0);
    ObjectNode m = MechanismDescription.parse(budget.describe(), JSON);

    assertThat(m.get("distribution").asText()).isEqualTo("discrete_laplace");
    assertThat(m.get("epsilon").asDouble()).isEqualTo(0.5);
    assertThat(m.get("delta").asDouble()).isZero();
    assertThat(m.has("rho")).isFalse();
    assertThat(m.get("stages").get(0).get("epsilon").asDouble()).isCloseTo(0.15, within(1e-4));
    assertThat(m.get("stages").get(1).get("epsilon").asDouble()).isCloseTo(0.35, within(1e-4));
    assertThat(MechanismDescription.rho(m, 0.5, 0)).hasValue(0.125); // ε-DP is ε²/2-zCDP
  }

  @Test
  void earlierSingleStageCalibrationStillReads() {
    String earlier = "fingerprint histograms, discrete Gaussian sigma per count (kinds 60.19, magnitudes 42.56), "
        + "rho=0.0331 zCDP -> (eps=1, delta=1e-09) over 14 columns (52.5 weighted L2^2 sensitivity units)";
    ObjectNode m = MechanismDescription.parse(earlier, JSON);
    assertThat(m.get("noise_per_count").get("kinds").asDouble()).isEqualTo(60.19);
    assertThat(m.get("columns").asInt()).isEqualTo(14);
    assertThat(m.get("rho").asDouble()).isEqualTo(0.0331);
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
