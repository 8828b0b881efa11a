package io.aurora.model;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.ScoredAction;

/**
 * The built-in expert rules seen as a model: each action scored by the confidence the rules' own
 * proposal gives it (0 for actions they do not rank). Never registered: it is what serves while a
 * tenant has no champion, so it is the baseline every retrained model is evaluated against on the
 * same holdout, and a model that does not beat it is not promoted.
 */
public final class ExpertModel implements ServingModel {
  private static final long serialVersionUID = 1L;
  /** The kind and the label of the baseline in evaluations. */
  public static final String KIND = "expert";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] probabilities(Fingerprint fingerprint, Proposal expert) {
    double[] out = new double[Action.values().length];
    for (ScoredAction a : expert.ranked()) {
      out[a.action().ordinal()] = Math.max(out[a.action().ordinal()], a.confidence());
    }
    return out;
  }
}
