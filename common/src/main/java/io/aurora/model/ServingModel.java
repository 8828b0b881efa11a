package io.aurora.model;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.RuleFiring;
import java.io.Serializable;

/**
 * A registered model as {@code recommend} serves it: for a fingerprint and the expert rule that
 * fired on it, the probability of each action. Serializable: loaded once on the driver and
 * broadcast to the executors.
 */
public interface ServingModel extends Serializable {
  /** What kind of model this is ({@link ModelArtifact#ENSEMBLE} or {@link ModelArtifact#RERANKER}). */
  String kind();

  /**
   * Probability of each action, indexed by {@code Action.ordinal()}, or null when the model has no
   * opinion on such a fingerprint (the next source answers).
   */
  double[] probabilities(Fingerprint fingerprint, RuleFiring firing);
}
