package io.aurora.apply;

import io.aurora.AuroraException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a prepared dataset where the user asked. Spark ML vectors become arrays of doubles: Delta
 * has no vector type (a table holding one cannot be opened by delta-rs) and arrays read everywhere;
 * {@code pyspark.ml.functions.array_to_vector} (or its Scala twin) turns them back into vectors.
 */
public final class PreparedDataset {
  private PreparedDataset() {}

  /** {@code rows} with every vector column as an array of doubles (same name, same position). */
  public static Dataset<Row> portable(Dataset<Row> rows) {
    Column[] columns = new Column[rows.schema().fields().length];
    for (int i = 0; i < columns.length; i++) {
      StructField f = rows.schema().fields()[i];
      Column c = rows.col("`" + f.name().replace("`", "``") + "`");
      columns[i] = f.dataType() instanceof VectorUDT
          ? org.apache.spark.ml.functions.vector_to_array(c, "float64").as(f.name()) : c;
    }
    return rows.select(columns);
  }

  /** Writes {@code rows} (made portable) to {@code path}; replaces what is there only when {@code overwrite}. */
  public static void write(Dataset<Row> rows, String path, OutputFormat format, boolean overwrite) {
    var writer = portable(rows).write().format(format.wireName()).mode(overwrite ? "overwrite" : "errorifexists");
    if (format == OutputFormat.DELTA && overwrite) {
      // a new pipeline may write other columns than the last one did
      writer = writer.option("overwriteSchema", "true");
    }
    writer.save(path);
  }

  /** Exit 2 naming {@code path} when something is there and {@code overwrite} is off. */
  public static void requireFree(Configuration conf, String path, String what, boolean overwrite) {
    if (overwrite) {
      return;
    }
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p)) {
        throw AuroraException.badInput(what + " " + path + " exists: choose another path or pass --overwrite");
      }
    } catch (IOException e) {
      throw AuroraException.badInput("cannot check " + what + " " + path + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
