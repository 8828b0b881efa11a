package io.aurora.recommend;

/**
 * The outcome of comparing a released statistic with a threshold under its noise: reliably true,
 * reliably false, or unknown (the margin is under {@link #RELIABLE} noise std), with the probability
 * that the statistic's noiseless value is on the tested side (normal approximation of the noise).
 * Tests on public metadata (the column's name or Spark type) are exact.
 */
public record Test(Outcome outcome, double probability) {
  /** Margin, in noise std, beyond which a comparison is reliable: about 2.3 % wrong each way. */
  public static final double RELIABLE = 2.0;

  public enum Outcome { TRUE, FALSE, UNKNOWN }

  public static final Test TRUE = new Test(Outcome.TRUE, 1);
  public static final Test FALSE = new Test(Outcome.FALSE, 0);

  public static Test of(boolean known) {
    return known ? TRUE : FALSE;
  }

  /** The test "x ≥ t" for an estimate x with noise std {@code std} (0: exact). */
  public static Test atLeast(double x, double t, double std) {
    if (Double.isNaN(x)) {
      return FALSE;
    }
    if (!(std > 0)) {
      return of(x >= t);
    }
    double z = (x - t) / std;
    double p = phi(z);
    return new Test(z >= RELIABLE ? Outcome.TRUE : z <= -RELIABLE ? Outcome.FALSE : Outcome.UNKNOWN, p);
  }

  /** The test "x ≤ t". */
  public static Test atMost(double x, double t, double std) {
    return atLeast(x, t, std).not();
  }

  public boolean isTrue() {
    return outcome == Outcome.TRUE;
  }

  public boolean isFalse() {
    return outcome == Outcome.FALSE;
  }

  public boolean isUnknown() {
    return outcome == Outcome.UNKNOWN;
  }

  /** True when the statistic is more likely than not on the tested side. */
  public boolean likely() {
    return outcome == Outcome.TRUE || (outcome == Outcome.UNKNOWN && probability >= 0.5);
  }

  /**
   * This test taken as settled on its more likely side, keeping its probability: for a supporting
   * condition of a decisive rule (the values are integers) whose own margin need not be reliable
   * for the rule's decision to be.
   */
  public Test presumed() {
    return likely() ? new Test(Outcome.TRUE, probability) : new Test(Outcome.FALSE, probability);
  }

  public Test not() {
    return new Test(outcome == Outcome.TRUE ? Outcome.FALSE : outcome == Outcome.FALSE ? Outcome.TRUE : Outcome.UNKNOWN,
        1 - probability);
  }

  /** Both: false when either is reliably false, true when both are reliably true. */
  public Test and(Test other) {
    Outcome o = outcome == Outcome.FALSE || other.outcome == Outcome.FALSE ? Outcome.FALSE
        : outcome == Outcome.TRUE && other.outcome == Outcome.TRUE ? Outcome.TRUE : Outcome.UNKNOWN;
    return new Test(o, probability * other.probability);
  }

  /**
   * Either: true when either is reliably true, false when both are reliably false. Its probability is
   * the larger of the two, which holds whatever ties them: the tests a rule joins read statistics of
   * one noisy histogram (the quantile skew, the third moment, the outlier mass), and taking them for
   * independent showed an undecided rule as "100 % likely" when neither side was.
   */
  public Test or(Test other) {
    Outcome o = outcome == Outcome.TRUE || other.outcome == Outcome.TRUE ? Outcome.TRUE
        : outcome == Outcome.FALSE && other.outcome == Outcome.FALSE ? Outcome.FALSE : Outcome.UNKNOWN;
    return new Test(o, Math.max(probability, other.probability));
  }

  /** The standard normal distribution function. */
  static double phi(double z) {
    return 0.5 * org.apache.commons.math3.special.Erf.erfc(-z / Math.sqrt(2));
  }
}
