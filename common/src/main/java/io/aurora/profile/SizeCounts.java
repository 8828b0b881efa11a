package io.aurora.profile;

import java.io.Serializable;

/**
 * A size histogram of one column on {@link SizeBins}: the {@link Statistic#LENGTHS} (characters,
 * bytes or elements per value) or {@link Statistic#TOKENS} (whitespace-separated tokens per string)
 * statistic. Each non-missing value falls in exactly one bin (Δ1 = Δ2² = 1).
 */
final class SizeCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  final long[] counts = new long[SizeBins.COUNT];

  void add(int bin, long count) {
    counts[bin] += count;
  }

  void merge(SizeCounts other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  long[] exact() {
    return counts.clone();
  }
}
