package io.aurora.ingest;

import io.aurora.PrintableText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns raw header cells into trimmed, non-empty, unique column names and quotes them for Spark. */
public final class ColumnNames {
  private ColumnNames() {}

  /**
   * Trims every name, writes control characters as escapes ({@code \t}, {@code \u001b}, so a name
   * cannot drive the terminal it is printed on), gives empty ones the positional name {@code cN}
   * (0-based, as a headerless file's columns) and makes duplicates unique with a {@code _2},
   * {@code _3}, ... suffix. Uniqueness is case-insensitive because Spark resolves column names
   * case-insensitively by default.
   */
  public static List<String> clean(List<String> raw) {
    List<String> trimmed = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      String name = raw.get(i) == null ? "" : PrintableText.escape(strip(raw.get(i)));
      trimmed.add(name.isEmpty() ? positionalName(i) : name);
    }
    Set<String> taken = new HashSet<>();
    for (String name : trimmed) {
      taken.add(name.toLowerCase(Locale.ROOT));
    }
    Set<String> used = new HashSet<>();
    List<String> result = new ArrayList<>(trimmed.size());
    for (String name : trimmed) {
      String candidate = name;
      if (!used.add(candidate.toLowerCase(Locale.ROOT))) {
        int suffix = 2;
        do {
          candidate = name + "_" + suffix++;
        } while (taken.contains(candidate.toLowerCase(Locale.ROOT))
            || !used.add(candidate.toLowerCase(Locale.ROOT)));
      }
      result.add(candidate);
    }
    return List.copyOf(result);
  }

  /**
   * Names for a file without a header row: {@code c0 .. cN-1}. Nothing of the data becomes a name:
   * a headerless file read as if it had a header would publish its first row as column names.
   */
  public static List<String> positional(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(positionalName(i));
    }
    return List.copyOf(names);
  }

  private static String positionalName(int index) {
    return "c" + index;
  }

  /**
   * The name quoted for {@code Dataset.col}/{@code functions.col}, so dots, spaces and backticks
   * are taken literally instead of as struct access.
   */
  public static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  // strip() also removes Unicode spaces such as NBSP that trim() keeps; BOM remnants too
  private static String strip(String s) {
    return s.replace("\uFEFF", "").strip();
  }
}
