package io.aurora.train.corpus;

import io.aurora.recommend.Action;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The feature types of the Sortinghat benchmark (Shah &amp; Kumar, SIGMOD 2021) and the AURORA
 * actions acceptable for each (testdata/README.md). Context-specific columns have no acceptable
 * action: they count as right only when the recommendation is marked uncertain.
 */
public enum FeatureType {
  NUMERIC(EnumSet.of(Action.KEEP_AS_IS, Action.STANDARD_SCALE, Action.ROBUST_SCALE, Action.LOG_TRANSFORM,
      Action.POWER_TRANSFORM)),
  CATEGORICAL(EnumSet.of(Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE)),
  DATETIME(EnumSet.of(Action.EXTRACT_DATETIME)),
  SENTENCE(EnumSet.of(Action.VECTORIZE_TEXT)),
  URL(EnumSet.of(Action.DROP, Action.VECTORIZE_TEXT)),
  EMBEDDED_NUMBER(EnumSet.of(Action.PARSE_NUMERIC)),
  LIST(EnumSet.of(Action.SPLIT_LIST)),
  NOT_GENERALIZABLE(EnumSet.of(Action.DROP)),
  CONTEXT_SPECIFIC(EnumSet.noneOf(Action.class));

  private final Set<Action> acceptable;

  FeatureType(Set<Action> acceptable) {
    this.acceptable = acceptable;
  }

  public Set<Action> acceptable() {
    return acceptable;
  }

  /** The benchmark's label, e.g. {@code not-generalizable}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static FeatureType fromLabel(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** The type an action stands for when scoring (drop → not-generalizable, vectorize_text → sentence). */
  public static FeatureType of(Action action) {
    return switch (action) {
      case KEEP_AS_IS, STANDARD_SCALE, ROBUST_SCALE, LOG_TRANSFORM, POWER_TRANSFORM -> NUMERIC;
      case ONE_HOT_ENCODE, TARGET_ENCODE -> CATEGORICAL;
      case EXTRACT_DATETIME -> DATETIME;
      case VECTORIZE_TEXT -> SENTENCE;
      case PARSE_NUMERIC -> EMBEDDED_NUMBER;
      case SPLIT_LIST -> LIST;
      case DROP -> NOT_GENERALIZABLE;
    };
  }
}
