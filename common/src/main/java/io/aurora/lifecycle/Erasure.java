package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

/**
 * What one store outside the warehouse did for a forget.
 *
 * @param removed keys or rows deleted (AURORA's own, never data counts)
 * @param note a short explanation for the operator (never a data value, never a credential)
 */
public record Erasure(String store, Outcome outcome, long removed, String note) {
  /** How it ended. */
  public enum Outcome {
    /** Everything of the scope is gone from the store. */
    DONE(true),
    /** The store is not configured for this job, so it holds nothing AURORA could reach. */
    NOT_CONFIGURED(true),
    /** The store could not be reached or refused: a retry of the forget finishes it. */
    FAILED(false),
    /** The store's forget is not part of this build (see the note); the forget is not complete. */
    PENDING(false);

    private final boolean complete;

    Outcome(boolean complete) {
      this.complete = complete;
    }

    public boolean complete() {
      return complete;
    }
  }

  public Erasure {
    requireNonNull(store, "store is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(note, "note is null");
  }

  public static Erasure done(String store, long removed, String note) {
    return new Erasure(store, Outcome.DONE, removed, note);
  }

  public static Erasure notConfigured(String store, String note) {
    return new Erasure(store, Outcome.NOT_CONFIGURED, 0, note);
  }

  public static Erasure failed(String store, String note) {
    return new Erasure(store, Outcome.FAILED, 0, note);
  }

  public static Erasure pending(String store, String note) {
    return new Erasure(store, Outcome.PENDING, 0, note);
  }
}
