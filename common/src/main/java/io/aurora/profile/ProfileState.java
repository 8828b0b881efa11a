package io.aurora.profile;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/** The mergeable state of one scan over all columns: one {@link ColumnState} per column plus the row count. */
final class ProfileState implements Serializable {
  private static final long serialVersionUID = 1L;

  final ColumnState[] columns;
  long rows;

  ProfileState(ColumnPlan[] plans, int sampleSize) {
    columns = new ColumnState[plans.length];
    for (int i = 0; i < plans.length; i++) {
      columns[i] = new ColumnState(plans[i], sampleSize);
    }
  }

  void add(InternalRow row) {
    rows++;
    for (ColumnState column : columns) {
      column.add(row);
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
