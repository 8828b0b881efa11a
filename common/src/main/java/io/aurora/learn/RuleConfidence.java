package io.aurora.learn;

import java.io.Serializable;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Beta-Bernoulli model of a rule's success rate, from the validations of the recommendations it made.
 *
 * <p>Prior Beta(1, 2): one pseudo-success and two pseudo-failures, mean 1/3. It is deliberately
 * sceptical. The corrections that created a rule were made on <em>other</em> columns, grouped by a
 * coarse pattern key, so they say the action was right there, not that the rule generalizes; the rule
 * earns its confidence from the outcomes of its own recommendations. With this prior a new rule
 * starts below the 0.6 "uncertain" line, so its first recommendations go to the review queue where
 * analysts quickly produce the validations that decide it; two confirmed validations make it
 * confident (3/5 = 0.6). The roadmap's scenarios hold: 5/5 → 6/8 = 0.75, 50/50 → 51/53 ≈ 0.96,
 * 3/10 → Beta(4, 9) with P(p &lt; 0.5) ≈ 0.93 &gt; 0.9 → deactivated. A uniform Beta(1, 1) would keep
 * 3/10 active (P ≈ 0.89), and adding the creating corrections as successes would push 5/5 to 0.92.
 */
public record RuleConfidence(long successes, long trials) implements Serializable {
  /** Prior pseudo-successes. */
  public static final double PRIOR_ALPHA = 1.0;
  /** Prior pseudo-failures. */
  public static final double PRIOR_BETA = 2.0;
  /** A rule is deactivated when its success rate is below this ... */
  public static final double FAILING_RATE = 0.5;
  /** ... with at least this posterior probability. */
  public static final double DEACTIVATE_ABOVE = 0.9;

  public RuleConfidence {
    if (successes < 0 || trials < successes) {
      throw new IllegalArgumentException("need 0 <= successes <= trials: " + successes + "/" + trials);
    }
  }

  public double alpha() {
    return PRIOR_ALPHA + successes;
  }

  public double beta() {
    return PRIOR_BETA + (trials - successes);
  }

  /** Posterior mean of the success rate: the rule's confidence. */
  public double confidence() {
    return alpha() / (alpha() + beta());
  }

  /** Observed success rate k/m, NaN without validations. */
  public double successRate() {
    return trials == 0 ? Double.NaN : (double) successes / trials;
  }

  /** P(success rate &lt; 0.5 | validations). */
  public double probabilityFailing() {
    return new BetaDistribution(null, alpha(), beta()).cumulativeProbability(FAILING_RATE);
  }

  /** True when the success rate is credibly below one half. */
  public boolean credibleFailure() {
    return probabilityFailing() > DEACTIVATE_ABOVE;
  }
}
