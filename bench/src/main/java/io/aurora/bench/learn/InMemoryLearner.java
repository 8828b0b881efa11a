package io.aurora.bench.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.learn.Rule;
import io.aurora.learn.RuleLifecycle;
import io.aurora.learn.RuleLifecycle.Evidence;
import io.aurora.learn.RuleLifecycle.Verdicts;
import io.aurora.recommend.Action;
import io.aurora.recommend.Source;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code learn} job of one tenant held in memory, so that a learning curve of many learn runs
 * takes seconds: the same counts the Spark {@code RuleLearner} aggregates (corrections and their
 * analysts per pattern and action; a rule's agreeing and contrary verdicts outside its own
 * recommendations, in its current epoch and since its deactivation; its validations since its epoch
 * started), fed to the production {@link RuleLifecycle}.
 */
final class InMemoryLearner {
  private final String tenant;
  private final RuleLifecycle lifecycle;
  private final Map<String, List<Verdict>> byPattern = new HashMap<>();
  private final Map<String, Rule> rules = new LinkedHashMap<>();

  /** One verdict as learn sees it: the judged column's pattern keys, the right action, what was recommended, by whom, when. */
  record Verdict(List<String> patterns, Action label, Action recommended, Source source, String ruleId, String user,
      long recommendedAt) {}

  /** A (pattern, action) that has corrections or a rule: its corrections and their analysts. */
  private record Candidate(String pattern, Action action, Set<String> analysts, long[] corrections) {
    Candidate(String pattern, Action action, Set<String> analysts) {
      this(pattern, action, analysts, new long[1]);
    }
  }

  InMemoryLearner(String tenant, RuleLifecycle lifecycle) {
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
  }

  void add(Verdict v) {
    for (String p : v.patterns()) {
      byPattern.computeIfAbsent(p, k -> new ArrayList<>()).add(v);
    }
  }

  List<Rule> rules() {
    return List.copyOf(rules.values());
  }

  /** One learn run at time {@code now}. */
  void learn(long now) {
    Timestamp at = new Timestamp(now);
    // candidates: every (pattern, action) with corrections, and every rule; by rule id
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    byPattern.forEach((pattern, verdicts) -> {
      for (Verdict v : verdicts) {
        if (v.label() != v.recommended()) {
          Candidate c = candidates.computeIfAbsent(Rule.idFor(tenant, pattern, v.label()),
              k -> new Candidate(pattern, v.label(), new HashSet<>()));
          c.corrections[0]++;
          if (v.user() != null) {
            c.analysts().add(v.user());
          }
        }
      }
    });
    for (Rule r : rules.values()) {
      candidates.putIfAbsent(r.ruleId(), new Candidate(r.patternKey(), r.action(), new HashSet<>()));
    }
    Map<String, Rule> next = new LinkedHashMap<>();
    for (Map.Entry<String, Candidate> entry : candidates.entrySet()) {
      String id = entry.getKey();
      String pattern = entry.getValue().pattern();
      Action action = entry.getValue().action();
      Rule previous = rules.get(id);
      long agreeing = 0;
      long contrary = 0;
      long agreeingNew = 0;
      long contraryNew = 0;
      long successes = 0;
      long trials = 0;
      for (Verdict v : byPattern.getOrDefault(pattern, List.of())) {
        boolean agrees = v.label() == action;
        boolean own = previous != null && v.source() == Source.RULE && id.equals(v.ruleId());
        if (own) {
          if (v.recommendedAt() >= previous.epochStartedAt().getTime()) {
            trials++;
            successes += agrees ? 1 : 0;
          }
          continue;
        }
        if (previous == null || previous.evidenceSince() == null || v.recommendedAt() >= previous.evidenceSince().getTime()) {
          agreeing += agrees ? 1 : 0;
          contrary += agrees ? 0 : 1;
        }
        if (previous == null || previous.deactivatedAt() == null || v.recommendedAt() >= previous.deactivatedAt().getTime()) {
          agreeingNew += agrees ? 1 : 0;
          contraryNew += agrees ? 0 : 1;
        }
      }
      Evidence e = new Evidence(tenant, pattern, action, entry.getValue().corrections[0], entry.getValue().analysts().size(), new Verdicts(agreeing, contrary),
          new Verdicts(agreeingNew, contraryNew), successes, trials);
      lifecycle.next(previous, e, at, "sim").ifPresent(r -> next.put(id, r));
    }
    rules.clear();
    rules.putAll(next);
  }
}
