package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One learned rule of one tenant: columns of {@code patternKey} should get {@code action}. A row of
 * the {@code rules} table ({@link LearningTables#RULES}).
 *
 * <p>{@code corrections} is the creating evidence (all corrections to the action for the pattern);
 * validations ({@code successes}/{@code trials}) count only the current epoch: a rule that was
 * deactivated and came back through new evidence starts a new epoch at {@code epochStartedAt} and
 * is judged on recommendations made since.
 */
public record Rule(
    String tenant,
    String ruleId,
    String patternKey,
    Action action,
    long corrections,
    long correctionsAtDeactivation,
    long successes,
    long trials,
    double confidence,
    double probabilityFailing,
    boolean active,
    int epoch,
    Timestamp epochStartedAt,
    Timestamp createdAt,
    Timestamp updatedAt,
    Timestamp deactivatedAt,
    String learnRunId)
    implements Serializable {

  public Rule {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(patternKey, "patternKey is null");
    requireNonNull(action, "action is null");
    requireNonNull(epochStartedAt, "epochStartedAt is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** Deterministic id of the rule for (tenant, pattern, action): re-learning finds the same rule. */
  public static String idFor(String tenant, String patternKey, Action action) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((tenant + '\u0000' + patternKey + '\u0000' + action.wireName()).getBytes(StandardCharsets.UTF_8));
      return "r-" + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** The Beta model of this rule's current-epoch validations. */
  public RuleConfidence model() {
    return new RuleConfidence(successes, trials);
  }

  /** Observed success rate k/m of the current epoch, null without validations. */
  public Double successRate() {
    return trials == 0 ? null : (double) successes / trials;
  }

  /** "rule r-…: 7 corrections, 9/10 validations": the checkable part of an explanation. */
  public String evidence() {
    return "rule " + ruleId + ": " + corrections + " corrections, " + successes + "/" + trials + " validations";
  }

  public Row toRow() {
    return RowFactory.create(tenant, ruleId, patternKey, action.wireName(), corrections, correctionsAtDeactivation,
        successes, trials, successRate(), confidence, probabilityFailing, active, epoch, epochStartedAt, createdAt,
        updatedAt, deactivatedAt, learnRunId);
  }

  public static Rule fromRow(Row r) {
    return new Rule(r.getAs("tenant"), r.getAs("rule_id"), r.getAs("pattern_key"), Action.fromWire(r.getAs("action")),
        r.<Long>getAs("corrections"), r.<Long>getAs("corrections_at_deactivation"), r.<Long>getAs("successes"),
        r.<Long>getAs("trials"), r.<Double>getAs("confidence"), r.<Double>getAs("probability_failing"),
        r.<Boolean>getAs("active"), r.<Integer>getAs("epoch"), r.getAs("epoch_started_at"), r.getAs("created_at"),
        r.getAs("updated_at"), r.getAs("deactivated_at"), r.getAs("learn_run_id"));
  }
}
