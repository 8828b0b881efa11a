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
}
