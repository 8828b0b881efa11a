package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * One built-in expert rule: when it applies ({@link Condition}, a {@link Test} under the
 * fingerprint's noise), what it recommends ({@link Decision}) and how missing values of such a column
 * are imputed. A <em>decisive</em> rule takes a column out of its type's usual treatment (drop it,
 * call it an identifier, a constant, a flag): it fires only when its condition holds reliably, and an
 * unreliable one is skipped, so the column falls back on what is reliably known. A graded rule picks
 * between treatments that suit the column's type either way (one-hot or target encoding, log or
 * robust scaling) and fires on the more likely side, with a confidence that says how likely; one
 * whose fallback also suits the column (robust or standard scaling) may ask for more than an even
 * chance before it fires.
 */
public final class ExpertRule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** When a rule applies. */
  @FunctionalInterface
  public interface Condition extends Serializable {
    Test test(Reading r);
  }

  /** What a rule recommends for a column it applies to. */
  @FunctionalInterface
  public interface Decision extends Serializable {
    Verdict decide(Reading r);
  }

  /**
   * A rule's recommendation: the action, the runners-up it considers plausible (best first), the
   * probability that the choice between them was made on the right side of its own threshold (1 when
   * it made none), and the statistics that decided, as a person reads them.
   */
  public record Verdict(Action action, List<Action> runnersUp, double probability, String because) implements Serializable {
    public Verdict {
      requireNonNull(action, "action is null");
      requireNonNull(because, "because is null");
      runnersUp = List.copyOf(runnersUp);
    }

    public static Verdict of(Action action, String because, Action... runnersUp) {
      return new Verdict(action, List.of(runnersUp), 1, because);
    }
  }

  /** The kind of column for the imputation of its missing values (sklearn SimpleImputer practice). */
  public enum ImputationKind { NONE, SYMMETRIC, SKEWED, CATEGORY, DATETIME, TEXT }

  private final RuleId id;
  /** The probability from which an undecided condition fires the rule: never (+∞) for a decisive one. */
  private final double likelyFrom;
  private final ImputationKind imputation;
  private final Condition when;
  private final Decision then;

  private ExpertRule(RuleId id, double likelyFrom, ImputationKind imputation, Condition when, Decision then) {
    this.id = requireNonNull(id, "id is null");
    this.likelyFrom = likelyFrom;
    this.imputation = requireNonNull(imputation, "imputation is null");
    this.when = requireNonNull(when, "when is null");
    this.then = requireNonNull(then, "then is null");
  }

  /** A rule that fires only when its condition holds reliably. */
  static ExpertRule decisive(RuleId id, ImputationKind imputation, Condition when, Decision then) {
    return new ExpertRule(id, Double.POSITIVE_INFINITY, imputation, when, then);
  }

  /** A rule that fires when its condition more likely holds than not. */
  static ExpertRule graded(RuleId id, ImputationKind imputation, Condition when, Decision then) {
    return graded(id, imputation, 0.5, when, then);
  }

  /** A rule that fires when its condition holds reliably or with at least probability {@code likelyFrom}. */
  static ExpertRule graded(RuleId id, ImputationKind imputation, double likelyFrom, Condition when, Decision then) {
    if (!(likelyFrom >= 0.5 && likelyFrom < 1)) {
      throw new IllegalArgumentException("likelyFrom must be in [0.5, 1): " + likelyFrom);
    }
    return new ExpertRule(id, likelyFrom, imputation, when, then);
  }

  /** Whether this rule fires on a condition that tested {@code t}. */
  public boolean fires(Test t) {
    return t.isTrue() || (t.isUnknown() && t.probability() >= likelyFrom);
  }

  public RuleId id() {
    return id;
  }

  public boolean decisive() {
    return likelyFrom == Double.POSITIVE_INFINITY;
  }

  public ImputationKind imputation() {
    return imputation;
  }

  public Test test(Reading r) {
    return when.test(r);
  }

  public Verdict decide(Reading r) {
    return then.decide(r);
  }

  @Override
  public String toString() {
    return "ExpertRule[" + id.wireName() + (decisive() ? ", decisive" : ", graded") + "]";
  }
}
