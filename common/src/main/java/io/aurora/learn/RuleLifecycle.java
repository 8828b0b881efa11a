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
 *       it (epoch 0), its confidence already counting the verdicts on the pattern's columns
 *       ({@link RuleConfidence}); a rule whose creating evidence is itself credibly against it is
 *       created inactive;
 *   <li>active rule: its confidence follows the posterior of its current-epoch evidence; it is
 *       deactivated when the success rate is credibly below one half;
 *   <li>inactive rule: it makes no recommendations, so it comes back only through new evidence —
 *       verdicts that lift the posterior out of credible failure (same epoch), or
 *       {@code minCorrections} new corrections since it was deactivated (a new epoch, judged only on
 *       verdicts about recommendations made since the deactivation);
 *   <li>a rule whose pattern key is of an earlier definition ({@link PatternKey#isCurrent()}) is
 *       retired: made inactive for good, since no column gets its key any more.
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

  /** Agreeing and contrary verdicts on columns of a pattern, outside the rule's own recommendations. */
  public record Verdicts(long agreeing, long contrary) implements Serializable {
    public static final Verdicts NONE = new Verdicts(0, 0);

    public Verdicts {
      if (agreeing < 0 || contrary < 0) {
        throw new IllegalArgumentException("verdict counts must be >= 0: " + agreeing + ", " + contrary);
      }
    }
  }

  /**
   * Evidence about one (pattern, action) of one tenant, counted by the learner: all corrections to
   * the action and their distinct analysts; the creating verdicts of the rule's current epoch
   * ({@code epoch}: on recommendations made since its {@code evidenceSince}, all of them for a new
   * rule) and of a possible new one ({@code sinceDeactivation}: on recommendations made since its
   * deactivation); its validations since {@code epochStartedAt}.
   */
  public record Evidence(String tenant, String patternKey, Action action, long corrections, long analysts,
      Verdicts epoch, Verdicts sinceDeactivation, long successes, long trials) implements Serializable {
    public Evidence {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(patternKey, "patternKey is null");
      requireNonNull(action, "action is null");
      requireNonNull(epoch, "epoch is null");
      requireNonNull(sinceDeactivation, "sinceDeactivation is null");
    }

    /** Evidence where every correction agrees and nothing else was said about the pattern. */
    public static Evidence ofCorrections(String tenant, String patternKey, Action action, long corrections, long analysts) {
      Verdicts v = new Verdicts(corrections, 0);
      return new Evidence(tenant, patternKey, action, corrections, analysts, v, v, 0, 0);
    }
  }

  /**
   * The rule after this run, or empty when there is none. {@code previous} may be null;
   * {@code evidence} must be counted for {@code previous}'s windows (see {@link Evidence}).
   */
  public Optional<Rule> next(Rule previous, Evidence evidence, Timestamp now, String runId) {
    requireNonNull(evidence, "evidence is null");
    requireNonNull(now, "now is null");
    if (previous == null) {
      if (evidence.corrections() < minCorrections) {
        return Optional.empty();
      }
      RuleConfidence model = model(evidence.epoch(), 0, 0);
      boolean failing = model.credibleFailure();
      return Optional.of(new Rule(evidence.tenant(), Rule.idFor(evidence.tenant(), evidence.patternKey(), evidence.action()),
          evidence.patternKey(), evidence.action(), evidence.corrections(), failing ? evidence.corrections() : 0, 0, 0,
          model.confidence(), model.probabilityFailing(), !failing, 0, now, now, now, failing ? now : null, runId,
          evidence.epoch().agreeing(), evidence.epoch().contrary(), evidence.analysts(), null));
    }
    if (!new PatternKey(previous.patternKey()).isCurrent()) {
      // learned under an earlier definition of the key: no column gets that key any more, and the
      // feedback it came from now counts under the current keys
      return Optional.of(previous.active() ? retired(previous, now, runId) : previous);
    }
    RuleConfidence model = model(evidence.epoch(), evidence.successes(), evidence.trials());
    boolean failing = model.credibleFailure();
    if (previous.active()) {
      return Optional.of(failing
          ? update(previous, evidence, evidence.epoch(), model, false, previous.epoch(), previous.epochStartedAt(),
              previous.evidenceSince(), now, now, evidence.corrections(), runId)
          : update(previous, evidence, evidence.epoch(), model, true, previous.epoch(), previous.epochStartedAt(),
              previous.evidenceSince(), now, null, previous.correctionsAtDeactivation(), runId));
    }
    if (!failing) {
      // later verdicts lifted it out of credible failure
      return Optional.of(update(previous, evidence, evidence.epoch(), model, true, previous.epoch(),
          previous.epochStartedAt(), previous.evidenceSince(), now, null, previous.correctionsAtDeactivation(), runId));
    }
    if (evidence.corrections() - previous.correctionsAtDeactivation() >= minCorrections) {
      RuleConfidence fresh = model(evidence.sinceDeactivation(), 0, 0);
      if (!fresh.credibleFailure()) {
        Evidence reset = new Evidence(evidence.tenant(), evidence.patternKey(), evidence.action(), evidence.corrections(),
            evidence.analysts(), evidence.sinceDeactivation(), evidence.sinceDeactivation(), 0, 0);
        return Optional.of(update(previous, reset, reset.epoch(), fresh, true, previous.epoch() + 1, now,
            previous.deactivatedAt(), now, null, previous.correctionsAtDeactivation(), runId));
      }
    }
    return Optional.of(update(previous, evidence, evidence.epoch(), model, false, previous.epoch(),
        previous.epochStartedAt(), previous.evidenceSince(), now, previous.deactivatedAt(),
        previous.correctionsAtDeactivation(), runId));
  }

  private static Rule retired(Rule p, Timestamp now, String runId) {
    return new Rule(p.tenant(), p.ruleId(), p.patternKey(), p.action(), p.corrections(), p.corrections(), p.successes(),
        p.trials(), p.confidence(), p.probabilityFailing(), false, p.epoch(), p.epochStartedAt(), p.createdAt(), now, now,
        runId, p.agreeing(), p.contrary(), p.analysts(), p.evidenceSince());
  }

  private static RuleConfidence model(Verdicts v, long successes, long trials) {
    return new RuleConfidence(v.agreeing(), v.contrary(), successes, trials);
  }

  private static Rule update(Rule p, Evidence e, Verdicts epochVerdicts, RuleConfidence model, boolean active, int epoch,
      Timestamp epochStart, Timestamp evidenceSince, Timestamp now, Timestamp deactivatedAt,
      long correctionsAtDeactivation, String runId) {
    return new Rule(p.tenant(), p.ruleId(), p.patternKey(), p.action(), e.corrections(), correctionsAtDeactivation,
        e.successes(), e.trials(), model.confidence(), model.probabilityFailing(), active, epoch, epochStart,
        p.createdAt(), now, deactivatedAt, runId, epochVerdicts.agreeing(),
        epochVerdicts.contrary(), e.analysts(), evidenceSince);
  }
}
