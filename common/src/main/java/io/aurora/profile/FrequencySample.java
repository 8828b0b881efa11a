package io.aurora.profile;

import java.io.Serializable;

/**
 * The {@link Statistic#FREQUENCIES} statistic of one column: how many values of the bottom-k
 * distinct sample ({@link DistinctSample}: a uniform sample of the column's distinct values, each with
 * its exact count) occur once, twice, … on {@link FrequencyBins}. One row moves one sampled value to
 * the next count bin, or swaps a value in or out of the sample: at most two bins change by one
 * (Δ1 = Δ2² = 2). Released for columns with more rows than {@link DistinctCount#CAP}, where the
 * capped count may saturate: the mean occurrences per distinct value scale the distinct count up.
 */
final class FrequencySample implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DistinctSample sample;

  FrequencySample(int k) {
    sample = new DistinctSample(k);
  }

  void add(long hash, long count) {
    sample.add(hash, count);
  }

  /** See {@link DistinctSample#startBelow}. */
  void startBelow(FrequencySample other) {
    sample.startBelow(other.sample);
  }

  void merge(FrequencySample other) {
    sample.merge(other.sample);
  }

  long[] exact() {
    long[] fof = new long[FrequencyBins.COUNT];
    sample.finish();
    for (long count : sample.counts()) {
      fof[FrequencyBins.index(count)]++;
    }
    return fof;
  }
}
