package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.recommend.Action;
import java.sql.Timestamp;
import org.junit.jupiter.api.Test;

class RuleLifecycleTest {
  private static final String P = "v1|numeric|card=unique|null=0|skew=+1|span=2|neg=n|role=amount";
  private final RuleLifecycle life = new RuleLifecycle(5);
  private final Timestamp t1 = Timestamp.valueOf("2026-01-01 00:00:00");
  private final Timestamp t2 = Timestamp.valueOf("2026-01-02 00:00:00");
  private final Timestamp t3 = Timestamp.valueOf("2026-01-03 00:00:00");

  private RuleLifecycle.Evidence evidence(long corrections, long successes, long trials) {
    return new RuleLifecycle.Evidence("t", P, Action.ROBUST_SCALE, corrections, successes, trials);
  }

  @Test
  void fiveCorrectionsCreateARuleFourDoNot() {
    assertThat(life.next(null, evidence(4, 0, 0), t1, "l1")).isEmpty();
    Rule r = life.next(null, evidence(5, 0, 0), t1, "l1").orElseThrow();
    assertThat(r.active()).isTrue();
    assertThat(r.ruleId()).isEqualTo(Rule.idFor("t", P, Action.ROBUST_SCALE)).startsWith("r-");
    assertThat(r.corrections()).isEqualTo(5);
    assertThat(r.confidence()).isLessThan(0.6);
    assertThat(r.epochStartedAt()).isEqualTo(t1);
  }

  @Test
  void validationsSetConfidenceAndCredibleFailureDeactivates() {
    Rule r = life.next(null, evidence(5, 0, 0), t1, "l1").orElseThrow();
    Rule good = life.next(r, evidence(7, 9, 10), t2, "l2").orElseThrow();
    assertThat(good.active()).isTrue();
    assertThat(good.confidence()).isEqualTo(new RuleConfidence(9, 10).confidence());
    assertThat(good.evidence()).isEqualTo("rule " + r.ruleId() + ": 7 corrections, 9/10 validations");

    Rule bad = life.next(r, evidence(6, 3, 10), t2, "l2").orElseThrow();
    assertThat(bad.active()).isFalse();
    assertThat(bad.deactivatedAt()).isEqualTo(t2);
    assertThat(bad.correctionsAtDeactivation()).isEqualTo(6);
  }

  @Test
  void deactivatedRuleStaysOffWithoutNewEvidenceAndComesBackThroughIt() {
    Rule r = life.next(null, evidence(5, 0, 0), t1, "l1").orElseThrow();
    Rule off = life.next(r, evidence(6, 3, 10), t2, "l2").orElseThrow();
    // same evidence again (a re-run): still off, nothing moves
    Rule again = life.next(off, evidence(6, 3, 10), t3, "l3").orElseThrow();
    assertThat(again.active()).isFalse();
    assertThat(again.deactivatedAt()).isEqualTo(t2);
    // four new corrections are not enough
    assertThat(life.next(off, evidence(10, 3, 10), t3, "l3").orElseThrow().active()).isFalse();
    // five new corrections: back, in a new epoch judged only from now on
    Rule back = life.next(off, evidence(11, 3, 10), t3, "l3").orElseThrow();
    assertThat(back.active()).isTrue();
    assertThat(back.epoch()).isEqualTo(1);
    assertThat(back.epochStartedAt()).isEqualTo(t3);
    assertThat(back.trials()).isZero();
    assertThat(back.deactivatedAt()).isNull();
  }

  @Test
  void lateValidationsCanClearADeactivatedRule() {
    Rule r = life.next(null, evidence(5, 0, 0), t1, "l1").orElseThrow();
    Rule off = life.next(r, evidence(5, 3, 10), t2, "l2").orElseThrow();
    Rule cleared = life.next(off, evidence(5, 13, 20), t3, "l3").orElseThrow();
    assertThat(cleared.active()).isTrue();
    assertThat(cleared.epoch()).isZero();
  }
}
