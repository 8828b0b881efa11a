package io.aurora.profile;

/**
 * The output of the mechanisms for one column: the noisy histograms, bins that do not apply to the
 * column's family left at zero (structural, not released), arrays of statistics the family does not
 * have null. Everything after this is post-processing.
 */
record NoisyColumn(
    long[] kinds, long[] magnitudes, long[] buckets, long[] frequencies, long[] lengths, long[] tokens, long[] characters) {}
