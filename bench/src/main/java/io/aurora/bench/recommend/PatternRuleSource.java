package io.aurora.bench.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RecommendationSource;
import io.aurora.recommend.Source;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stand-in for the learned-rule source at benchmark scale: a map from pattern key to the rule's
 * proposal, looked up per fingerprint (what the real rule source does after loading a tenant's
 * active rules). Serializable, shipped to executors with the combiner.
 */
final class PatternRuleSource implements RecommendationSource {
  private static final long serialVersionUID = 1L;

  private final HashMap<String, Proposal> rules;
  private final Function<Fingerprint, String> patternKey;

  PatternRuleSource(Map<String, Proposal> rules, Function<Fingerprint, String> patternKey) {
    this.rules = new HashMap<>(requireNonNull(rules, "rules is null"));
    this.patternKey = requireNonNull(patternKey, "patternKey is null");
  }

  @Override
  public Source source() {
    return Source.RULE;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint fingerprint) {
    return Optional.ofNullable(rules.get(patternKey.apply(fingerprint)));
  }
}
