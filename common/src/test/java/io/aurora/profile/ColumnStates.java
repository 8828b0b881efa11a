package io.aurora.profile;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/** Builds raw column states from plain values without Spark, for tests of the release step. */
final class ColumnStates {
  private ColumnStates() {}

  static ColumnState of(DataType type, List<?> values) {
    ColumnState state = new ColumnState(ColumnPlan.of(0, type), Profiler.DEFAULT_SAMPLE_SIZE);
    for (Object v : values) {
      state.add(new GenericInternalRow(new Object[] {v instanceof String s ? UTF8String.fromString(s) : v}));
    }
    state.flush();
    return state;
  }

  static RawProfile profile(String name, DataType type, List<?> values) {
    ProfileState state = new ProfileState(new ColumnPlan[] {ColumnPlan.of(0, type)}, Profiler.DEFAULT_SAMPLE_SIZE);
    for (Object v : values) {
      state.add(new GenericInternalRow(new Object[] {v instanceof String s ? UTF8String.fromString(s) : v}));
    }
    return new RawProfile(List.of(new ProfileColumn(0, name, type.simpleString(), ColumnFamily.of(type))), state);
  }

  /** A run of {@code columns} columns of one type; {@code rows} holds one value per column per row. */
  static RawProfile profile(int columns, DataType type, List<Object[]> rows) {
    ColumnPlan[] plans = new ColumnPlan[columns];
    List<ProfileColumn> described = new java.util.ArrayList<>();
    for (int c = 0; c < columns; c++) {
      plans[c] = ColumnPlan.of(c, type);
      described.add(new ProfileColumn(c, "c" + c, type.simpleString(), ColumnFamily.of(type)));
    }
    ProfileState state = new ProfileState(plans, Profiler.DEFAULT_SAMPLE_SIZE);
    for (Object[] row : rows) {
      Object[] cells = new Object[columns];
      for (int c = 0; c < columns; c++) {
        cells[c] = row[c] instanceof String s ? UTF8String.fromString(s) : row[c];
      }
      state.add(new GenericInternalRow(cells));
    }
    return new RawProfile(described, state);
  }
}
