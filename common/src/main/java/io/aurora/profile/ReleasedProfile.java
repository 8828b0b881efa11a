package io.aurora.profile;

import java.util.List;

/**
 * The fingerprints of one run and what the operator should know about their quality: the budget,
 * the noise per kinds count, every stage's mechanisms, the released row count and its noise, the
 * released malformed-record count (noisy, clamped at 0) and its noise, the
 * expected error of a share, and warnings in plain words when the data set is too small for its
 * budget.
 */
public record ReleasedProfile(
    List<io.aurora.fingerprint.Fingerprint> fingerprints,
    ReleaseBudget budget,
    double countStd,
    String mechanisms,
    double rowsEstimate,
    double rowsEstimateStd,
    long malformedEstimate,
    double malformedStd,
    double expectedShareError,
    boolean lowUtility,
    List<String> warnings) {
  public ReleasedProfile {
    fingerprints = List.copyOf(fingerprints);
    warnings = List.copyOf(warnings);
  }
}
