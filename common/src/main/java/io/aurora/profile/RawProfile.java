package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The un-noised statistics of one scan. Deliberately opaque: no schema, no accessor outside this
 * package, a {@code toString} without counts; the only way out is {@link FingerprintRelease}, which
 * adds noise. The one number it exposes is the exact count of rows read, which the operator's run
 * summary may show (it is about the input, not about any column's values).
 */
public final class RawProfile {
  private final List<ProfileColumn> columns;
  private final ProfileState state;

  RawProfile(List<ProfileColumn> columns, ProfileState state) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.state = requireNonNull(state, "state is null").flush();
  }

  /** Column metadata (names and types), in input order. */
  public List<ProfileColumn> columns() {
    return columns;
  }

  /** Exact number of rows scanned (operator metadata in the runs table). */
  public long rowsRead() {
    return state.rows;
  }

  /** This profile with its columns at positions {@code picked} of the input (a profile of those columns only). */
  RawProfile atPositions(int[] picked) {
    List<ProfileColumn> placed = new java.util.ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ProfileColumn c = columns.get(i);
      placed.add(new ProfileColumn(picked[i], c.name(), c.sparkType(), c.family()));
    }
    return new RawProfile(placed, state);
  }

  ColumnState column(int index) {
    return state.columns[index];
  }

  @Override
  public String toString() {
    return "RawProfile[" + columns.size() + " columns]";
  }
}
