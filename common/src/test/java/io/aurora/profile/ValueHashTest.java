package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

class ValueHashTest {
  private static long hash(byte[] bytes) {
    return ValueHash.bytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length);
  }

  private static long hash(String value) {
    return hash(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void valuesOfUpToSevenBytesNeverShareAHash() {
    SplittableRandom r = new SplittableRandom(3);
    Map<Long, String> seen = new HashMap<>();
    // every value of up to 2 bytes, then random values of 3 to 7 bytes (any byte, zeros included)
    for (int length = 0; length <= 2; length++) {
      for (int v = 0; v < 1 << (8 * length); v++) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
          b[i] = (byte) (v >>> (8 * i));
        }
        String key = length + ":" + v;
        assertThat(seen.put(hash(b), key)).as(key).isNull();
      }
    }
    for (int n = 0; n < 300_000; n++) {
      byte[] b = new byte[3 + r.nextInt(5)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) r.nextInt(256);
      }
      String key = java.util.Arrays.toString(b);
      String earlier = seen.put(hash(b), key);
      assertThat(earlier == null || earlier.equals(key)).as(key + " vs " + earlier).isTrue();
    }
  }

  @Test
  void aValueIsHashedFromItsOwnBytesOnly() {
    SplittableRandom r = new SplittableRandom(5);
    for (int length = 0; length <= 40; length++) {
      byte[] value = new byte[length];
      for (int i = 0; i < length; i++) {
        value[i] = (byte) r.nextInt(256);
      }
      // the same bytes at the very end of an array, and inside a larger one with other bytes around
      byte[] inside = new byte[length + 16];
      for (int i = 0; i < inside.length; i++) {
        inside[i] = (byte) r.nextInt(256);
      }
      System.arraycopy(value, 0, inside, 8, length);
      long alone = hash(value);
      assertThat(ValueHash.bytes(inside, Platform.BYTE_ARRAY_OFFSET + 8, length)).as("length %d", length).isEqualTo(alone);
      if (length > 0) {
        byte[] changed = value.clone();
        changed[length - 1] ^= 1;
        assertThat(hash(changed)).as("last byte of %d", length).isNotEqualTo(alone);
        changed = value.clone();
        changed[0] ^= (byte) 0x80;
        assertThat(hash(changed)).as("first byte of %d", length).isNotEqualTo(alone);
      }
    }
  }

  @Test
  void bucketsAndTopBitsAreUniformOnTypicalColumns() {
    // numbers as text, codes with a common prefix, lengths 1-16 and longer: the low 8 bits choose the
    // hash bucket, the top bits order the bottom-k sample
    String[][] columns = new String[4][60_000];
    for (int i = 0; i < 60_000; i++) {
      columns[0][i] = Integer.toString(i);
      columns[1][i] = "ID-" + i;
      columns[2][i] = String.format("%08.3f", i / 7.0);
      columns[3][i] = "customer number " + i + " of the year";
    }
    for (String[] column : columns) {
      long[] low = new long[256];
      long[] top = new long[256];
      for (String v : column) {
        long h = hash(v);
        low[(int) (h & 255)]++;
        top[(int) (h >>> 56)]++;
      }
      // chi-square with 255 degrees of freedom: mean 255, sd 22.6; 380 is beyond 5.5 sd
      assertThat(chiSquare(low, column.length)).as(column[1]).isLessThan(380);
      assertThat(chiSquare(top, column.length)).as(column[1]).isLessThan(380);
    }
  }

  private static double chiSquare(long[] counts, int n) {
    double expected = n / (double) counts.length;
    double x = 0;
    for (long c : counts) {
      x += (c - expected) * (c - expected) / expected;
    }
    return x;
  }
}
