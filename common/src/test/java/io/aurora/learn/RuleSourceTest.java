package io.aurora.learn;

import static io.aurora.learn.TestFingerprints.numeric;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.Source;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSourceTest {
  private static final Timestamp T = Timestamp.valueOf("2026-01-01 00:00:00");
  private final Fingerprint amount = numeric("acme", "b", "r9", "net_amount", 5_000, 4_900, 0.0, 0.8, 2.0, 0.0);
  private final String pattern = PatternKey.of(amount).value();

  private static Rule rule(String tenant, String pattern, Action action, long corrections, long k, long m, boolean active) {
    return rule(tenant, pattern, action, corrections, 0, 0, k, m, active);
  }

  private static Rule rule(String tenant, String pattern, Action action, long corrections, long analysts, long contrary,
      long k, long m, boolean active) {
    RuleConfidence c = new RuleConfidence(corrections, contrary, k, m);
    return new Rule(tenant, Rule.idFor(tenant, pattern, action), pattern, action, corrections, 0, k, m, c.confidence(),
        c.probabilityFailing(), active, 0, T, T, T, null, "l1", corrections, contrary, analysts, null);
  }

  @Test
  void matchingActiveRuleProposesItsActionWithItsConfidenceAndEvidence() throws Exception {
    Rule r = rule("acme", pattern, Action.ROBUST_SCALE, 7, 9, 10, true);
    RuleSource source = RuleSource.of("acme", List.of(r));
    Proposal p = source.propose(amount).orElseThrow();
    assertThat(p.source()).isEqualTo(Source.RULE);
    assertThat(p.top().action()).isEqualTo(Action.ROBUST_SCALE);
    assertThat(p.top().confidence()).isEqualTo(r.confidence());
    assertThat(p.ruleId()).isEqualTo(r.ruleId());
    assertThat(p.explanation()).isEqualTo("rule " + r.ruleId() + ": 7 corrections on columns like this: positive "
        + "right-skewed continuous amounts spanning 1+ decades → robust_scale; 9 of its 10 recommendations accepted");
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(source);
  }

  @Test
  void explanationSaysInWordsWhatTheRuleLearnedFromNotTheKey() {
    Rule coarse = rule("acme", PatternKey.coarse(amount).value(), Action.ROBUST_SCALE, 5, 2, 1, 0, 0, true);
    Proposal p = RuleSource.of("acme", List.of(coarse)).propose(amount).orElseThrow();
    assertThat(p.explanation()).isEqualTo("rule " + coarse.ruleId() + ": 5 corrections by 2 analysts on columns like "
        + "this: positive right-skewed continuous numbers spanning 1+ decades → robust_scale; 1 verdict on such columns "
        + "chose another action");
    assertThat(p.explanation()).doesNotContain(coarse.patternKey()).doesNotContain("v2|");
    Rule one = rule("acme", pattern, Action.DROP, 1, 1, 0, 1, 1, true);
    assertThat(RuleSource.explain(one)).contains(": 1 correction by 1 analyst on columns like this: ")
        .endsWith("; 1 of its 1 recommendation accepted");
  }

  @Test
  void inactiveRulesOtherPatternsAndOtherTenantsPropose_nothing() {
    RuleSource inactive = RuleSource.of("acme", List.of(rule("acme", pattern, Action.DROP, 7, 3, 10, false)));
    assertThat(inactive.propose(amount)).isEmpty();
    RuleSource otherPattern = RuleSource.of("acme", List.of(rule("acme", "v2|string|x", Action.DROP, 7, 0, 0, true)));
    assertThat(otherPattern.propose(amount)).isEmpty();
    // a rule of tenant globex never reaches acme, even when handed to acme's source
    RuleSource acme = RuleSource.of("acme", List.of(rule("globex", pattern, Action.DROP, 50, 50, 50, true)));
    assertThat(acme.propose(amount)).isEmpty();
    // and acme's source says nothing about globex's columns
    RuleSource acmeRules = RuleSource.of("acme", List.of(rule("acme", pattern, Action.DROP, 7, 0, 0, true)));
    Fingerprint globexColumn = numeric("globex", "b", "r9", "net_amount", 5_000, 4_900, 0.0, 0.8, 2.0, 0.0);
    assertThat(acmeRules.propose(globexColumn)).isEmpty();
  }

  @Test
  void fineRuleWinsOverCoarseRuleAndCoarseRuleCoversOtherNames() {
    Rule coarse = rule("acme", PatternKey.coarse(amount).value(), Action.LOG_TRANSFORM, 20, 30, 30, true);
    Rule fine = rule("acme", pattern, Action.ROBUST_SCALE, 5, 0, 0, true);
    RuleSource source = RuleSource.of("acme", List.of(coarse, fine));
    assertThat(source.propose(amount).orElseThrow().ruleId()).isEqualTo(fine.ruleId());
    Fingerprint sameShapeOtherName = numeric("acme", "b", "r9", "colour", 5_000, 4_900, 0.3, 0.8, 2.0, 0.0);
    assertThat(source.propose(sameShapeOtherName).orElseThrow().ruleId()).isEqualTo(coarse.ruleId());
  }

  @Test
  void strongestRuleOfAPatternWinsOthersBecomeAlternatives() {
    Rule weak = rule("acme", pattern, Action.LOG_TRANSFORM, 5, 1, 2, true);
    Rule strong = rule("acme", pattern, Action.ROBUST_SCALE, 6, 8, 9, true);
    Proposal p = RuleSource.of("acme", List.of(weak, strong)).propose(amount).orElseThrow();
    assertThat(p.ranked()).extracting(s -> s.action()).containsExactly(Action.ROBUST_SCALE, Action.LOG_TRANSFORM);
    assertThat(p.ranked().stream().mapToDouble(s -> s.confidence()).sum()).isLessThanOrEqualTo(1.0);
  }
}
