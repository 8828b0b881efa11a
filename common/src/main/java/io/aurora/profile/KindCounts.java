package io.aurora.profile;

import java.io.Serializable;

/**
 * The {@link Statistic#KINDS} statistic of one column: rows per {@link ValueKind}. Every row falls in
 * exactly one kind, so the histogram's sensitivity is one row (Δ1 = Δ2² = 1). Which kinds a column
 * can have depends on its Spark type only; the others are structural zeros, never released.
 */
final class KindCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  final long[] counts = new long[ValueKind.COUNT];

  void add(ValueKind kind) {
    counts[kind.ordinal()]++;
  }

  void add(int kindOrdinal, long count) {
    counts[kindOrdinal] += count;
  }

  void merge(KindCounts other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  /** The released vector: one count per kind of {@code family}, in {@link ValueKind} order. */
  long[] exact(ColumnFamily family) {
    long[] out = new long[ValueKind.COUNT];
    for (ValueKind k : family.kinds()) {
      out[k.ordinal()] = counts[k.ordinal()];
    }
    return out;
  }
}
