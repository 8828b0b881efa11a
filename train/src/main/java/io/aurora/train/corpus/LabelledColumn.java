package io.aurora.train.corpus;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;

/** One labelled column of the corpus: the source file it came from, its fingerprint and its type. */
public record LabelledColumn(String sourceFile, Fingerprint fingerprint, FeatureType type) {
  public LabelledColumn {
    requireNonNull(sourceFile, "sourceFile is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(type, "type is null");
  }
}
