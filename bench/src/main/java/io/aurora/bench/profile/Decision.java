package io.aurora.bench.profile;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;

/**
 * The key decisions a recommender takes from a fingerprint, as coarse buckets (stand-in until the
 * recommender is merged): type class, missingness, cardinality, numeric shape, string content.
 */
record Decision(TypeClass type, int missing, int cardinality, int sign, int skew, int span, int content) {

  static Decision of(Fingerprint f) {
    int missing = f.nullFraction() < 0.05 ? 0 : f.nullFraction() < 0.6 ? 1 : 2;
    int cardinality;
    if (Double.isNaN(f.distinctEstimate())) {
      cardinality = -1;
    } else if (f.distinctEstimate() < 1.5) {
      cardinality = 0; // constant
    } else if (f.distinctEstimate() < 2.5) {
      cardinality = 1; // binary
    } else if (f.distinctEstimate() <= 30) {
      cardinality = 2; // few levels
    } else if (f.distinctRatio() >= 0.8) {
      cardinality = 4; // key-like
    } else {
      cardinality = 3; // many levels
    }
    int sign = f.negativeShare() == null ? -1 : f.negativeShare() > 0.02 ? 1 : 0;
    int skew = f.skewness() == null ? -1 : Math.abs(f.skewness()) >= 2 ? 1 : 0;
    int span = f.magnitudeSpan() == null ? -1 : f.magnitudeSpan() >= 3 ? 1 : 0;
    int content = -1;
    if (f.numberWithUnitShare() != null) {
      if (f.numberWithUnitShare() > 0.5) {
        content = 1;
      } else if (f.listShare() > 0.5) {
        content = 2;
      } else if (f.meanTokens() != null && f.meanTokens() > 3) {
        content = 3;
      } else if (f.leadingZeroShare() > 0.3) {
        content = 4;
      } else {
        content = 0;
      }
    }
    return new Decision(f.typeClass(), missing, cardinality, sign, skew, span, content);
  }
}
