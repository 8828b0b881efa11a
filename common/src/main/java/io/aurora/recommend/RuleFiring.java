package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * Which expert rule decided a fingerprint: the rule, its action, the
 * runner-up actions it considers plausible (best first), the imputation and a short explanation
 * naming the statistics that decided.
 */
public record RuleFiring(
    RuleId rule,
    Action action,
    List<Action> runnersUp,
    Imputation imputation,
    boolean missingIndicator,
    String explanation)
    implements Serializable {
  public RuleFiring {
    requireNonNull(rule, "rule is null");
    requireNonNull(action, "action is null");
    requireNonNull(imputation, "imputation is null");
    requireNonNull(explanation, "explanation is null");
    runnersUp = runnersUp == null ? List.of() : List.copyOf(runnersUp);
  }

  /** The rule's wire name ({@code log_skewed}). */
  public String ruleId() {
    return rule.wireName();
  }
}
