package io.aurora.model;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertCalibration;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.ExpertThresholds;
import io.aurora.recommend.ExpertTypeTrees;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RuleFiring;
import io.aurora.recommend.ScoredAction;

/**
 * The shipped re-ranker served as a registered model (its first version): gradient-boosted type
 * trees, fitted on the public feature-type corpus, that re-rank and calibrate the expert rule's own
 * candidate actions. Actions the rule did not propose get probability 0.
 */
public final class RerankerModel implements ServingModel {
  private static final long serialVersionUID = 1L;

  private final ExpertRules reranked;

  public RerankerModel(ExpertTypeTrees trees) {
    requireNonNull(trees, "trees is null");
    this.reranked = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped(), trees);
  }

  @Override
  public String kind() {
    return ModelArtifact.RERANKER;
  }

  @Override
  public double[] probabilities(Fingerprint fingerprint, RuleFiring firing) {
    Proposal p = reranked.propose(fingerprint).orElseThrow();
    double[] out = new double[Action.values().length];
    for (ScoredAction a : p.ranked()) {
      out[a.action().ordinal()] = a.confidence();
    }
    return out;
  }
}
