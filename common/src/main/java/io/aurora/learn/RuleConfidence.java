package io.aurora.learn;

import java.io.Serializable;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Beta-Bernoulli model of a rule's success rate p: the probability that its action is the right one
 * for a column of its pattern.
 *
 * <p>Every verdict on a column of the pattern is one Bernoulli observation of p. Verdicts on the
 * rule's own recommendations are its <em>validations</em> (k accepted of m); every other verdict on
 * a column of the pattern is <em>creating evidence</em>: {@code agreeing} when it names the rule's
 * action (the corrections that created the rule, and accepts of that action from another source),
 * {@code contrary} when it names another one. With the prior Beta(1, 2) the posterior is
 * Beta(1 + agreeing + k, 2 + contrary + m − k) and the confidence is its mean: five agreeing
 * corrections and nothing contrary give 6/8 = 0.75. The prior stays sceptical (mean 1/3) so that a
 * rule needs real agreement, not just the absence of disagreement, to be trusted; a rule is
 * deactivated when P(p &lt; 0.5) exceeds 0.9.
 */
public record RuleConfidence(long agreeing, long contrary, long successes, long trials) implements Serializable {
  /** Prior pseudo-successes. */
  public static final double PRIOR_ALPHA = 1.0;
  /** Prior pseudo-failures. */
  public static final double PRIOR_BETA = 2.0;
  /** A rule is deactivated when its success rate is below this ... */
  public static final double FAILING_RATE = 0.5;
  /** ... with at least this posterior probability. */
  public static final double DEACTIVATE_ABOVE = 0.9;

  public RuleConfidence {
    if (agreeing < 0 || contrary < 0) {
      throw new IllegalArgumentException("need agreeing, contrary >= 0: " + agreeing + ", " + contrary);
    }
    if (successes < 0 || trials < successes) {
      throw new IllegalArgumentException("need 0 <= successes <= trials: " + successes + "/" + trials);
    }
  }

  /** The model of validations alone (no creating evidence). */
  public static RuleConfidence ofValidations(long successes, long trials) {
    return new RuleConfidence(0, 0, successes, trials);
  }

  public double alpha() {
    return PRIOR_ALPHA + agreeing + successes;
  }

  public double beta() {
    return PRIOR_BETA + contrary + (trials - successes);
  }

  /** Posterior mean of the success rate: the rule's confidence. */
  public double confidence() {
    return alpha() / (alpha() + beta());
  }

  /** Observed success rate k/m of the validations, NaN without validations. */
  public double successRate() {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }

  /** P(success rate &lt; 0.5 | evidence). */
  public double probabilityFailing() {
    return new BetaDistribution(null, alpha(), beta()).cumulativeProbability(FAILING_RATE);
  }

  /** True when the success rate is credibly below one half. */
  public boolean credibleFailure() {
    return probabilityFailing() > DEACTIVATE_ABOVE;
  }
}
