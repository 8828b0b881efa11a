package io.aurora.learn;

import java.util.Locale;

/** Why a feedback row was refused; stored in {@code feedback_rejects.reason} in wire form. */
public enum RejectReason {
  /** The line could not be parsed as a record of the file's format. */
  MALFORMED,
  /** The row names a tenant other than the one the job runs for, or not a valid tenant id. */
  UNKNOWN_TENANT,
  /** No recommendation_id. */
  MISSING_RECOMMENDATION_ID,
  /** verdict is neither accept nor correct. */
  UNKNOWN_VERDICT,
  /** verdict correct without correct_action. */
  MISSING_CORRECT_ACTION,
  /** correct_action is not one of the actions of SPEC §2.2. */
  UNKNOWN_ACTION,
  /** verdict accept with a correct_action other than the recommended action. */
  CONFLICTING_VERDICT,
  /** No recommendation of the tenant has this id. */
  UNKNOWN_RECOMMENDATION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
