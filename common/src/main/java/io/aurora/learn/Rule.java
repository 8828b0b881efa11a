package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Action;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One learned rule of one tenant: columns of {@code patternKey} should get {@code action}. A row of
 * the {@code rules} table ({@link LearningTables#RULES}).
 *
 * <p>{@code corrections} counts every correction to the action on a column of the pattern (what
 * creates the rule) and {@code analysts} the distinct analysts who made them. The confidence is the
 * {@link RuleConfidence} posterior of the current epoch's evidence: {@code agreeing} and
 * {@code contrary} verdicts on columns of the pattern outside the rule's own recommendations, and
 * the validations ({@code successes}/{@code trials}) of its own recommendations. A rule that was
 * deactivated and came back through new evidence starts a new epoch at {@code epochStartedAt}: its
 * validations count from then, its other evidence from recommendations made since
 * {@code evidenceSince} (its deactivation; null in the first epoch, which counts everything).
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
    String learnRunId,
    long agreeing,
    long contrary,
    long analysts,
    Timestamp evidenceSince)
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

  /** The Beta model of this rule's current-epoch evidence. */
  public RuleConfidence model() {
    return new RuleConfidence(agreeing, contrary, successes, trials);
  }

  /** Observed success rate k/m of the current epoch's validations, null without validations. */
  public Double successRate() {
    return trials == 0 ? null : (double) successes / trials;
  }

  public Row toRow() {
    return RowFactory.create(tenant, ruleId, patternKey, action.wireName(), corrections, correctionsAtDeactivation,
        successes, trials, successRate(), confidence, probabilityFailing, active, epoch, epochStartedAt, createdAt,
        updatedAt, deactivatedAt, learnRunId, agreeing, contrary, analysts, evidenceSince);
  }

  /**
   * Reads a row of {@code rules}. A table written before the creating evidence was kept lacks
   * {@code agreeing}, {@code contrary}, {@code analysts} and {@code evidence_since}: they read as
   * none (the next {@code learn} counts them).
   */
  public static Rule fromRow(Row r) {
    List<String> names = List.of(r.schema().fieldNames());
    return new Rule(r.getAs("tenant"), r.getAs("rule_id"), r.getAs("pattern_key"), Action.fromWire(r.getAs("action")),
        r.<Long>getAs("corrections"), r.<Long>getAs("corrections_at_deactivation"), r.<Long>getAs("successes"),
        r.<Long>getAs("trials"), r.<Double>getAs("confidence"), r.<Double>getAs("probability_failing"),
        r.<Boolean>getAs("active"), r.<Integer>getAs("epoch"), r.getAs("epoch_started_at"), r.getAs("created_at"),
        r.getAs("updated_at"), r.getAs("deactivated_at"), r.getAs("learn_run_id"), count(r, names, "agreeing"),
        count(r, names, "contrary"), count(r, names, "analysts"),
        names.contains("evidence_since") ? r.getAs("evidence_since") : null);
  }

  private static long count(Row r, List<String> names, String column) {
    if (!names.contains(column)) {
      return 0;
    }
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }
}
