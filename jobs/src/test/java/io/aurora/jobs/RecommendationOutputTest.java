package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.ScoredAction;
import io.aurora.recommend.Source;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationOutputTest {
  private static final Recommendation REC = new Recommendation("default", "sales", "run-1",
      Recommendation.idFor("default", "sales", "run-1", "price"), 0, "price", Action.LOG_TRANSFORM, 0.91234,
      Recommendation.CONFIDENT, Source.EXPERT, List.of(new ScoredAction(Action.ROBUST_SCALE, 0.06)), Imputation.MEDIAN,
      false, "expert rule log_skewed: non-negative, right-skewed (skew≈4.2), spans 5 decades → log_transform", null,
      "expert:log_skewed", null, new Timestamp(0));

  @Test
  void jsonHasExactlyTheSpecFieldsInOrder() throws Exception {
    JsonNode node = new ObjectMapper().readTree(RecommendationOutput.toJson(REC));
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("tenant", "dataset", "run_id", "recommendation_id", "column", "action",
        "confidence", "status", "source", "alternatives", "imputation", "explanation");
    assertThat(node.get("action").asText()).isEqualTo("log_transform");
    assertThat(node.get("confidence").asDouble()).isEqualTo(0.912);
    assertThat(node.get("source").asText()).isEqualTo("expert");
    assertThat(node.get("alternatives").get(0).get("action").asText()).isEqualTo("robust_scale");
    assertThat(node.get("imputation").asText()).isEqualTo("median");
  }

  @Test
  void jsonModePrintsOneObjectPerLineAndNothingElse() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RecommendationOutput.print(List.of(REC, REC), true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
  }
}
