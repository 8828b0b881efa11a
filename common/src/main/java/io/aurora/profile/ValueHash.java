package io.aurora.profile;

import java.nio.ByteOrder;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import org.apache.spark.unsafe.Platform;

/**
 * The fixed, public 64-bit hash of a column value: hash buckets and the bottom-k distinct sample are
 * data-independent functions of it. Strings of up to 8 bytes, most values of most columns, are read
 * as one little-endian word tagged with their length and put through a bijective 64-bit finalizer
 * (the MurmurHash3 fmix64 constants), so two different short values never share a hash; 9 to 16
 * bytes are two overlapping words folded by 128-bit multiplication (the construction of wyhash);
 * longer values and numbers go to XXH3 (OpenHFT zero-allocation-hashing). Hashing was a fourth of the
 * fold's time per value with XXH3 for every value (docs/fingerprints.md, "One pass").
 */
final class ValueHash {
  /** Fixed, public seed; changing it (or the function) changes every bucket and sample, never the privacy cost. */
  static final long SEED = 0x5EEDA0A0L;

  private static final LongHashFunction XX3 = LongHashFunction.xx3(SEED);
  private static final Access<Object> MEMORY = Access.unsafe();
  private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
  private static final long K1 = 0xA0761D6478BD642FL;
  private static final long K2 = 0xE7037ED1A0B428DBL;
  private static final long K3 = 0x8EBC6AF09C88C6E3L;

  private ValueHash() {}

  /** Hash of {@code length} bytes at {@code base}/{@code offset} (Spark's Unsafe addressing: on heap or off heap). */
  static long bytes(Object base, long offset, int length) {
    if (length <= 7) {
      // the length in the top byte, which 7 bytes leave free: injective on values of up to 7 bytes
      return fmix((shortWord(base, offset, length) | ((long) length << 56)) ^ SEED);
    }
    if (length == 8) {
      return fmix(word(base, offset) ^ K3 ^ SEED);
    }
    if (length <= 16) {
      long a = word(base, offset) ^ K1;
      long b = word(base, offset + length - 8) ^ SEED ^ K2;
      return fmix(fold(a, b) ^ (length * K3));
    }
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

  /** The bytes of a value of 0 to 7 bytes as a little-endian word, never reading past its end. */
  private static long shortWord(Object base, long offset, int length) {
    if (length >= 4) {
      long low = Platform.getInt(base, offset) & 0xFFFFFFFFL;
      long high = Platform.getInt(base, offset + length - 4) & 0xFFFFFFFFL;
      if (BIG_ENDIAN) {
        low = Integer.reverseBytes((int) low) & 0xFFFFFFFFL;
        high = Integer.reverseBytes((int) high) & 0xFFFFFFFFL;
      }
      return low | (high << (8 * (length - 4))); // the overlap holds the same bytes in both reads
    }
    if (length == 0) {
      return 0;
    }
    long first = Platform.getByte(base, offset) & 0xFFL;
    long middle = Platform.getByte(base, offset + (length >> 1)) & 0xFFL;
    long last = Platform.getByte(base, offset + length - 1) & 0xFFL;
    return first | (middle << (8 * (length >> 1))) | (last << (8 * (length - 1)));
  }

  private static long word(Object base, long offset) {
    long w = Platform.getLong(base, offset);
    return BIG_ENDIAN ? Long.reverseBytes(w) : w;
  }

  /** Folds two words into one by their 128-bit product (low half xor high half). */
  private static long fold(long a, long b) {
    return a * b ^ Math.multiplyHigh(a, b);
  }

  /** MurmurHash3's 64-bit finalizer: a bijection with full avalanche. */
  private static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}
