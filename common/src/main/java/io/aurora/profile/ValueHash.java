package io.aurora.profile;

import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;

/**
 * The fixed, public 64-bit hash of a column value (XXH3 with the seed {@link #SEED}): hash buckets and
 * the bottom-k distinct sample are data-independent functions of it. XXH3 hashes the short strings of
 * typical columns in about two thirds of XXH64's time, the largest single cost of a string value after
 * its classification (docs/fingerprints.md, "One pass").
 */
final class ValueHash {
  /** Fixed, public seed; changing it (or the function) changes every bucket and sample, never the privacy cost. */
  static final long SEED = 0x5EEDA0A0L;

  private static final LongHashFunction XX3 = LongHashFunction.xx3(SEED);
  private static final Access<Object> MEMORY = Access.unsafe();

  private ValueHash() {}

  /** Hash of {@code length} bytes at {@code base}/{@code offset} (Spark's Unsafe addressing: on heap or off heap). */
  static long bytes(Object base, long offset, int length) {
    return XX3.hash(base, MEMORY, offset, length);
  }

  /** Hash of a 64-bit value (integers, timestamps, a double's normalized bits). */
  static long ofLong(long value) {
    return XX3.hashLong(value);
  }

  /** Hash of a 32-bit value (dates). */
  static long ofInt(int value) {
    return XX3.hashInt(value);
  }
}
