package io.aurora.fingerprint;

/** The inferred kind of a column's values, from its Spark type and from what its strings parse as. */
public enum TypeClass {
  /** Numbers, native or parsed from plain numeric strings. */
  NUMERIC,
  /** true/false, yes/no, 0/1-like two-valued columns given as booleans or strings. */
  BOOLEAN,
  /** Dates and timestamps, native or parsed from strings. */
  DATETIME,
  /** Strings that are none of the above (categories, identifiers, text, embedded numbers, lists). */
  STRING,
  /** Binary and nested types: fingerprinted by shape only. */
  OTHER,
  /** No non-null value (after noise): nothing to infer. */
  EMPTY;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static TypeClass fromWire(String s) {
    return valueOf(s.toUpperCase(java.util.Locale.ROOT));
  }
}
