package io.aurora.model;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Proposal;
import java.io.Serializable;

/**
 * A model as {@code recommend} serves it and {@code retrain} compares it: for a fingerprint and the
 * expert rules' proposal for it, the probability of each action. Serializable: loaded once on the
 * driver and broadcast to the executors.
 */
public interface ServingModel extends Serializable {
  /** What kind of model this is ({@link ModelArtifact#ENSEMBLE}, or {@link ExpertModel#KIND} for the baseline). */
  String kind();

  /**
   * Probability of each action, indexed by {@code Action.ordinal()}, or null when the model has no
   * opinion on such a fingerprint (the next source answers).
   */
  double[] probabilities(Fingerprint fingerprint, Proposal expert);
}
