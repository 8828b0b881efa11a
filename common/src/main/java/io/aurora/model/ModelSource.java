package io.aurora.model;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Proposal;
import io.aurora.recommend.RecommendationSource;
import io.aurora.recommend.ScoredAction;
import io.aurora.recommend.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The champion model as a recommendation source ({@code source: model}): the expert rules propose
 * first (the rule that fired and its confidence are features of the model, and its explanation shows
 * the statistics), the model ranks the actions. The model is loaded once per job on the driver and shipped to the executors as a
 * broadcast variable; a proposal names the model and its version.
 */
public final class ModelSource implements RecommendationSource {
  private static final long serialVersionUID = 1L;
  /** Actions listed per proposal: the top and its runners-up. */
  private static final int RANKED = 4;

  private final String name;
  private final String version;
  private final String kind;
  private final Broadcast<ServingModel> model;
  private final ExpertRules rules;

  private ModelSource(String name, String version, String kind, Broadcast<ServingModel> model, ExpertRules rules) {
    this.name = requireNonNull(name, "name is null");
    this.version = requireNonNull(version, "version is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.model = requireNonNull(model, "model is null");
    this.rules = requireNonNull(rules, "rules is null");
  }

  /** Broadcasts {@code model} (registered as {@code version}) once through {@code spark}. */
  public static ModelSource broadcast(JavaSparkContext spark, ModelVersion version, ServingModel model) {
    return new ModelSource(version.name(), version.version(), model.kind(), spark.broadcast(model), ExpertRules.shipped());
  }

  /** "name v3". */
  public String label() {
    return name + " v" + version;
  }

  @Override
  public Source source() {
    return Source.MODEL;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint fingerprint) {
    Proposal expert = rules.propose(fingerprint).orElseThrow();
    double[] p = model.value().probabilities(fingerprint, expert);
    if (p == null) {
      return Optional.empty();
    }
    // the fingerprint says its statistics are mostly noise: pull towards a coin flip (sends it to review)
    double shrink = fingerprint.lowUtility() ? 0.5 : 1.0;
    List<ScoredAction> ranked = new ArrayList<>();
    for (Action a : Action.values()) {
      double q = Math.max(0, Math.min(1, p[a.ordinal()]));
      if (q > 0) {
        ranked.add(new ScoredAction(a, 0.5 + (q - 0.5) * shrink));
      }
    }
    if (ranked.isEmpty()) {
      return Optional.empty();
    }
    ranked.sort((x, y) -> Double.compare(y.confidence(), x.confidence()));
    List<ScoredAction> top = ranked.subList(0, Math.min(RANKED, ranked.size()));
    Action best = top.get(0).action();
    StringBuilder why = new StringBuilder("model ").append(label()).append(" (").append(kind).append("): ")
        .append(best.wireName()).append(" p≈").append(String.format(Locale.ROOT, "%.2f", p[best.ordinal()]));
    Action ruled = expert.top().action();
    if (best != ruled) {
      why.append(" over the rule's ").append(ruled.wireName()).append(" p≈")
          .append(String.format(Locale.ROOT, "%.2f", p[ruled.ordinal()]));
    }
    why.append("; ").append(expert.explanation());
    if (fingerprint.lowUtility()) {
      why.append("; low utility: statistics noisy");
    }
    Imputation imputation = best == Action.DROP ? Imputation.NONE : expert.imputation();
    boolean indicator = best != Action.DROP && expert.missingIndicator();
    return Optional.of(new Proposal(Source.MODEL, top, imputation, indicator, why.toString(),
        expert.ruleId(), name + "/" + version));
  }
}
