package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Asks recommendation sources strongest first (learned rules, then the champion model, then the
 * expert rules) and turns the first proposal into a {@link Recommendation}: status {@code uncertain}
 * below the configured confidence (then the top three alternatives are listed, topped up from the
 * expert rules when the answering source ranked fewer). Serializable, so one instance is shipped
 * to executors and applied per partition of fingerprints.
 */
public final class RecommendationCombiner implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int ALTERNATIVES = 3;

  private final List<RecommendationSource> sources;
  private final RecommendationSource expert;
  private final double uncertainBelow;
  private final Function<Fingerprint, String> patternKey;

  /**
   * @param sources sources strongest first; the expert rules are appended when absent, so some
   *     source always answers
   * @param uncertainBelow confidence below which a recommendation is uncertain
   *     ({@code aurora.recommend.uncertain-below})
   * @param patternKey the pattern key of a fingerprint (serializable), or null for none
   */
  public RecommendationCombiner(List<RecommendationSource> sources, double uncertainBelow,
      Function<Fingerprint, String> patternKey) {
    requireNonNull(sources, "sources is null");
    if (patternKey != null && !(patternKey instanceof Serializable)) {
      throw new IllegalArgumentException("patternKey must be serializable to run on executors");
    }
    if (!(uncertainBelow >= 0 && uncertainBelow <= 1)) {
      throw new IllegalArgumentException("uncertainBelow must be in [0, 1]: " + uncertainBelow);
    }
    List<RecommendationSource> ordered = new ArrayList<>(sources);
    RecommendationSource foundExpert = null;
    for (RecommendationSource s : ordered) {
      if (s.source() == Source.EXPERT) {
        foundExpert = s;
      }
    }
    if (foundExpert == null) {
      foundExpert = ExpertRules.shipped();
      ordered.add(foundExpert);
    }
    this.sources = List.copyOf(ordered);
    this.expert = foundExpert;
    this.uncertainBelow = uncertainBelow;
    this.patternKey = patternKey;
  }

  /** The sources in the order they are asked. */
  public List<RecommendationSource> sources() {
    return sources;
  }

  /** The recommendation for {@code fingerprint}, stamped {@code createdAt}. */
  public Recommendation recommend(Fingerprint fingerprint, Timestamp createdAt) {
    Proposal proposal = null;
    for (RecommendationSource s : sources) {
      Optional<Proposal> p = s.propose(fingerprint);
      if (p.isPresent()) {
        proposal = p.get();
        break;
      }
    }
    if (proposal == null) {
      // only reachable when a custom expert source declines; the contract says experts always answer
      throw new IllegalStateException("no recommendation source answered for column index " + fingerprint.columnIndex());
    }
    ScoredAction top = proposal.top();
    boolean uncertain = top.confidence() < uncertainBelow;
    List<ScoredAction> alternatives = new ArrayList<>();
    for (ScoredAction a : proposal.ranked().subList(1, proposal.ranked().size())) {
      if (alternatives.size() < ALTERNATIVES && a.action() != top.action()) {
        alternatives.add(a);
      }
    }
    if (uncertain && alternatives.size() < ALTERNATIVES && proposal.source() != Source.EXPERT) {
      expert.propose(fingerprint).ifPresent(e -> {
        for (ScoredAction a : e.ranked()) {
          if (alternatives.size() < ALTERNATIVES && a.action() != top.action()
              && alternatives.stream().noneMatch(x -> x.action() == a.action())) {
            alternatives.add(a);
          }
        }
      });
    }
    return new Recommendation(
        fingerprint.tenant(), fingerprint.dataset(), fingerprint.runId(),
        Recommendation.idFor(fingerprint.tenant(), fingerprint.dataset(), fingerprint.runId(), fingerprint.columnName()),
        fingerprint.columnIndex(), fingerprint.columnName(), top.action(), top.confidence(),
        uncertain ? Recommendation.UNCERTAIN : Recommendation.CONFIDENT, proposal.source(), alternatives,
        proposal.imputation(), proposal.missingIndicator(), proposal.explanation(),
        patternKey == null ? null : patternKey.apply(fingerprint),
        proposal.ruleId(), proposal.modelVersion(), createdAt);
  }
}
