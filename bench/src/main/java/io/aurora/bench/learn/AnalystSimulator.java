package io.aurora.bench.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.learn.PatternKey;
import io.aurora.learn.Rule;
import io.aurora.learn.RuleLifecycle;
import io.aurora.learn.RuleSource;
import io.aurora.recommend.Action;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RecommendationSource;
import io.aurora.recommend.Source;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An analyst working through a domain: each round a new dataset is recommended (learned rules first,
 * then the base source), the analyst accepts what is right and corrects what is wrong, and a learn
 * run follows. The learn step is the production {@link RuleLifecycle} over the same counts the Spark
 * {@code RuleLearner} aggregates (corrections per pattern and action; validations per rule since its
 * epoch), held in memory here so that a curve of many rounds runs in seconds.
 */
final class AnalystSimulator {
  private final String tenant;
  private final RecommendationSource base;
  private final RuleLifecycle lifecycle;
  private final boolean coarseLevel;
  private final List<Verdict> feedback = new ArrayList<>();
  private final Map<String, Rule> rules = new HashMap<>();
  private int corrections;
  private long clock;

  /** One verdict as learn sees it: pattern of the judged column, the right action, what was recommended and by whom. */
  private record Verdict(List<String> patterns, Action label, Action recommended, Source source, String ruleId, long at) {}

  /** A point of the learning curve. */
  record Point(int round, int corrections, int rules, double accuracy) {}

  /** {@code coarseLevel} false learns at the fine pattern key only (for comparison). */
  AnalystSimulator(String tenant, RecommendationSource base, RuleLifecycle lifecycle, boolean coarseLevel) {
    this.coarseLevel = coarseLevel;
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.base = requireNonNull(base, "base is null");
    this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
  }

  /** Recommends, judges and learns one dataset. */
  void round(List<HouseStyleDomain.Column> dataset) {
    clock += 10;
    RuleSource ruleSource = RuleSource.of(tenant, rules.values());
    for (HouseStyleDomain.Column c : dataset) {
      Proposal p = recommend(ruleSource, c.fingerprint());
      Action recommended = p.top().action();
      if (recommended != c.house()) {
        corrections++;
      }
      List<String> patterns = coarseLevel
          ? PatternKey.levels(c.fingerprint()).stream().map(PatternKey::value).toList()
          : List.of(PatternKey.of(c.fingerprint()).value());
      feedback.add(new Verdict(patterns, c.house(), recommended, p.source(), p.ruleId(), clock));
    }
    learn();
  }

  private Proposal recommend(RuleSource ruleSource, Fingerprint fp) {
    // strongest source first, first proposal wins (as the recommender's combiner does)
    Optional<Proposal> fromRules = ruleSource.propose(fp);
    return fromRules.orElseGet(() -> base.propose(fp).orElseThrow());
  }

  private void learn() {
    clock += 1;
    Timestamp now = new Timestamp(clock);
    Map<String, long[]> correctionCounts = new HashMap<>();
    for (Verdict v : feedback) {
      if (v.label() != v.recommended()) {
        for (String pattern : v.patterns()) {
          correctionCounts.computeIfAbsent(pattern + '\u0000' + v.label().name(), k -> new long[1])[0]++;
        }
      }
    }
    Map<String, long[]> validations = new HashMap<>();
    for (Verdict v : feedback) {
      Rule r = v.ruleId() == null ? null : rules.get(v.ruleId());
      if (v.source() == Source.RULE && r != null && v.at() >= r.epochStartedAt().getTime()) {
        long[] km = validations.computeIfAbsent(v.ruleId(), k -> new long[2]);
        km[0] += v.label() == v.recommended() ? 1 : 0;
        km[1]++;
      }
    }
    Map<String, RuleLifecycle.Evidence> evidence = new HashMap<>();
    correctionCounts.forEach((key, n) -> {
      String pattern = key.substring(0, key.indexOf('\u0000'));
      Action action = Action.valueOf(key.substring(key.indexOf('\u0000') + 1));
      evidence.put(Rule.idFor(tenant, pattern, action), new RuleLifecycle.Evidence(tenant, pattern, action, n[0], 0, 0));
    });
    for (Rule r : rules.values()) {
      evidence.putIfAbsent(r.ruleId(), new RuleLifecycle.Evidence(tenant, r.patternKey(), r.action(), 0, 0, 0));
    }
    Map<String, Rule> next = new HashMap<>();
    evidence.forEach((id, e) -> {
      long[] km = validations.getOrDefault(id, new long[2]);
      RuleLifecycle.Evidence withValidations = new RuleLifecycle.Evidence(tenant, e.patternKey(), e.action(), e.corrections(), km[0], km[1]);
      lifecycle.next(rules.get(id), withValidations, now, "sim").ifPresent(r -> next.put(id, r));
    });
    rules.clear();
    rules.putAll(next);
  }

  /** Accuracy of the current rules + base source on held-out columns of the domain. */
  Point evaluate(int round, List<HouseStyleDomain.Column> holdout) {
    RuleSource ruleSource = RuleSource.of(tenant, rules.values());
    int right = 0;
    for (HouseStyleDomain.Column c : holdout) {
      if (recommend(ruleSource, c.fingerprint()).top().action() == c.house()) {
        right++;
      }
    }
    long active = rules.values().stream().filter(Rule::active).count();
    return new Point(round, corrections, (int) active, (double) right / holdout.size());
  }
}
