package io.aurora.ingest;

import io.aurora.AuroraException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A schema the user declares with {@code --schema}: column names and types that are public by
 * declaration, as a Tumult schema is, so nothing about them is inferred from the data. Given as a
 * Spark DDL string ({@code "id INT, name STRING"}) or as a file holding one (or Spark's JSON form of a
 * schema); a value naming an existing file is read as that file.
 */
final class DeclaredSchema {
  /** A declared schema file is a few lines of text; more is not a schema. */
  private static final int MAX_FILE_BYTES = 1 << 20;

  private DeclaredSchema() {}

  /** The declared schema, or null when none was given. */
  static StructType parse(Configuration conf, String value) {
    if (value == null) {
      return null;
    }
    String text = value.strip();
    String source = "--schema";
    String file = fileContent(conf, text);
    if (file != null) {
      source = "--schema file " + text;
      text = file.strip();
    }
    if (text.isEmpty()) {
      throw AuroraException.badInput(source + ": declares no column");
    }
    StructType schema;
    try {
      schema = text.startsWith("{") ? (StructType) DataType.fromJson(text) : StructType.fromDDL(text);
    } catch (Exception e) { // Spark's ParseException is a checked exception thrown from Scala
      throw AuroraException.badInput(source + ": not a schema (expected column definitions such as"
          + " \"id INT, name STRING\", or Spark's JSON form of a schema)");
    }
    if (schema.fields().length == 0) {
      throw AuroraException.badInput(source + ": declares no column");
    }
    List<String> names = new ArrayList<>();
    for (StructField field : schema.fields()) {
      names.add(field.name());
    }
    if (!ColumnNames.clean(names).equals(names)) {
      throw AuroraException.badInput(source + ": column names must be non-empty, without leading or trailing"
          + " spaces, control characters, and unique ignoring case");
    }
    return schema;
  }

  /** The content of the file {@code value} names, or null when it names none (then it is a DDL string). */
  private static String fileContent(Configuration conf, String value) {
    if (value.isEmpty() || value.contains("\n")) {
      return null;
    }
    try {
      Path path = new Path(value);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.isFile(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
          throw AuroraException.badInput("--schema file " + value + ": larger than " + MAX_FILE_BYTES / 1024
              + " KB, not a schema");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException | IllegalArgumentException e) {
      return null; // not a path: a DDL string such as "id INT"
    } catch (IOException e) {
      throw AuroraException.badInput("--schema file " + value + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The declared types in Spark's SQL form, for the description and the input signature. */
  static String describe(StructType schema) {
    return schema == null ? null : schema.toDDL();
  }
}
