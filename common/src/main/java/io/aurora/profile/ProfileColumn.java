package io.aurora.profile;

import static java.util.Objects.requireNonNull;

/** Public metadata of a profiled column: position, name, Spark type and profiling family. No data. */
public record ProfileColumn(int index, String name, String sparkType, ColumnFamily family) {
  public ProfileColumn {
    requireNonNull(name, "name is null");
    requireNonNull(sparkType, "sparkType is null");
    requireNonNull(family, "family is null");
  }
}
