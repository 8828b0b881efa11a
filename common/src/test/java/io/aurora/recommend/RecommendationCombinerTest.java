package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.fingerprint.Fingerprint;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class RecommendationCombinerTest {
  /** A rule source that answers only for columns named "price". */
  private record PriceRule(double confidence) implements RecommendationSource {
    @Override
    public Source source() {
      return Source.RULE;
    }

    @Override
    public Optional<Proposal> propose(Fingerprint f) {
      if (!f.columnName().equals("price")) {
        return Optional.empty();
      }
      return Optional.of(new Proposal(Source.RULE, List.of(new ScoredAction(Action.ROBUST_SCALE, confidence)),
          Imputation.MEDIAN, false, "learned rule r-1: 7 corrections", "r-1", null));
    }
  }

  private static final Timestamp NOW = new Timestamp(1_700_000_000_000L);

  @Test
  void strongerSourceAnswersFirstAndExpertAlwaysAnswers() {
    RecommendationCombiner c = new RecommendationCombiner(List.of(new PriceRule(0.9)), 0.6, null);
    assertThat(c.sources()).last().isInstanceOf(ExpertRules.class);
    Recommendation price = c.recommend(TestFingerprints.numeric().name("price").build(), NOW);
    assertThat(price.source()).isEqualTo(Source.RULE);
    assertThat(price.action()).isEqualTo(Action.ROBUST_SCALE);
    assertThat(price.ruleId()).isEqualTo("r-1");
    assertThat(price.status()).isEqualTo(Recommendation.CONFIDENT);
    Recommendation other = c.recommend(TestFingerprints.numeric().name("weight").build(), NOW);
    assertThat(other.source()).isEqualTo(Source.EXPERT);
    assertThat(other.explanation()).startsWith("expert rule");
  }

  @Test
  void belowTheThresholdIsUncertainWithThreeAlternativesToppedUpByTheExpert() {
    RecommendationCombiner c = new RecommendationCombiner(List.of(new PriceRule(0.4)), 0.6, null);
    Recommendation r = c.recommend(TestFingerprints.numeric().name("price").build(), NOW);
    assertThat(r.status()).isEqualTo(Recommendation.UNCERTAIN);
    assertThat(r.alternatives()).hasSize(3);
    assertThat(r.alternatives()).extracting(ScoredAction::action).doesNotContain(Action.ROBUST_SCALE).doesNotHaveDuplicates();
  }

  @Test
  void idsAreDeterministicAndPatternKeyIsInjected() {
    Function<Fingerprint, String> key = (Function<Fingerprint, String> & Serializable) f -> "k:" + f.typeClass().wireName();
    RecommendationCombiner c = new RecommendationCombiner(List.of(), 0.6, key);
    Fingerprint f = TestFingerprints.numeric().build();
    Recommendation a = c.recommend(f, NOW);
    Recommendation b = c.recommend(f, new Timestamp(0));
    assertThat(a.recommendationId()).isEqualTo(b.recommendationId())
        .isEqualTo(Recommendation.idFor("t", "d", "r1", "amount"));
    assertThat(a.patternKey()).isEqualTo("k:numeric");
    assertThat(new RecommendationCombiner(List.of(), 0.6, null).recommend(f, NOW).patternKey()).isNull();
  }

  @Test
  void rejectsAPatternKeyThatCannotTravelToExecutors() {
    Function<Fingerprint, String> notSerializable = new Function<>() {
      @Override
      public String apply(Fingerprint f) {
        return "x";
      }
    };
    assertThatThrownBy(() -> new RecommendationCombiner(List.of(), 0.6, notSerializable))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    RecommendationCombiner c = new RecommendationCombiner(List.of(new PriceRule(0.9)), 0.6, null);
    RecommendationCombiner copy = SerializationUtils.roundtrip(c);
    Fingerprint f = TestFingerprints.numeric().name("price").build();
    assertThat(copy.recommend(f, NOW)).isEqualTo(c.recommend(f, NOW));
  }
}
