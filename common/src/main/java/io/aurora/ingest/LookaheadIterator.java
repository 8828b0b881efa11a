package io.aurora.ingest;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator whose elements are found by reading ahead (skipping malformed records, blank lines,
 * exhausted files): a subclass only says how to find the next element.
 */
abstract class LookaheadIterator<T> implements Iterator<T> {
  private T next;

  /** Reads on to the next element; {@code null} at the end (and on every later call). */
  protected abstract T advance();

  @Override
  public final boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T element = next;
    next = null;
    return element;
  }
}
