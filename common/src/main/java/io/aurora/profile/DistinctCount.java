package io.aurora.profile;

import java.io.Serializable;

/**
 * The {@link Statistic#DISTINCT} statistic of one column: the exact number of distinct values,
 * capped at {@link #CAP}, from the set of their 64-bit hashes. Adding or removing one row adds or
 * removes at most one distinct value, and min(d, CAP) moves by at most one too (Δ1 = Δ2² = 1). Each
 * task keeps at most {@code CAP + 1} hashes and stops keeping any once it has more (the column then
 * has more than CAP values in any case); sets merge by union, so the count is exact up to hash
 * collisions (about d²/2⁶⁵). Only hashes are held, never values.
 */
final class DistinctCount implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The cap: counts up to it are exact; above it the release says only "at least CAP". */
  static final int CAP = 4096;
  private static final long EMPTY = 0L;

  private long[] keys = new long[16];
  private int size;
  private boolean saturated;

  void add(long hash) {
    if (saturated) {
      return;
    }
    long key = hash == EMPTY ? 1L : hash;
    long[] ks = keys;
    int mask = ks.length - 1;
    int i = (int) mix(key) & mask;
    while (true) {
      long k = ks[i];
      if (k == key) {
        return;
      }
      if (k == EMPTY) {
        ks[i] = key;
        if (++size > CAP) {
          saturate();
        } else if (size * 2 > ks.length) {
          rehash(ks.length * 2);
        }
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private void saturate() {
    saturated = true;
    keys = null;
  }

  private void rehash(int capacity) {
    long[] old = keys;
    keys = new long[capacity];
    int mask = capacity - 1;
    for (long k : old) {
      if (k != EMPTY) {
        int i = (int) mix(k) & mask;
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
      }
    }
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }

  /** Starts this empty count saturated when {@code other} is: merged into it, nothing it keeps would count. */
  void startAfter(DistinctCount other) {
    if (size != 0) {
      throw new IllegalStateException("only an empty count starts after another");
    }
    if (other.saturated) {
      saturate();
    }
  }

  void merge(DistinctCount other) {
    if (saturated) {
      return;
    }
    if (other.saturated) {
      saturate();
      return;
    }
    for (long k : other.keys) {
      if (k != EMPTY) {
        add(k);
        if (saturated) {
          return;
        }
      }
    }
  }

  /** min(d, CAP): the released count. */
  long[] exact() {
    return new long[] {saturated ? CAP : size};
  }
}
