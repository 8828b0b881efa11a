package io.aurora.apply;

import io.aurora.AuroraException;

/**
 * How {@code apply} turns decisions into a pipeline.
 *
 * @param includeUncertain also apply uncertain recommendations nobody reviewed (default: only confident or reviewed ones)
 * @param target the label column, needed by target encoding; never transformed (null: none)
 * @param folds folds of the out-of-fold target encoding of the training rows
 * @param smoothing target encoding's smoothing: "auto" or a number of pseudo-rows
 * @param textFeatures width of the hashed term vector of a text column (a power of two)
 * @param listVocabulary most distinct items a list column's multi-hot vector keeps
 */
public record ApplyOptions(boolean includeUncertain, String target, int folds, String smoothing, int textFeatures,
    int listVocabulary) {
  public static final int DEFAULT_FOLDS = 5;
  public static final int DEFAULT_TEXT_FEATURES = 1024;
  public static final int DEFAULT_LIST_VOCABULARY = 1000;

  public ApplyOptions {
    if (folds < 2 || folds > 20) {
      throw AuroraException.badInput("invalid --folds " + folds + ": use 2 to 20");
    }
    if (textFeatures < 2 || Integer.bitCount(textFeatures) != 1 || textFeatures > (1 << 20)) {
      throw AuroraException.badInput("invalid --text-features " + textFeatures + ": use a power of two from 2 to 1048576");
    }
    if (listVocabulary < 1) {
      throw AuroraException.badInput("invalid --list-vocabulary " + listVocabulary + ": use a positive number");
    }
    smoothing = smoothing == null ? "auto" : smoothing;
    if (!smoothing.equals("auto")) {
      try {
        double m = Double.parseDouble(smoothing);
        if (!(m >= 0) || Double.isInfinite(m)) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw AuroraException.badInput("invalid --smoothing '" + smoothing + "': use auto or a non-negative number");
      }
    }
  }

  /** Only confident or reviewed recommendations, no target, default widths. */
  public static ApplyOptions defaults() {
    return new ApplyOptions(false, null, DEFAULT_FOLDS, "auto", DEFAULT_TEXT_FEATURES, DEFAULT_LIST_VOCABULARY);
  }

  public ApplyOptions withTarget(String label) {
    return new ApplyOptions(includeUncertain, label, folds, smoothing, textFeatures, listVocabulary);
  }

  public ApplyOptions withUncertain(boolean include) {
    return new ApplyOptions(include, target, folds, smoothing, textFeatures, listVocabulary);
  }
}
