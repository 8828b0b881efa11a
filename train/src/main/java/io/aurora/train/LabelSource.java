package io.aurora.train;

import java.util.Locale;

/** Where a training label comes from. */
public enum LabelSource {
  /** An analyst corrected a recommendation: the right action is the one they gave. */
  CORRECTION,
  /** An analyst accepted a recommendation: the recommended action was right. */
  ACCEPT,
  /** The built-in labelled corpus: public files profiled by AURORA, each column with its acceptable actions. */
  CORPUS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
