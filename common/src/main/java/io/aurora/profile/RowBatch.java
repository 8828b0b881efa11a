package io.aurora.profile;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * A task's next rows, copied back to back into one buffer, so that they can be folded column by
 * column: all values of one column in one run, while that column's state (tally, histograms,
 * sample) and the code that classifies its kind of values stay in the caches and predictors.
 * Row by row, the reader's parsing between two values of a column evicted both. Holds up to
 * {@link #MAX_ROWS} rows or {@link #MAX_BYTES} bytes, whichever comes first; reused for the
 * task's whole scan. Never serialized.
 */
final class RowBatch {
  static final int MAX_ROWS = 1024;
  /** Rows of a very wide table fill the buffer first: a few MB stay in the last-level cache. */
  static final int MAX_BYTES = 4 << 20;

  private final UnsafeRow view;
  private final int bitSetWidth;
  private final long[] offsets = new long[MAX_ROWS];
  private final int[] sizes = new int[MAX_ROWS];
  /** Where the present values of the column being added lie in {@link #buffer}, their sizes, and room for their hashes. */
  private final long[] valueOffsets = new long[MAX_ROWS];
  private final int[] valueSizes = new int[MAX_ROWS];
  private final long[] valueHashes = new long[MAX_ROWS];
  private byte[] buffer = new byte[64 << 10];
  private int used;
  private int rows;

  RowBatch(int fields) {
    view = new UnsafeRow(fields);
    bitSetWidth = UnsafeRow.calculateBitSetWidthInBytes(fields);
  }

  /**
   * Adds string field {@code ord} of every row to {@code column}, read straight from the rows' bytes
   * in Spark's UnsafeRow layout (null bit set, then one slot per field holding the value's offset
   * from the row's start and its size): no view, no value object, no dispatch on the column's type.
   */
  void addStrings(int ord, ColumnState column) {
    byte[] bytes = buffer;
    long nullWord = (long) (ord >> 6) << 3;
    long nullBit = 1L << (ord & 63);
    long slot = bitSetWidth + ((long) ord << 3);
    int n = 0;
    for (int i = 0; i < rows; i++) {
      long row = offsets[i];
      if ((Platform.getLong(bytes, row + nullWord) & nullBit) != 0) {
        column.addNull();
      } else {
        long offsetAndSize = Platform.getLong(bytes, row + slot);
        valueOffsets[n] = row + (offsetAndSize >>> 32);
        valueSizes[n++] = (int) offsetAndSize;
      }
    }
    column.addStrings(bytes, valueOffsets, valueSizes, valueHashes, n);
  }

  /** Whether {@code row} can be held here (rows in Spark's binary format are copied as bytes). */
  static boolean holds(InternalRow row) {
    return row instanceof UnsafeRow;
  }

  /** Copies {@code row} in; true when the batch is full and must be folded. */
  boolean add(UnsafeRow row) {
    int size = row.getSizeInBytes();
    if (used + size > buffer.length) {
      byte[] larger = new byte[Math.max(buffer.length * 2, used + size)];
      System.arraycopy(buffer, 0, larger, 0, used);
      buffer = larger;
    }
    Platform.copyMemory(row.getBaseObject(), row.getBaseOffset(), buffer, Platform.BYTE_ARRAY_OFFSET + used, size);
    offsets[rows] = Platform.BYTE_ARRAY_OFFSET + used;
    sizes[rows] = size;
    used += size;
    rows++;
    return rows == MAX_ROWS || used >= MAX_BYTES;
  }

  int rows() {
    return rows;
  }

  /** Row {@code i} of the batch, as one shared view valid until the next call. */
  InternalRow row(int i) {
    view.pointTo(buffer, offsets[i], sizes[i]);
    return view;
  }

  void clear() {
    used = 0;
    rows = 0;
  }
}
