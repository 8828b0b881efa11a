package io.aurora.recommend;

import io.aurora.fingerprint.Fingerprint;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A fitted model that says, for an expert-rule decision, how probable each corpus type is, so that
 * {@link ExpertRules} can re-rank and calibrate the rule's own candidate actions with it.
 */
public interface ExpertTypeScorer extends Serializable {
  /**
   * Probability of each type for {@code f}, decided by {@code firing}, with the stratum
   * {@code calibration} at hand; null when the model has no opinion on such a fingerprint.
   */
  double[] probabilities(Fingerprint f, RuleFiring firing, ExpertCalibration calibration);

  /** The probability that {@code action} is acceptable: the summed probability of the types it is right for. */
  double acceptable(double[] probabilities, Action action);

  /** Share of the model in an action's confidence; the rest is the stratum calibration's probability. */
  double weight();

  /** The summed probability of the types whose acceptable actions ({@code acceptable}, one set per type) hold {@code action}, at most 1. */
  static double acceptableMass(double[] probabilities, List<Set<Action>> acceptable, Action action) {
    double sum = 0;
    for (int c = 0; c < probabilities.length; c++) {
      if (acceptable.get(c).contains(action)) {
        sum += probabilities[c];
      }
    }
    return Math.min(1.0, sum);
  }
}
