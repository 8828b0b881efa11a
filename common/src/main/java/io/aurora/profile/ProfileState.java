package io.aurora.profile;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** The mergeable state of one scan over all columns: one {@link ColumnState} per column plus the row count. */
final class ProfileState implements Serializable {
  private static final long serialVersionUID = 1L;

  final ColumnState[] columns;
  long rows;

  /**
   * Entries all string tallies of one task may hold together (32 bytes each, 8 MB). Lookups are
   * random accesses: tables much larger than the CPU's caches cost a memory stall per value, about
   * what classifying the value again costs, so the limits stay small.
   */
  static final int TALLY_ENTRIES_PER_TASK = 1 << 18;
  /** Largest table of one column's tally (4,096 entries of 32 bytes: 128 KB). */
  static final int TALLY_MAX_PER_COLUMN = 1 << 12;

  ProfileState(ColumnPlan[] plans, int sampleSize) {
    columns = new ColumnState[plans.length];
    int strings = 0;
    for (ColumnPlan plan : plans) {
      strings += plan.reader() == ColumnPlan.Reader.STRING ? 1 : 0;
    }
    int share = Integer.highestOneBit(TALLY_ENTRIES_PER_TASK / Math.max(strings, 1));
    int limit = Math.max(StringTally.INITIAL_CAPACITY, Math.min(TALLY_MAX_PER_COLUMN, share));
    for (int i = 0; i < plans.length; i++) {
      columns[i] = new ColumnState(plans[i], sampleSize, limit);
    }
  }

  /** Prepares this fresh state of a later split to be merged into {@code task} (see {@link ColumnState#startAfter}). */
  ProfileState startAfter(ProfileState task) {
    for (int i = 0; i < columns.length; i++) {
      columns[i].startAfter(task.columns[i]);
    }
    return this;
  }

  /** Adds every column's pending tallies to its histograms (end of a task). */
  ProfileState flush() {
    for (ColumnState column : columns) {
      column.flush();
    }
    return this;
  }

  void add(InternalRow row) {
    rows++;
    for (ColumnState column : columns) {
      column.add(row);
    }
  }

  /** Adds every row of {@code batch}, column by column, and empties it. */
  void add(RowBatch batch) {
    rows += batch.rows();
    for (ColumnState column : columns) {
      column.addAll(batch);
    }
    batch.clear();
  }

  /**
   * Adds every row of a columnar batch, column by column: column {@code i} of this state reads
   * vector {@code vectors[i]} of the batch.
   */
  void add(ColumnarBatch batch, int[] vectors) {
    int count = batch.numRows();
    rows += count;
    for (int i = 0; i < columns.length; i++) {
      columns[i].addAll(batch.column(vectors[i]), count);
    }
  }

  ProfileState merge(ProfileState other) {
    rows += other.rows;
    for (int i = 0; i < columns.length; i++) {
      columns[i].merge(other.columns[i]);
    }
    return this;
  }

  @Override
  public String toString() {
    return "ProfileState[" + columns.length + " columns]";
  }
}
