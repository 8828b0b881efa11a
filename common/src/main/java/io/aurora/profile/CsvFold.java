package io.aurora.profile;

import io.aurora.ingest.CsvSource;
import io.aurora.ingest.FieldBatch;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Folds delimited files into a {@link ProfileState} without rows: each column's present values are
 * handed to its state as UTF-8 byte ranges of the reader's buffer, column by column, as
 * {@link RowBatch} hands those of Spark's rows; a split the reader cannot tokenise exactly comes as
 * rows and is folded row by row. Every column is a string column; state column c folds the file's
 * field {@code fields[c]} (the others are not read).
 */
final class CsvFold implements CsvSource.SplitFold<ProfileState> {
  private static final long serialVersionUID = 1L;

  private final ColumnPlan[] plans;
  private final int[] fields;
  private final int sampleSize;
  private transient long[] offsets;
  private transient int[] sizes;
  private transient long[] hashes;

  CsvFold(ColumnPlan[] plans, int[] fields, int sampleSize) {
    if (fields.length != plans.length) {
      throw new IllegalArgumentException("one field per column: " + fields.length + " fields, " + plans.length + " columns");
    }
    this.plans = plans;
    this.fields = fields.clone();
    this.sampleSize = sampleSize;
  }

  @Override
  public ProfileState start() {
    return new ProfileState(plans, sampleSize);
  }

  @Override
  public ProfileState startAfter(ProfileState task) {
    return start().startAfter(task);
  }

  @Override
  public void add(ProfileState state, FieldBatch batch) {
    int rows = batch.rows();
    if (offsets == null || offsets.length < batch.capacity()) {
      offsets = new long[batch.capacity()];
      sizes = new int[batch.capacity()];
      hashes = new long[batch.capacity()];
    }
    state.rows += rows;
    byte[] bytes = batch.bytes();
    for (int c = 0; c < state.columns.length; c++) {
      ColumnState column = state.columns[c];
      int n = batch.gather(fields[c], Platform.BYTE_ARRAY_OFFSET, offsets, sizes);
      for (int i = n; i < rows; i++) {
        column.addNull();
      }
      column.addStrings(bytes, offsets, sizes, hashes, n);
    }
  }

  @Override
  public void addRows(ProfileState state, Iterator<Row> rows) {
    while (rows.hasNext()) {
      Row row = rows.next();
      Object[] cells = new Object[fields.length];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = row.isNullAt(fields[i]) ? null : UTF8String.fromString(row.getString(fields[i]));
      }
      state.add(new GenericInternalRow(cells));
    }
  }

  @Override
  public ProfileState merge(ProfileState task, ProfileState split) {
    return task.merge(split);
  }
}
