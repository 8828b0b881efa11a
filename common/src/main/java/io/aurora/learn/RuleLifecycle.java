package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * How one rule changes in one {@code learn} run, given the evidence now in the feedback table: a
 * pure function, so the Spark learner, the benchmarks and the tests share it.
 *
 * <ul>
 *   <li>no rule yet: {@code minCorrections} or more corrections to the action for the pattern create
 *       it (epoch 0, no validations);
 *   <li>active rule: its confidence follows the Beta posterior of its current-epoch validations; it
 *       is deactivated when the success rate is credibly below one half;
 *   <li>inactive rule: it makes no recommendations, so it comes back only through new evidence —
 *       late validations that lift the posterior out of credible failure (same epoch), or
 *       {@code minCorrections} new corrections since it was deactivated (a new epoch, judged only
 *       on recommendations made from then on).
 * </ul>
 */
public final class RuleLifecycle implements Serializable {
  private final int minCorrections;

  public RuleLifecycle(int minCorrections) {
    if (minCorrections < 1) {
      throw new IllegalArgumentException("minCorrections must be at least 1: " + minCorrections);
    }
    this.minCorrections = minCorrections;
  }

  public int minCorrections() {
    return minCorrections;
  }

  /** Evidence about one (pattern, action) of one tenant, counted by the learner. */
  public record Evidence(String tenant, String patternKey, Action action, long corrections, long successes, long trials)
      implements Serializable {
    public Evidence {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(patternKey, "patternKey is null");
      requireNonNull(action, "action is null");
    }
  }

  /**
   * The rule after this run, or empty when there is none. {@code previous} may be null;
   * {@code evidence} validations must count only recommendations made since
   * {@code previous.epochStartedAt()}.
   */
  public Optional<Rule> next(Rule previous, Evidence evidence, Timestamp now, String runId) {
    requireNonNull(evidence, "evidence is null");
    requireNonNull(now, "now is null");
    if (previous == null) {
      if (evidence.corrections() < minCorrections) {
        return Optional.empty();
      }
      RuleConfidence fresh = new RuleConfidence(0, 0);
      return Optional.of(new Rule(evidence.tenant(), Rule.idFor(evidence.tenant(), evidence.patternKey(), evidence.action()),
          evidence.patternKey(), evidence.action(), evidence.corrections(), 0, 0, 0, fresh.confidence(),
          fresh.probabilityFailing(), true, 0, now, now, now, null, runId));
    }
    RuleConfidence model = new RuleConfidence(evidence.successes(), evidence.trials());
    boolean failing = model.credibleFailure();
    if (previous.active()) {
      return Optional.of(failing
          ? update(previous, evidence, model, false, previous.epoch(), previous.epochStartedAt(), now, now, evidence.corrections(), runId)
          : update(previous, evidence, model, true, previous.epoch(), previous.epochStartedAt(), now, null, previous.correctionsAtDeactivation(), runId));
    }
    if (!failing) {
      // late validations of its earlier recommendations cleared it
      return Optional.of(update(previous, evidence, model, true, previous.epoch(), previous.epochStartedAt(), now, null,
          previous.correctionsAtDeactivation(), runId));
    }
    if (evidence.corrections() - previous.correctionsAtDeactivation() >= minCorrections) {
      RuleConfidence fresh = new RuleConfidence(0, 0);
      Evidence reset = new Evidence(evidence.tenant(), evidence.patternKey(), evidence.action(), evidence.corrections(), 0, 0);
      return Optional.of(update(previous, reset, fresh, true, previous.epoch() + 1, now, now, null,
          previous.correctionsAtDeactivation(), runId));
    }
    return Optional.of(update(previous, evidence, model, false, previous.epoch(), previous.epochStartedAt(), now,
        previous.deactivatedAt(), previous.correctionsAtDeactivation(), runId));
  }

  private static Rule update(Rule p, Evidence e, RuleConfidence model, boolean active, int epoch, Timestamp epochStart,
      Timestamp now, Timestamp deactivatedAt, long correctionsAtDeactivation, String runId) {
    return new Rule(p.tenant(), p.ruleId(), p.patternKey(), p.action(), e.corrections(), correctionsAtDeactivation,
        e.successes(), e.trials(), model.confidence(), model.probabilityFailing(), active, epoch, epochStart,
        p.createdAt(), now, deactivatedAt, runId);
  }
}
