package io.aurora.profile;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The bins of the per-column kind histogram: every row of a column falls into exactly one kind, so
 * the histogram has sensitivity 1 under adding or removing a row. Which kinds a column can have
 * depends only on its Spark type (public metadata), never on its values.
 */
enum ValueKind {
  NULL,
  /** Strings such as {@code NA}, {@code N/A}, {@code null}, {@code None}, {@code -}, {@code ?}. */
  MISSING_TOKEN,
  /** Empty or whitespace-only strings. */
  BLANK,
  NUMBER_INT,
  NUMBER_FRAC,
  NUMBER_NONFINITE,
  BOOLEAN_TRUE,
  BOOLEAN_FALSE,
  TEMPORAL,
  OTHER_VALUE,
  TEXT_BOOLEAN,
  TEXT_INT,
  TEXT_FRAC,
  TEXT_LEADING_ZERO,
  TEXT_DATE,
  TEXT_NUMBER_WITH_UNIT,
  TEXT_URL,
  TEXT_EMAIL,
  TEXT_LIST,
  TEXT_OTHER;

  static final int COUNT = values().length;

  /** The kinds of a string value read as a number: each has a magnitude bin ({@link StringTally}). */
  static final Set<ValueKind> TEXT_NUMBERS = Collections.unmodifiableSet(EnumSet.of(TEXT_INT, TEXT_FRAC, TEXT_NUMBER_WITH_UNIT));
  /** The kinds of a numeric column's values: each has a magnitude bin ({@link ColumnState}). */
  static final Set<ValueKind> NATIVE_NUMBERS = Collections.unmodifiableSet(EnumSet.of(NUMBER_INT, NUMBER_FRAC, NUMBER_NONFINITE));
}
