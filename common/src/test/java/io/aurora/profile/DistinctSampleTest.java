package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DistinctSampleTest {
  private static long hash(long value) {
    return ValueHash.ofLong(value);
  }

  @Test
  void keepsExactCountsOfTheSmallestHashesAcrossMerges() {
    int k = 64;
    SplittableRandom random = new SplittableRandom(7);
    Map<Long, Long> truth = new HashMap<>();
    DistinctSample[] parts = {new DistinctSample(k), new DistinctSample(k), new DistinctSample(k)};
    for (int i = 0; i < 50_000; i++) {
      long value = (long) Math.floor(Math.pow(random.nextDouble(), 3) * 5000); // skewed
      truth.merge(value, 1L, Long::sum);
      parts[random.nextInt(3)].add(hash(value), 1);
    }
    parts[0].merge(parts[1]);
    parts[0].merge(parts[2]);
    parts[0].finish();
    TreeMap<Long, Long> byKey = new TreeMap<>();
    truth.forEach((v, c) -> byKey.put(hash(v) >>> 1, c));
    long[] expected = byKey.values().stream().limit(k).mapToLong(Long::longValue).sorted().toArray();
    long[] actual = parts[0].counts();
    Arrays.sort(actual);
    assertThat(actual).containsExactly(expected);
  }

  @Test
  void selectionFindsTheSameKeyAsSorting() {
    SplittableRandom r = new SplittableRandom(17);
    for (int trial = 0; trial < 3_000; trial++) {
      long[] xs = r.longs(1 + r.nextInt(5_000), 1, trial % 3 == 0 ? 20_000 : Long.MAX_VALUE).distinct().toArray();
      if (trial % 5 == 0) {
        Arrays.sort(xs); // already ordered, and reversed below: the pivot's worst cases
      }
      if (trial % 10 == 0) {
        for (int i = 0; i < xs.length / 2; i++) {
          long t = xs[i];
          xs[i] = xs[xs.length - 1 - i];
          xs[xs.length - 1 - i] = t;
        }
      }
      int rank = r.nextInt(xs.length);
      long[] sorted = xs.clone();
      Arrays.sort(sorted);
      assertThat(DistinctSample.smallest(xs, rank)).isEqualTo(sorted[rank]);
    }
  }

  @Test
  void holdsEverythingWhenFewerDistinctThanK() {
    DistinctSample s = new DistinctSample(32);
    for (int i = 0; i < 1000; i++) {
      s.add(hash(i % 10), 1);
    }
    s.finish();
    assertThat(s.counts()).hasSize(10).containsOnly(100L);
  }
}
