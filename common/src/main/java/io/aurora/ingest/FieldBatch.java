package io.aurora.ingest;

/**
 * The next well-formed records of a delimited file, tokenised in place: each field is a range of
 * the reader's byte buffer holding the value's UTF-8 bytes (quotes removed, doubled quotes undone),
 * or null. A profile folds it column by column without making a string or a row. Valid until the
 * reader's next refill; reused for a split's whole scan.
 */
public final class FieldBatch {
  /** Cells a batch holds at most: a thousand columns' batch still holds a thousand rows (8 MB of offsets). */
  static final int MAX_CELLS = 1 << 20;
  static final int MAX_ROWS = 1024;

  private final int columns;
  /** Record field holding output column 0 (1 when the first field is a row name). */
  private final int first;
  private final int capacity;
  private final int[] starts;
  /** Value sizes in bytes; -1 for a null (an empty unquoted field, or a padded missing one). */
  private final int[] sizes;
  byte[] bytes;
  private int rows;

  FieldBatch(int columns, boolean rowNames) {
    this.columns = columns;
    this.first = rowNames ? 1 : 0;
    this.capacity = Math.max(1, Math.min(MAX_ROWS, MAX_CELLS / Math.max(1, columns)));
    this.starts = new int[capacity * columns];
    this.sizes = new int[capacity * columns];
  }

  /** Rows a batch holds at most. */
  public int capacity() {
    return capacity;
  }

  public int rows() {
    return rows;
  }

  /** The buffer the values lie in. */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * Gathers the present values of {@code column} in row order: {@code offsets[i]} is {@code base}
   * plus the value's index in {@link #bytes()}; returns how many (the other rows hold nulls).
   */
  public int gather(int column, long base, long[] offsets, int[] sizes) {
    int n = 0;
    for (int r = 0, at = column; r < rows; r++, at += columns) {
      int size = this.sizes[at];
      if (size >= 0) {
        offsets[n] = base + starts[at];
        sizes[n++] = size;
      }
    }
    return n;
  }

  /**
   * Adds a record whose fields {@code fieldStarts}/{@code fieldSizes} ({@code count} of them, maybe
   * fewer than the width: the rest is null) lie in {@link #bytes()}; true when the batch is full.
   */
  boolean add(int[] fieldStarts, int[] fieldSizes, int count) {
    int at = rows * columns;
    for (int c = 0; c < columns; c++) {
      int f = c + first;
      if (f < count) {
        starts[at + c] = fieldStarts[f];
        sizes[at + c] = fieldSizes[f];
      } else {
        sizes[at + c] = -1;
      }
    }
    rows++;
    return rows == capacity;
  }

  void clear() {
    rows = 0;
  }
}
