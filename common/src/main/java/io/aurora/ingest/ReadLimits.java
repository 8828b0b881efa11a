package io.aurora.ingest;

import java.io.Serializable;

/**
 * Bounds on what one record of a text input may hold, so that no input — a line of gigabytes in a
 * small {@code .gz}, a row of 20,000 fields of a million characters — can exhaust a task's memory. A
 * record over a bound is counted as malformed at its line, and the scan goes on with the next line.
 *
 * @param maxRecordChars longest record in characters: a JSON line, or a delimited row with its quoted line breaks
 * @param maxFieldChars longest field of a delimited row in characters
 * @param maxColumns most fields of a delimited row
 * @param maxJsonKeysPerRow keys a JSON line contributes to a key selection at most (its first ones in
 *     written order): the selection's sensitivity, so its noise grows with the square root of it
 */
public record ReadLimits(int maxRecordChars, int maxFieldChars, int maxColumns, int maxJsonKeysPerRow) implements Serializable {
  /** Keys a JSON line contributes to a key selection by default. */
  public static final int DEFAULT_JSON_KEYS_PER_ROW = 32;
  /** 8 Mi characters a record, 1 Mi a field, 20,000 fields a row, 32 keys a JSON line. */
  public static final ReadLimits DEFAULT = new ReadLimits(8 << 20, 1 << 20, 20_000);

  /** Limits with the default keys per JSON line. */
  public ReadLimits(int maxRecordChars, int maxFieldChars, int maxColumns) {
    this(maxRecordChars, maxFieldChars, maxColumns, DEFAULT_JSON_KEYS_PER_ROW);
  }

  public ReadLimits {
    if (maxRecordChars < 1024) {
      throw new IllegalArgumentException("the record limit must be at least 1024 characters, was " + maxRecordChars);
    }
    if (maxFieldChars < 1 || maxFieldChars > maxRecordChars) {
      throw new IllegalArgumentException("the field limit must be between 1 and the record limit (" + maxRecordChars
          + " characters), was " + maxFieldChars);
    }
    if (maxColumns < 1) {
      throw new IllegalArgumentException("the column limit must be positive, was " + maxColumns);
    }
    if (maxJsonKeysPerRow < 1) {
      throw new IllegalArgumentException("the keys per JSON line must be positive, was " + maxJsonKeysPerRow);
    }
  }
}
