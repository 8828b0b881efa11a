package io.aurora.profile;

import static java.util.Objects.requireNonNull;


/**
 * Adds the string values of one column, within one task, to the column's histograms, classifying
 * each distinct value once: a table of recently seen values (64-bit hash and byte length, never the
 * bytes) keeps each value's contribution to every histogram and a pending count of its
 * occurrences; a repeat only increments that count. When an entry is evicted, and at the end of the
 * task ({@link #flush()}), its contribution is added {@code count} times in one step.
 *
 * <p>The result is exactly what adding every value on its own gives (same bins, same counts, same
 * bottom-k sample) except if two different values share both a 64-bit hash and a length (about
 * n²/2⁶⁵ for n distinct values), and even then each row adds exactly one value to each histogram,
 * so no sensitivity changes. Because the outcome does not depend on the table, its size may follow
 * the data: it starts small, doubles while values repeat less than it could hold, up to a limit
 * set from the task's number of string columns, and turns itself off for a column whose values
 * rarely repeat (every value is then classified and added directly).
 *
 * <p>Layout: the table is two-way set associative, four longs per entry (hash; byte length and
 * pending count; the contribution packed in two longs), so one lookup reads one or two adjacent
 * cache lines. Two ways keep two frequent values whose hashes share a set, which a direct-mapped
 * table would make evict each other on every row; the way with fewer pending occurrences goes when
 * a third value arrives. In the task's scan the table competes with the row parser for the cache,
 * so the bytes touched per lookup count more than the instructions.
 */
final class StringTally {
  static final int INITIAL_CAPACITY = 1024;
  /** Lookups per check of the hit rate. */
  private static final int WINDOW = 8192;
  /** Per value: kind, magnitude bin (-1: none), length bin, token bin. */
  private static final int STRIDE = 4;
  /** Longs per entry: hash, length + 1 and pending count, then the packed contribution and a spare long. */
  private static final int ENTRY = 4;
  /** Longs per set of two entries. */
  private static final int SET = 2 * ENTRY;
  private static final long LENGTH_BITS = 0xFFFFFFFF00000000L;

  private final ColumnState column;
  private final int limit;
  private final StringShape shape = new StringShape();
  /** One value's contribution, unpacked: filled by classify or release, read at once by addShape or pack. */
  private final int[] scratch = new int[STRIDE];
  /**
   * {@link #ENTRY} longs per entry, two entries per set: the value's hash; its byte length + 1 (0:
   * empty entry) in the high half and its pending count in the low half; the contribution packed
   * by {@link #pack}.
   */
  private long[] table;
  private int lookups;
  private int hits;
  private boolean off;

  /**
   * A tally adding to {@code column}'s histograms, whose table may grow to {@code limit} entries
   * (a power of two, at least {@link #INITIAL_CAPACITY}).
   */
  StringTally(ColumnState column, int limit) {
    this.column = requireNonNull(column, "column is null");
    if (limit < INITIAL_CAPACITY || Integer.bitCount(limit) != 1) {
      throw new IllegalArgumentException("limit must be a power of two >= " + INITIAL_CAPACITY + ", was " + limit);
    }
    this.limit = limit;
    allocate(INITIAL_CAPACITY);
  }

  /** Adds one non-null value given as UTF-8 bytes at {@code base}/{@code offset}. */
  void add(Object base, long offset, int numBytes) {
    add(ValueHash.bytes(base, offset, numBytes), base, offset, numBytes);
  }

  /**
   * Adds {@code count} values at {@code base}/{@code offsets[i]}, {@code sizes[i]} bytes each: the
   * same as adding them one by one. The hashes are computed first, into {@code h} (scratch of at
   * least {@code count} longs, shared by the task's columns), in a loop of their own, so the lookups
   * that follow are short and independent of each other: the processor overlaps the cache misses
   * of several (a column's table is larger than the first-level cache) instead of waiting for each
   * behind a hash computation. The in-memory fold takes 6-10 % less time at 20 string columns and
   * 11 % less at 1,000 (docs/fingerprints.md, sixth session).
   */
  void addAll(Object base, long[] offsets, int[] sizes, long[] h, int count) {
    for (int i = 0; i < count; i++) {
      h[i] = ValueHash.bytes(base, offsets[i], sizes[i]);
    }
    for (int i = 0; i < count; i++) {
      add(h[i], base, offsets[i], sizes[i]);
    }
  }

  /** As {@link #add(Object, long, int)} with the value's hash already computed (tests inject collisions). */
  void add(long hash, Object base, long offset, int numBytes) {
    if (off) {
      classify(base, offset, numBytes);
      column.addShape(scratch, 0, hash, 1);
      return;
    }
    long[] t = table;
    int at = ((int) (hash >>> 32) & ((t.length / SET) - 1)) * SET;
    long lengthBits = (numBytes + 1L) << 32;
    int hit = -1;
    if (t[at] == hash && (t[at + 1] & LENGTH_BITS) == lengthBits) {
      hit = at;
    } else if (t[at + ENTRY] == hash && (t[at + ENTRY + 1] & LENGTH_BITS) == lengthBits) {
      hit = at + ENTRY;
    }
    if (hit >= 0) {
      if ((int) t[hit + 1] == Integer.MAX_VALUE) {
        release(hit); // the count would overflow: add what is pending and count on from zero
        t[hit + 1] = lengthBits;
      }
      t[hit + 1]++;
      hits++;
    } else {
      int into = into(t, at);
      classify(base, offset, numBytes);
      pack(scratch, t, into);
      t[into] = hash;
      t[into + 1] = lengthBits | 1;
    }
    if (++lookups == WINDOW) {
      adapt();
    }
  }

  /** The entry of set {@code at} a new value takes: an empty way, else the way with fewer pending occurrences, released. */
  private int into(long[] t, int at) {
    long first = t[at + 1];
    if (first == 0) {
      return at;
    }
    long second = t[at + ENTRY + 1];
    if (second == 0) {
      return at + ENTRY;
    }
    int victim = (int) first <= (int) second ? at : at + ENTRY; // frequent values stay
    release(victim);
    return victim;
  }

  /** Adds the pending occurrences of every held value to the histograms and empties the table. */
  void flush() {
    if (table == null) {
      return;
    }
    for (int at = 0; at < table.length; at += ENTRY) {
      if (table[at + 1] != 0) {
        release(at);
      }
    }
  }

  /** Whether this tally turned itself off (values rarely repeat): a later split of the task starts off too. */
  boolean isOff() {
    return off;
  }

  /** Adds what is pending and classifies every later value directly (also a later split's tally whose task's turned off). */
  void turnOff() {
    flush();
    off = true;
    table = null;
  }

  /** Entries the table holds now (0 once turned off); for tests. */
  int capacity() {
    return off ? 0 : table.length / ENTRY;
  }

  /** Classifies one value into {@link #scratch}. */
  private void classify(Object base, long offset, int numBytes) {
    int[] d = scratch;
    ValueKind kind = shape.classify(base, offset, numBytes);
    d[0] = kind.ordinal();
    d[1] = ValueKind.TEXT_NUMBERS.contains(kind) ? MagnitudeBins.index(shape.number) : -1;
    d[2] = SizeBins.index(shape.chars);
    d[3] = SizeBins.index(shape.tokens);
  }

  /**
   * Packs a contribution into the entry at {@code at}: kind (8 bits), magnitude bin + 1 (16), length
   * bin (8) and token bin (8) in one long.
   */
  private static void pack(int[] d, long[] t, int at) {
    t[at + 2] = (d[0] & 0xFFL) | ((d[1] + 1L) << 8) | ((long) d[2] << 24) | ((long) d[3] << 32);
  }

  /** Adds the pending occurrences of the entry at {@code at} to the histograms and empties it. */
  private void release(int at) {
    long[] t = table;
    long a = t[at + 2];
    int[] d = scratch;
    d[0] = (int) (a & 0xFF);
    d[1] = (int) ((a >>> 8) & 0xFFFF) - 1;
    d[2] = (int) ((a >>> 24) & 0xFF);
    d[3] = (int) ((a >>> 32) & 0xFF);
    column.addShape(d, 0, t[at], (int) t[at + 1]);
    t[at + 1] = 0;
  }

  private void adapt() {
    if (hits * 4L < WINDOW * 3L && capacity() < limit) {
      resize(capacity() * 2); // values repeat less than a larger table could catch
    } else if (hits * 4L < WINDOW) {
      turnOff(); // at the limit and values rarely repeat: classifying directly is cheaper
    }
    lookups = 0;
    hits = 0;
  }

  private void resize(int capacity) {
    long[] old = table;
    allocate(capacity);
    int sets = capacity / 2;
    for (int from = 0; from < old.length; from += ENTRY) {
      if (old[from + 1] == 0) {
        continue;
      }
      // doubling splits each set in two: at most the two ways of one old set meet in a new one
      int at = ((int) (old[from] >>> 32) & (sets - 1)) * SET;
      System.arraycopy(old, from, table, table[at + 1] == 0 ? at : at + ENTRY, ENTRY);
    }
  }

  private void allocate(int capacity) {
    table = new long[capacity * ENTRY];
  }
}
