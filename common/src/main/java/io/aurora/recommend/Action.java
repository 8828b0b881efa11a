package io.aurora.recommend;

import io.aurora.AuroraException;
import java.util.Locale;

/** The fixed vocabulary of preprocessing actions (SPEC §2.2); wire form is snake_case. */
public enum Action {
  DROP,
  KEEP_AS_IS,
  STANDARD_SCALE,
  ROBUST_SCALE,
  LOG_TRANSFORM,
  POWER_TRANSFORM,
  ONE_HOT_ENCODE,
  TARGET_ENCODE,
  EXTRACT_DATETIME,
  VECTORIZE_TEXT,
  PARSE_NUMERIC,
  SPLIT_LIST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the snake_case wire name; an unknown name is bad input (exit 2). */
  public static Action fromWire(String s) {
    if (s != null) {
      for (Action a : values()) {
        if (a.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
    }
    throw AuroraException.badInput("unknown action '" + s + "'");
  }

  /** True when {@code s} names an action. */
  public static boolean isAction(String s) {
    if (s == null) {
      return false;
    }
    for (Action a : values()) {
      if (a.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
