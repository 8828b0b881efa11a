package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** An action with its probability of being the right one. */
public record ScoredAction(Action action, double confidence) implements Serializable {
  public ScoredAction {
    requireNonNull(action, "action is null");
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
  }
}
