package io.aurora.profile;

import java.util.EnumSet;
import java.util.Set;

/**
 * What kind of column the first stage of the release says a column is, and so which statistics the
 * second stage releases for it: only those its recommendation reads. Decided from the column's
 * public Spark type and, for strings, from its released kinds (post-processing), never from data.
 */
enum ColumnBranch {
  /** Almost nothing present: nothing more is released. */
  EMPTY,
  /** Numbers, typed or in strings: the magnitudes, the distinct count and the hash buckets. */
  NUMERIC,
  /** Dates and timestamps, typed or in strings: nothing more (their action does not depend on more). */
  TEMPORAL,
  /** Booleans, typed or as true/false words: the kinds already say everything. */
  BOOLEAN,
  /** Other strings (categories, text, lists, identifiers): the distinct count, the hash buckets, lengths and tokens. */
  TEXT,
  /** Binary values: the distinct count, the hash buckets and byte lengths. */
  BINARY,
  /** Arrays and maps: their sizes. */
  SIZED,
  /** Anything else: nothing more. */
  OPAQUE;

  /** A string column is numeric when at least this share of its present values parse as numbers. */
  static final double NUMERIC_SHARE = 0.5;
  /** ... temporal or boolean when at least this share parse as dates or true/false words. */
  static final double TYPED_SHARE = 0.8;
  /** Below this share of present values (reliably) a column is empty for the release. */
  static final double EMPTY_SHARE = 0.02;

  /**
   * The statistics stage 2 releases for a column of this branch whose family collects
   * {@code family}, with about {@code present} present values: the bottom-k frequencies only where
   * the distinct count may reach its cap.
   */
  Set<Statistic> stageTwo(ColumnFamily family, double present) {
    Set<Statistic> out = switch (this) {
      case NUMERIC -> EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS, Statistic.MAGNITUDES);
      case TEXT -> EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS, Statistic.LENGTHS, Statistic.TOKENS);
      case BINARY -> EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS, Statistic.LENGTHS);
      // true/false words: whether both occur (a constant flag is dropped)
      case BOOLEAN -> family == ColumnFamily.STRING ? EnumSet.of(Statistic.DISTINCT, Statistic.BUCKETS) : EnumSet.noneOf(Statistic.class);
      case SIZED -> EnumSet.of(Statistic.LENGTHS);
      default -> EnumSet.noneOf(Statistic.class);
    };
    if (out.contains(Statistic.DISTINCT) && present > 0.9 * DistinctCount.CAP) {
      out.add(Statistic.FREQUENCIES);
    }
    out.retainAll(family.statistics());
    return out;
  }
}
