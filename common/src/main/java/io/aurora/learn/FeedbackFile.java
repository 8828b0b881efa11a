package io.aurora.learn;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import io.aurora.AuroraException;
import io.aurora.ingest.ReadLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a feedback file (CSV with a header, or JSON lines) into the raw frame that
 * {@link FeedbackValidation} checks. Read by Spark, never collected; every value is read as a
 * string so that a bad value becomes a reject instead of failing the file; unparseable lines are
 * kept in {@code raw} and refused as malformed.
 */
public final class FeedbackFile {
  /** Columns a feedback file must have. */
  public static final List<String> REQUIRED = List.of("recommendation_id", "verdict");
  /** Columns a feedback file may have. */
  public static final List<String> OPTIONAL = List.of("feedback_id", "correct_action", "user", "tenant");

  private static final String CORRUPT = "_corrupt_record";

  /** The file formats feedback comes in. */
  public enum Format {
    CSV,
    JSON;

    /** {@code auto} picks by extension: .json, .jsonl, .ndjson (optionally compressed) are JSON lines. */
    public static Format of(String name, String path) {
      String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "csv":
          return CSV;
        case "json":
        case "jsonl":
          return JSON;
        case "auto":
          String p = path.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|deflate|snappy|lz4|zst)$", "");
          return p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".ndjson") ? JSON : CSV;
        default:
          throw AuroraException.badInput("--format must be auto, csv or json for feedback, got '" + name + "'");
      }
    }
  }

  /** Hadoop's bound on one line of a text file (bytes), honoured by Spark's CSV and JSON line readers. */
  private static final String MAX_LINE_BYTES = "mapreduce.input.linerecordreader.line.maxlength";

  private final SparkSession spark;
  private final ReadLimits limits;

  public FeedbackFile(SparkSession spark) {
    this(spark, ReadLimits.DEFAULT);
  }

  /**
   * A reader whose lines are bounded, so a feedback file cannot exhaust an executor: a line over
   * {@code limits.maxRecordChars()} bytes is skipped by Hadoop's line reader (which logs its size at
   * INFO) without being held in memory; every field and row of a line is then bounded with it.
   * Spark's own field and column bounds are not lowered: a row breaking them fails the whole read in
   * Spark's CSV source instead of becoming a malformed row.
   */
  public FeedbackFile(SparkSession spark, ReadLimits limits) {
    this.spark = requireNonNull(spark, "spark is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  private DataFrameReader reader() {
    return spark.read()
        .option(MAX_LINE_BYTES, Integer.toString(limits.maxRecordChars()))
        .option("maxCharsPerColumn", Integer.toString(limits.maxRecordChars()));
  }

  /** The raw feedback of {@code path} with the columns of {@link FeedbackValidation#RAW_COLUMNS}. */
  public Dataset<Row> read(String path, Format format) {
    requireNonNull(path, "path is null");
    Dataset<Row> df = format == Format.JSON ? readJson(path) : readCsv(path);
    Set<String> present = Set.of(df.columns());
    List<Column> cols = new ArrayList<>();
    cols.add(column(present, "feedback_id"));
    cols.add(column(present, "recommendation_id"));
    cols.add(column(present, "verdict"));
    cols.add(column(present, "correct_action"));
    cols.add(column(present, "user"));
    cols.add(column(present, "tenant").as("claimed_tenant"));
    cols.add(col(CORRUPT).as("raw"));
    cols.add(input_file_name().as("source_file"));
    return df.select(cols.toArray(Column[]::new));
  }

  private Dataset<Row> readJson(String path) {
    StructType schema = new StructType();
    for (String c : REQUIRED) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    for (String c : OPTIONAL) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    try {
      return reader().schema(schema).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).json(path);
    } catch (Exception e) {
      throw unreadable(path, e);
    }
  }

  private Dataset<Row> readCsv(String path) {
    String[] header;
    try {
      header = reader().option("header", "true").option("inferSchema", "false").csv(path).columns();
    } catch (Exception e) {
      throw unreadable(path, e);
    }
    if (header.length == 0) {
      throw AuroraException.badInput("feedback file " + path + " is empty: expected a CSV header with "
          + String.join(", ", REQUIRED));
    }
    for (String required : REQUIRED) {
      if (Arrays.stream(header).noneMatch(h -> h.trim().equalsIgnoreCase(required))) {
        throw AuroraException.badInput("feedback file " + path + " has no column '" + required + "' in its header");
      }
    }
    // Our own schema from the header's names: every field a string, plus the corrupt-record column.
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h.trim().toLowerCase(Locale.ROOT), DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    return reader().schema(schema).option("header", "true").option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT).option("multiLine", "false").csv(path);
  }

  private static Column column(Set<String> present, String name) {
    return present.contains(name) ? col("`" + name + "`").cast("string") : lit(null).cast("string").as(name);
  }

  private static AuroraException unreadable(String path, Exception e) {
    if (e instanceof AnalysisException && String.valueOf(e.getMessage()).contains("PATH_NOT_FOUND")) {
      return AuroraException.badInput("feedback file " + path + " does not exist");
    }
    return AuroraException.badInput("cannot read feedback file " + path + ": " + e.getClass().getSimpleName(), e);
  }
}
