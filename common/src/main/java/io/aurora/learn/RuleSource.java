package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RecommendationSource;
import io.aurora.recommend.ScoredAction;
import io.aurora.recommend.Source;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The strongest recommendation source: one tenant's active learned rules, looked up by the pattern
 * keys of a fingerprint, most specific level first. Serializable (a plain map pattern key → rules), so it can be broadcast and
 * applied per partition. It answers only for fingerprints of its own tenant.
 */
public final class RuleSource implements RecommendationSource {
  private static final Comparator<Rule> STRONGEST_FIRST = Comparator.comparingDouble(Rule::confidence).reversed()
      .thenComparing(Comparator.comparingLong(Rule::corrections).reversed())
      .thenComparing(Rule::ruleId);

  private final String tenant;
  private final HashMap<String, List<Rule>> byPattern;

  private RuleSource(String tenant, HashMap<String, List<Rule>> byPattern) {
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.byPattern = requireNonNull(byPattern, "byPattern is null");
  }

  /** A source over the active rules of {@code tenant} among {@code rules}; other tenants' rules are ignored. */
  public static RuleSource of(String tenant, Collection<Rule> rules) {
    Identifiers.require("tenant", tenant);
    HashMap<String, List<Rule>> byPattern = new HashMap<>();
    for (Rule r : rules) {
      if (r.active() && r.tenant().equals(tenant)) {
        byPattern.computeIfAbsent(r.patternKey(), k -> new ArrayList<>()).add(r);
      }
    }
    byPattern.replaceAll((k, v) -> v.stream().sorted(STRONGEST_FIRST).toList());
    return new RuleSource(tenant, byPattern);
  }

  /** The active rules of {@code tenant} from the warehouse (a tenant has few rules: they fit the driver). */
  public static RuleSource load(TableStore store, String tenant) {
    List<Rule> rules = new ArrayList<>();
    for (Row r : store.read(Table.RULES, LearningTables.RULES, tenant).where(functions.col("active")).collectAsList()) {
      rules.add(Rule.fromRow(r));
    }
    return of(tenant, rules);
  }

  /** Number of patterns with at least one active rule. */
  public int patterns() {
    return byPattern.size();
  }

  @Override
  public Source source() {
    return Source.RULE;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint fingerprint) {
    if (!fingerprint.tenant().equals(tenant)) {
      return Optional.empty();
    }
    List<Rule> matching = null;
    for (PatternKey key : PatternKey.levels(fingerprint)) {
      matching = byPattern.get(key.value());
      if (matching != null && !matching.isEmpty()) {
        break;
      }
    }
    if (matching == null || matching.isEmpty()) {
      return Optional.empty();
    }
    Rule best = matching.get(0);
    List<ScoredAction> ranked = new ArrayList<>();
    ranked.add(new ScoredAction(best.action(), best.confidence()));
    // Competing rules of the same pattern share what the best one leaves, in proportion to their confidence.
    double rest = 1.0 - best.confidence();
    double others = matching.stream().skip(1).mapToDouble(Rule::confidence).sum();
    for (Rule r : matching.subList(1, matching.size())) {
      ranked.add(new ScoredAction(r.action(), others <= 0 ? 0.0 : Math.min(r.confidence(), rest * r.confidence() / others)));
    }
    String explanation = explain(best);
    return Optional.of(new Proposal(Source.RULE, ranked, imputation(fingerprint), fingerprint.nullFraction() >= 0.05,
        explanation, best.ruleId(), null));
  }

  /**
   * What a rule learned from, in words: "rule r-…: 5 corrections by 2 analysts on columns like this:
   * positive right-skewed continuous amounts spanning 1+ decades → robust_scale", then the verdicts
   * against it and how its own recommendations were judged, when there are any.
   */
  public static String explain(Rule rule) {
    StringBuilder sb = new StringBuilder("rule ").append(rule.ruleId()).append(": ")
        .append(PatternDescription.count(rule.corrections(), "correction", "corrections"));
    if (rule.analysts() > 0) {
      sb.append(" by ").append(PatternDescription.count(rule.analysts(), "analyst", "analysts"));
    }
    sb.append(" on columns like this: ").append(PatternDescription.of(new PatternKey(rule.patternKey())))
        .append(" → ").append(rule.action().wireName());
    if (rule.contrary() > 0) {
      sb.append("; ").append(PatternDescription.count(rule.contrary(), "verdict", "verdicts"))
          .append(" on such columns chose another action");
    }
    if (rule.trials() > 0) {
      sb.append("; ").append(rule.successes()).append(" of its ").append(rule.trials())
          .append(rule.trials() == 1 ? " recommendation" : " recommendations").append(" accepted");
    }
    return sb.toString();
  }

  /** Rules learn the action only; missing values get the usual fill for the column's kind. */
  private static Imputation imputation(Fingerprint fp) {
    if (fp.nullFraction() < 0.05) {
      return Imputation.NONE;
    }
    return fp.typeClass() == TypeClass.NUMERIC ? Imputation.MEDIAN : Imputation.MODE;
  }

  /** The rules of each pattern, strongest first (for the {@code rules} command and tests). */
  public Map<String, List<Rule>> rulesByPattern() {
    return Map.copyOf(byPattern);
  }
}
