package io.aurora.bench.learn;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RecommendationSource;
import io.aurora.recommend.ScoredAction;
import io.aurora.recommend.Source;
import java.util.List;
import java.util.Optional;

/**
 * PLACEHOLDER base source for the learning-curve benchmark only: textbook preprocessing choices from
 * a fingerprint, standing in for the expert rules being written in parallel. The simulator takes any
 * {@link RecommendationSource}; swap this for the expert rules (and the champion model) when they land.
 */
final class TextbookSource implements RecommendationSource {
  @Override
  public Source source() {
    return Source.EXPERT;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint f) {
    return Optional.of(new Proposal(Source.EXPERT, List.of(new ScoredAction(action(f), 0.8)), Imputation.NONE, false,
        "textbook placeholder", null, null));
  }

  private static Action action(Fingerprint f) {
    switch (f.typeClass()) {
      case NUMERIC:
        if (f.distinctEstimate() < 2.5) {
          return Action.KEEP_AS_IS;
        }
        double skew = f.skewness() == null ? 0 : f.skewness();
        if (Math.abs(skew) < 1) {
          return Action.STANDARD_SCALE;
        }
        boolean negatives = f.negativeShare() != null && f.negativeShare() > 0.01;
        return negatives ? Action.POWER_TRANSFORM : Action.LOG_TRANSFORM;
      case STRING:
        if (share(f.dateParseShare()) > 0.5) {
          return Action.EXTRACT_DATETIME;
        }
        if (share(f.numberWithUnitShare()) > 0.5 || share(f.numberParseShare()) > 0.5) {
          return Action.PARSE_NUMERIC;
        }
        if (share(f.listShare()) > 0.5) {
          return Action.SPLIT_LIST;
        }
        if (f.meanTokens() != null && f.meanTokens() > 4) {
          return Action.VECTORIZE_TEXT;
        }
        if (f.distinctRatio() > 0.9) {
          return Action.DROP;
        }
        return f.distinctEstimate() <= 20 ? Action.ONE_HOT_ENCODE : Action.TARGET_ENCODE;
      case DATETIME:
        return Action.EXTRACT_DATETIME;
      case BOOLEAN:
        return Action.ONE_HOT_ENCODE;
      default:
        return Action.DROP;
    }
  }

  private static double share(Double s) {
    return s == null ? 0 : s;
  }
}
