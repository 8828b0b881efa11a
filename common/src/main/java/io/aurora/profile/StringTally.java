package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.catalyst.expressions.XXH64;

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
 */
final class StringTally {
  static final int INITIAL_CAPACITY = 1024;
  /** Lookups per check of the hit rate. */
  private static final int WINDOW = 8192;
  /** Per value: kind, magnitude bin (-1: none), length bin, token bin, four character shares. */
  private static final int STRIDE = 8;

  private final ColumnState column;
  private final int limit;
  private final StringShape shape = new StringShape();
  private final int[] scratch = new int[STRIDE];
  /**
   * Two longs per slot, side by side so one lookup touches one cache line: the value's hash, then
   * its byte length + 1 (0: empty slot) in the high half and its pending count in the low half.
   */
  private long[] table;
  private int[] contributions;
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
    add(XXH64.hashUnsafeBytes(base, offset, numBytes, ColumnState.HASH_SEED), base, offset, numBytes);
  }

  /** As {@link #add(Object, long, int)} with the value's hash already computed (tests inject collisions). */
  void add(long hash, Object base, long offset, int numBytes) {
    if (off) {
      classify(base, offset, numBytes, scratch, 0);
      column.addShape(scratch, 0, hash, 1);
      return;
    }
    long[] t = table;
    int slot = (int) (hash >>> 32) & ((t.length >> 1) - 1);
    int at = slot << 1;
    long meta = t[at + 1];
    long length = numBytes + 1L;
    if (t[at] == hash && (meta >>> 32) == length) {
      if ((int) meta == Integer.MAX_VALUE) {
        release(slot); // the count would overflow: add what is pending and count on from zero
        t[at + 1] = length << 32;
      }
      t[at + 1]++;
      hits++;
    } else {
      if (meta != 0) {
        release(slot);
      }
      classify(base, offset, numBytes, contributions, slot * STRIDE);
      t[at] = hash;
      t[at + 1] = (length << 32) | 1;
    }
    if (++lookups == WINDOW) {
      adapt();
    }
  }

  /** Adds the pending occurrences of every held value to the histograms and empties the table. */
  void flush() {
    if (table == null) {
      return;
    }
    for (int slot = 0; slot < table.length >> 1; slot++) {
      if (table[(slot << 1) + 1] != 0) {
        release(slot);
      }
    }
  }

  /** Entries the table holds now (0 once turned off); for tests. */
  int capacity() {
    return off ? 0 : table.length >> 1;
  }

  private void classify(Object base, long offset, int numBytes, int[] into, int at) {
    ValueKind kind = shape.classify(base, offset, numBytes);
    into[at] = kind.ordinal();
    boolean numeric = kind == ValueKind.TEXT_INT || kind == ValueKind.TEXT_FRAC || kind == ValueKind.TEXT_NUMBER_WITH_UNIT;
    into[at + 1] = numeric ? MagnitudeBins.index(shape.number) : -1;
    into[at + 2] = SizeBins.index(shape.chars);
    into[at + 3] = SizeBins.index(shape.tokens);
    int chars = shape.chars;
    if (chars > 0) {
      // floor of each share in thousandths: the four add up to at most 1000 (the stated sensitivity)
      double perChar = (double) ColumnState.CHARACTER_SCALE / chars;
      into[at + 4] = (int) (shape.digits * perChar);
      into[at + 5] = (int) (shape.letters * perChar);
      into[at + 6] = (int) (shape.punctuation * perChar);
      into[at + 7] = (int) (shape.whitespace * perChar);
    } else {
      into[at + 4] = 0;
      into[at + 5] = 0;
      into[at + 6] = 0;
      into[at + 7] = 0;
    }
  }

  private void release(int slot) {
    int at = slot << 1;
    column.addShape(contributions, slot * STRIDE, table[at], (int) table[at + 1]);
    table[at + 1] = 0;
  }

  private void adapt() {
    if (hits * 4L < WINDOW * 3L && capacity() < limit) {
      resize(capacity() * 2); // values repeat less than a larger table could catch
    } else if (hits * 4L < WINDOW) {
      flush(); // at the limit and values rarely repeat: classifying directly is cheaper
      off = true;
      table = null;
      contributions = null;
    }
    lookups = 0;
    hits = 0;
  }

  private void resize(int capacity) {
    long[] old = table;
    int[] oldContributions = contributions;
    allocate(capacity);
    int mask = capacity - 1;
    for (int from = 0; from < old.length >> 1; from++) {
      long meta = old[(from << 1) + 1];
      if (meta == 0) {
        continue;
      }
      long hash = old[from << 1];
      int slot = (int) (hash >>> 32) & mask; // doubling splits slots: no two old entries meet
      table[slot << 1] = hash;
      table[(slot << 1) + 1] = meta;
      System.arraycopy(oldContributions, from * STRIDE, contributions, slot * STRIDE, STRIDE);
    }
  }

  private void allocate(int capacity) {
    table = new long[capacity * 2];
    contributions = new int[capacity * STRIDE];
  }
}
