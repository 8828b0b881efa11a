package io.aurora.profile;

import io.aurora.AuroraException;
import io.aurora.ingest.InputDescription;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Makes {@code --partition} true: a partition has a lifetime budget of its own only because its rows
 * are disjoint from every other partition's, so the rows profiled must be that partition's.
 * {@code --partition VALUE} needs every input path to lie in a folder {@code VALUE} or
 * {@code NAME=VALUE} (as Hive-style partitioned data does: {@code .../date=2024-05-01/part-0.csv}), or
 * to be a file named so ({@code .../2024-05-01.csv});
 * {@code --partition NAME=VALUE} is met by such a folder too, or else selects the rows whose column
 * {@code NAME} equals {@code VALUE} (compared as text), and only those are profiled.
 *
 * @param partition the declared partition (null: the whole dataset)
 * @param column the column whose value selects the rows (null: the paths already hold only that partition)
 */
public record PartitionSelection(String partition, String column, String value) {
  /** The whole dataset: no selection. */
  public static final PartitionSelection NONE = new PartitionSelection(null, null, null);

  /** The selection for {@code partition} over {@code input} with columns {@code schema}; exit 2 when the rows cannot be that partition. */
  public static PartitionSelection of(String partition, InputDescription input, StructType schema) {
    if (partition == null) {
      return NONE;
    }
    int eq = partition.indexOf('=');
    String name = eq > 0 ? partition.substring(0, eq) : null;
    String value = eq > 0 ? partition.substring(eq + 1) : partition;
    if (value.isEmpty()) {
      throw AuroraException.badInput("invalid --partition '" + partition + "': give VALUE or COLUMN=VALUE");
    }
    if (!input.files().isEmpty() && input.files().stream().allMatch(path -> inFolder(path, name, value))) {
      return new PartitionSelection(partition, null, value);
    }
    if (name != null) {
      for (StructField field : schema.fields()) {
        if (field.name().equalsIgnoreCase(name)) {
          return new PartitionSelection(partition, field.name(), value);
        }
      }
      throw AuroraException.badInput("--partition " + partition + ": the input has no column '" + name + "' and not every input path lies in a folder '"
          + partition + "'; a partition's rows must be disjoint from every other partition's (docs/privacy.md, partitions)");
    }
    throw AuroraException.badInput("--partition " + partition + ": not every input path lies in a folder '" + value + "' or 'NAME=" + value
        + "'; give the partition's folder as input, or select its rows with --partition COLUMN=" + value
        + " (a partition's rows must be disjoint from every other partition's: docs/privacy.md, partitions)");
  }

  /**
   * The column {@code --partition NAME=VALUE} names, as a schema: what {@link #of} checks an input
   * whose columns are not known yet against (a JSON-lines input before its key selection); the name
   * is public by declaration. Empty for {@code --partition VALUE} or none.
   */
  public static StructType declaredColumn(String partition) {
    int eq = partition == null ? -1 : partition.indexOf('=');
    return eq > 0 ? new StructType().add(partition.substring(0, eq), DataTypes.StringType) : new StructType();
  }

  /** The rows of the partition. */
  public Dataset<Row> apply(Dataset<Row> rows) {
    return column == null ? rows : rows.where(functions.col("`" + column + "`").cast("string").equalTo(value));
  }

  /** What selects the rows beyond the input's files (part of the input's identity), or null. */
  public String rowFilter() {
    return column == null ? null : column + "=" + value;
  }

  /** Whether {@code path} lies in a folder VALUE or NAME=VALUE, or names a file VALUE.ext or NAME=VALUE.ext. */
  private static boolean inFolder(String path, String name, String value) {
    List<String> segments = List.of(path.replace('\\', '/').split("/"));
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      boolean file = i == segments.size() - 1 && !path.endsWith("/") && s.indexOf('.') > 0;
      String part = file ? s.substring(0, s.indexOf('.')) : s;
      if (name == null ? part.equals(value) || (part.endsWith("=" + value) && part.indexOf('=') > 0) : part.equals(name + "=" + value)) {
        return true;
      }
    }
    return false;
  }
}
