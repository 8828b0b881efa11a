package io.aurora.profile;

import java.io.Serializable;

/**
 * The {@link Statistic#BUCKETS} statistic of one column: rows per bucket of a fixed 64-bit hash of the
 * value, on {@link #BUCKETS} buckets. Each row is in exactly one bucket (Δ1 = Δ2² = 1, whatever the
 * number of buckets). A value with many rows stands out of the noise in its bucket, so the buckets
 * count the levels of a column with a few large levels exactly (where a noisy count of distinct
 * values cannot), and the fullest bucket is the most frequent value's count.
 */
final class HashBuckets implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int BUCKETS = 1024;

  /**
   * Rows per bucket, as int: 4 KB per column. A count that would pass {@link Integer#MAX_VALUE}
   * moves to {@link #overflow}, so none ever wraps.
   */
  private final int[] buckets = new int[BUCKETS];
  private long[] overflow;

  void add(long hash, long count) {
    int bucket = (int) (hash & (BUCKETS - 1));
    long sum = buckets[bucket] + count;
    if (sum <= Integer.MAX_VALUE) {
      buckets[bucket] = (int) sum;
    } else {
      if (overflow == null) {
        overflow = new long[BUCKETS];
      }
      overflow[bucket] += sum;
      buckets[bucket] = 0;
    }
  }

  long bucket(int b) {
    return buckets[b] + (overflow == null ? 0 : overflow[b]);
  }

  void merge(HashBuckets other) {
    for (int b = 0; b < BUCKETS; b++) {
      long theirs = other.bucket(b);
      if (theirs != 0) {
        add(b, theirs);
      }
    }
  }

  long[] exact() {
    long[] out = new long[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      out[b] = bucket(b);
    }
    return out;
  }
}
