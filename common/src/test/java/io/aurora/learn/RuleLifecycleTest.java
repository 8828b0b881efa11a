package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aurora.learn.RuleLifecycle.Evidence;
import io.aurora.learn.RuleLifecycle.Verdicts;
import io.aurora.recommend.Action;
import java.sql.Timestamp;
import org.junit.jupiter.api.Test;

class RuleLifecycleTest {
  private static final String P = "v2|coarse|numeric|card=cont|sign=positive|skew=+|span=wide";
  private final RuleLifecycle life = new RuleLifecycle(5);
  private final Timestamp t1 = Timestamp.valueOf("2026-01-01 00:00:00");
  private final Timestamp t2 = Timestamp.valueOf("2026-01-02 00:00:00");
  private final Timestamp t3 = Timestamp.valueOf("2026-01-03 00:00:00");

  /** All-time corrections; the epoch's agreeing and contrary verdicts; the same since deactivation; validations. */
  private static Evidence evidence(long corrections, Verdicts epoch, Verdicts sinceDeactivation, long successes, long trials) {
    return new Evidence("t", P, Action.ROBUST_SCALE, corrections, 2, epoch, sinceDeactivation, successes, trials);
  }

  private static Evidence corrections(long n) {
    return Evidence.ofCorrections("t", P, Action.ROBUST_SCALE, n, 2);
  }

  @Test
  void fiveAgreeingCorrectionsCreateAConfidentRuleFourCreateNone() {
    assertThat(life.next(null, corrections(4), t1, "l1")).isEmpty();
    Rule r = life.next(null, corrections(5), t1, "l1").orElseThrow();
    assertThat(r.active()).isTrue();
    assertThat(r.ruleId()).isEqualTo(Rule.idFor("t", P, Action.ROBUST_SCALE)).startsWith("r-");
    assertThat(r.corrections()).isEqualTo(5);
    assertThat(r.analysts()).isEqualTo(2);
    assertThat(r.agreeing()).isEqualTo(5);
    assertThat(r.contrary()).isZero();
    assertThat(r.confidence()).isCloseTo(0.75, within(1e-12)).isGreaterThanOrEqualTo(0.6);
    assertThat(r.epochStartedAt()).isEqualTo(t1);
    assertThat(r.evidenceSince()).isNull();
  }

  @Test
  void contraryVerdictsLowerTheConfidenceAndACrediblyWrongRuleIsBornInactive() {
    Rule split = life.next(null, evidence(5, new Verdicts(5, 3), Verdicts.NONE, 0, 0), t1, "l1").orElseThrow();
    assertThat(split.active()).isTrue();
    assertThat(split.confidence()).isCloseTo(6.0 / 11, within(1e-12));
    Rule wrong = life.next(null, evidence(5, new Verdicts(5, 15), Verdicts.NONE, 0, 0), t1, "l1").orElseThrow();
    assertThat(wrong.active()).isFalse();
    assertThat(wrong.deactivatedAt()).isEqualTo(t1);
    assertThat(wrong.correctionsAtDeactivation()).isEqualTo(5);
  }

  @Test
  void validationsMoveTheConfidenceAndCredibleFailureDeactivates() {
    Rule r = life.next(null, corrections(5), t1, "l1").orElseThrow();
    Rule good = life.next(r, evidence(7, new Verdicts(7, 0), Verdicts.NONE, 9, 10), t2, "l2").orElseThrow();
    assertThat(good.active()).isTrue();
    assertThat(good.confidence()).isEqualTo(new RuleConfidence(7, 0, 9, 10).confidence());
    assertThat(good.updatedAt()).isEqualTo(t2);

    Rule shaky = life.next(r, evidence(5, new Verdicts(5, 0), Verdicts.NONE, 0, 9), t2, "l2").orElseThrow();
    assertThat(shaky.active()).isTrue();
    assertThat(shaky.confidence()).isLessThan(0.6);
    Rule bad = life.next(r, evidence(6, new Verdicts(6, 0), Verdicts.NONE, 1, 13), t2, "l2").orElseThrow();
    assertThat(bad.active()).isFalse();
    assertThat(bad.deactivatedAt()).isEqualTo(t2);
    assertThat(bad.correctionsAtDeactivation()).isEqualTo(6);
  }

  @Test
  void deactivatedRuleStaysOffWithoutNewEvidenceAndComesBackThroughIt() {
    Rule r = life.next(null, corrections(5), t1, "l1").orElseThrow();
    Evidence failed = evidence(6, new Verdicts(6, 0), Verdicts.NONE, 1, 13);
    Rule off = life.next(r, failed, t2, "l2").orElseThrow();
    // same evidence again (a re-run): still off, nothing moves
    Rule again = life.next(off, failed, t3, "l3").orElseThrow();
    assertThat(again.active()).isFalse();
    assertThat(again.deactivatedAt()).isEqualTo(t2);
    // four new corrections are not enough (and do not lift the epoch's posterior out of failure here)
    Evidence four = evidence(10, new Verdicts(6, 10), new Verdicts(4, 0), 1, 13);
    assertThat(life.next(off, four, t3, "l3").orElseThrow().active()).isFalse();
    // five new corrections: back, in a new epoch judged only on what was said since the deactivation
    Rule back = life.next(off, evidence(11, new Verdicts(6, 10), new Verdicts(5, 0), 1, 13), t3, "l3").orElseThrow();
    assertThat(back.active()).isTrue();
    assertThat(back.epoch()).isEqualTo(1);
    assertThat(back.epochStartedAt()).isEqualTo(t3);
    assertThat(back.evidenceSince()).isEqualTo(t2);
    assertThat(back.trials()).isZero();
    assertThat(back.agreeing()).isEqualTo(5);
    assertThat(back.confidence()).isCloseTo(0.75, within(1e-12));
    assertThat(back.deactivatedAt()).isNull();
    // ... unless what was said since then is itself against it
    Rule stillOff = life.next(off, evidence(11, new Verdicts(6, 30), new Verdicts(5, 20), 1, 13), t3, "l3").orElseThrow();
    assertThat(stillOff.active()).isFalse();
  }

  @Test
  void laterVerdictsCanClearADeactivatedRule() {
    Rule r = life.next(null, corrections(5), t1, "l1").orElseThrow();
    Rule off = life.next(r, evidence(5, new Verdicts(5, 0), Verdicts.NONE, 0, 10), t2, "l2").orElseThrow();
    assertThat(off.active()).isFalse();
    Rule cleared = life.next(off, evidence(5, new Verdicts(5, 0), Verdicts.NONE, 10, 20), t3, "l3").orElseThrow();
    assertThat(cleared.active()).isTrue();
    assertThat(cleared.epoch()).isZero();
  }

  @Test
  void rulesOfAnEarlierKeyDefinitionAreRetired() {
    String old = "v1|numeric|card=unique|null=0|skew=+|span=2|neg=n|role=amount";
    Rule r = life.next(null, Evidence.ofCorrections("t", old, Action.ROBUST_SCALE, 5, 1), t1, "l1").orElseThrow();
    Rule retired = life.next(r, new Evidence("t", old, Action.ROBUST_SCALE, 0, 0, Verdicts.NONE, Verdicts.NONE, 0, 0), t2, "l2")
        .orElseThrow();
    assertThat(retired.active()).isFalse();
    assertThat(retired.deactivatedAt()).isEqualTo(t2);
    assertThat(retired.corrections()).isEqualTo(5);
    // and they stay retired whatever is counted later
    assertThat(life.next(retired, Evidence.ofCorrections("t", old, Action.ROBUST_SCALE, 50, 3), t3, "l3").orElseThrow()
        .active()).isFalse();
  }
}
