package io.aurora.profile;

import java.io.Serializable;

/**
 * Bottom-k distinct sample over 63-bit value hashes with exact occurrence counts: holds exactly the
 * distinct hashes of the column that are at most {@code threshold}, each with its exact count. A
 * hash that is retained at the end was retained from its first occurrence on (the threshold only
 * decreases), so its count is exact; merging keeps the invariant. Only hashes are held, never
 * values. From it: the frequency-of-frequencies histogram of a uniform sample of distinct values.
 */
final class DistinctSample implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long EMPTY = 0L;

  private final int k;
  private long threshold = Long.MAX_VALUE;
  private long[] keys;
  private long[] counts;
  private int size;

  DistinctSample(int k) {
    if (k < 2) {
      throw new IllegalArgumentException("sample size must be at least 2, was " + k);
    }
    this.k = k;
    this.keys = new long[16];
    this.counts = new long[16];
  }

  /** Adds {@code count} occurrences of a value with 64-bit hash {@code hash}. */
  void add(long hash, long count) {
    addKey(key(hash), count);
  }

  private static long key(long hash) {
    long v = hash >>> 1;
    return v == EMPTY ? 1L : v;
  }

  private void addKey(long key, long count) {
    if (key > threshold) {
      return;
    }
    long[] ks = keys;
    int mask = ks.length - 1;
    int i = (int) mix(key) & mask;
    while (true) {
      long kk = ks[i];
      if (kk == key) {
        counts[i] += count;
        return;
      }
      if (kk == EMPTY) {
        ks[i] = key;
        counts[i] = count;
        size++;
        if (size * 2 > ks.length) {
          grow();
        }
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  private void grow() {
    if (size > 2 * k) {
      compact(k);
      return;
    }
    rehash(keys.length * 2);
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[capacity];
    counts = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY && oldKeys[i] <= threshold) {
        insertFresh(oldKeys[i], oldCounts[i]);
      }
    }
  }

  private void insertFresh(long key, long count) {
    int mask = keys.length - 1;
    int i = (int) mix(key) & mask;
    while (keys[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    counts[i] = count;
    size++;
  }

  /** Keeps the {@code retain} smallest keys and lowers the threshold to the largest kept. */
  private void compact(int retain) {
    if (size <= retain) {
      return;
    }
    long[] present = new long[size];
    int n = 0;
    for (long key : keys) {
      if (key != EMPTY) {
        present[n++] = key;
      }
    }
    threshold = smallest(present, retain - 1);
    int capacity = Integer.highestOneBit(Math.max(16, retain * 2)) * 2;
    rehash(capacity);
  }

  /**
   * Starts this empty sample at {@code other}'s threshold: a split's sample that will be merged into
   * {@code other} keeps only what the merge would keep, and skips re-growing to {@code 2k} keys and
   * sorting them in every split. The merged result is the same: the k smallest hashes of the union.
   */
  void startBelow(DistinctSample other) {
    if (size != 0) {
      throw new IllegalStateException("only an empty sample starts at another's threshold");
    }
    threshold = other.threshold;
  }

  /**
   * The {@code rank}-th smallest (0-based) of {@code xs}, distinct values, reordering them (Hoare's
   * selection: a column's sample is compacted a few times per task, and sorting its 4,096 keys each
   * time was a sixth of a wide table's fold).
   */
  static long smallest(long[] xs, int rank) {
    int lo = 0;
    int hi = xs.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      long pivot = median(xs[lo], xs[mid], xs[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (xs[i] < pivot) {
          i++;
        }
        while (xs[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = xs[i];
          xs[i] = xs[j];
          xs[j] = t;
          i++;
          j--;
        }
      }
      if (rank <= j) {
        hi = j;
      } else if (rank >= i) {
        lo = i;
      } else {
        return xs[rank];
      }
    }
    return xs[rank];
  }

  private static long median(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /** Merges {@code other} into this sample. */
  void merge(DistinctSample other) {
    threshold = Math.min(threshold, other.threshold);
    if (threshold != Long.MAX_VALUE) {
      rehash(keys.length); // drop own keys above the new threshold
    }
    for (int i = 0; i < other.keys.length; i++) {
      if (other.keys[i] != EMPTY) {
        addKey(other.keys[i], other.counts[i]);
      }
    }
  }

  /** Reduces to the final k smallest hashes. */
  void finish() {
    compact(k);
  }

  int size() {
    return size;
  }

  /** Exact counts of the retained hashes, in no particular order (call after {@link #finish()}). */
  long[] counts() {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        out[n++] = counts[i];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "DistinctSample[k=" + k + "]";
  }
}
