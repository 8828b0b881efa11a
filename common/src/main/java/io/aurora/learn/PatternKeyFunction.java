package io.aurora.learn;

import io.aurora.fingerprint.Fingerprint;
import java.io.Serializable;
import java.util.function.Function;

/** The fine {@link PatternKey} as the serializable key function the recommendation combiner stores with each recommendation. */
public final class PatternKeyFunction implements Function<Fingerprint, String>, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public String apply(Fingerprint fingerprint) {
    return PatternKey.of(fingerprint).value();
  }
}
