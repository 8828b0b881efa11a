package io.aurora.recommend;

import java.util.Locale;

/** The built-in expert rules, by the name recommendations, explanations and learned patterns use. */
public enum RuleId {
  EMPTY,
  CONSTANT,
  URL,
  EMAIL,
  DATETIME,
  DATETIME_NAME,
  BOOLEAN,
  NUMERIC_DATETIME,
  YEAR,
  NUMERIC_CODE,
  NUMERIC_ID,
  NUMERIC_ID_NAME,
  BINARY_FLAG,
  BINARY,
  SMALL_INTEGER,
  LOG_SKEWED,
  POWER_SKEWED,
  ROBUST_TAILS,
  SYMMETRIC,
  NESTED,
  LIST,
  EMBEDDED_NUMBER,
  MARKED_NUMBER,
  DIGIT_ID,
  DIGIT_CODE,
  PERSON_NAME,
  STRING_ID_NAME,
  STRING_ID,
  TEXT,
  STRING_LEVELS;

  /** The snake_case name ({@code log_skewed}), as stored in {@code recommendations.rule_id} after {@code expert:}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rule of a wire name, or null for a name no rule has (an older release's rule). */
  public static RuleId fromWire(String wire) {
    for (RuleId id : values()) {
      if (id.wireName().equals(wire)) {
        return id;
      }
    }
    return null;
  }
}
