package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns a run profiles ({@code --columns}, {@code --exclude-columns}): all by default. The
 * run's budget is spread over the columns it profiles, so leaving out columns whose treatment is
 * already known (keys, free text, a label) lowers the noise on every other column's statistics.
 * Column names are public metadata; the selection is resolved against the input's schema before
 * anything is debited or read.
 *
 * @param include the columns to profile (empty: all)
 * @param exclude columns not to profile, among those included
 */
public record ColumnSelection(List<String> include, List<String> exclude) {
  /** Every column. */
  public static final ColumnSelection ALL = new ColumnSelection(List.of(), List.of());

  public ColumnSelection {
    include = List.copyOf(requireNonNull(include, "include is null"));
    exclude = List.copyOf(requireNonNull(exclude, "exclude is null"));
  }

  /** The selection of the command-line lists (null: none given); names are trimmed, blanks ignored. */
  public static ColumnSelection of(List<String> include, List<String> exclude) {
    return new ColumnSelection(names(include), names(exclude));
  }

  private static List<String> names(List<String> given) {
    List<String> out = new ArrayList<>();
    if (given != null) {
      for (String name : given) {
        String n = name == null ? "" : name.trim();
        if (!n.isEmpty()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** Whether every column is profiled. */
  public boolean all() {
    return include.isEmpty() && exclude.isEmpty();
  }

  /**
   * The positions in {@code schema} of the selected columns, ascending; exit 2 when a name is not
   * a column of the input ({@code input} names it in the message) or nothing is left to profile.
   */
  public int[] resolve(StructType schema, String input) {
    String[] fields = schema.fieldNames();
    Set<Integer> picked = new TreeSet<>();
    if (include.isEmpty()) {
      for (int i = 0; i < fields.length; i++) {
        picked.add(i);
      }
    } else {
      for (String name : include) {
        picked.add(position(fields, name, "--columns", input));
      }
    }
    for (String name : exclude) {
      picked.remove(position(fields, name, "--exclude-columns", input));
    }
    if (picked.isEmpty()) {
      throw AuroraException.badInput(input + ": --columns and --exclude-columns leave no column to profile");
    }
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The column named {@code name}: exactly, else the one column equal to it ignoring case (as Spark resolves names). */
  private static int position(String[] fields, String name, String option, String input) {
    int match = -1;
    int matches = 0;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals(name)) {
        return i;
      }
      if (fields[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        match = i;
        matches++;
      }
    }
    if (matches == 1) {
      return match;
    }
    String known = java.util.Arrays.stream(fields).limit(20).collect(Collectors.joining(", "))
        + (fields.length > 20 ? ", … (" + fields.length + " columns)" : "");
    throw AuroraException.badInput(input + ": " + option + " names '" + name + "', which is "
        + (matches > 1 ? "ambiguous (several columns differ from it only in case)" : "not a column of the input")
        + "; its columns: " + known);
  }
}
