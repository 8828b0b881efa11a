package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One row of the {@code runs} table: what one profile run read and released, and whether it is
 * {@value #COMPLETED} or still {@value #COMMITTING}. Operator metadata only
 * (the released row count, the released count of malformed records, the detected dialect, ε spent,
 * noise and utility); no value of the data. The exact counts of rows read and malformed and the malformed
 * records' file:line locations are operator information: they are in the job's stdout report only
 * ({@link #released}).
 */
public record ProfileRun(
    String runId,
    String tenant,
    String dataset,
    String partition,
    String format,
    String encoding,
    String delimiter,
    Boolean header,
    long rowsRead,
    long rowsMalformed,
    List<String> malformedLocations,
    int columns,
    double epsilon,
    double delta,
    String mechanism,
    double noiseStd,
    double expectedShareError,
    boolean lowUtility,
    List<String> warnings,
    String status,
    Timestamp startedAt,
    Timestamp finishedAt,
    String inputSignature) {

  /** Published completely: its fingerprints are committed; readers see only completed runs. */
  public static final String COMPLETED = "completed";
  /** Being committed (or its job died while committing): its fingerprints may be missing; readers skip it. */
  public static final String COMMITTING = "committing";

  public ProfileRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(status, "status is null");
    malformedLocations = malformedLocations == null ? List.of() : List.copyOf(malformedLocations);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Delta schema of the {@code runs} table; column order matches the record components. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("run_id", DataTypes.StringType, false),
      field("tenant", DataTypes.StringType, false),
      field("dataset", DataTypes.StringType, false),
      field("partition", DataTypes.StringType, true),
      field("format", DataTypes.StringType, true),
      field("encoding", DataTypes.StringType, true),
      field("delimiter", DataTypes.StringType, true),
      field("header", DataTypes.BooleanType, true),
      field("rows_read", DataTypes.LongType, false),
      field("rows_malformed", DataTypes.LongType, false),
      field("malformed_locations", DataTypes.createArrayType(DataTypes.StringType, false), false),
      field("columns", DataTypes.IntegerType, false),
      field("epsilon", DataTypes.DoubleType, false),
      field("delta", DataTypes.DoubleType, false),
      field("mechanism", DataTypes.StringType, true),
      field("noise_std", DataTypes.DoubleType, false),
      field("expected_share_error", DataTypes.DoubleType, false),
      field("low_utility", DataTypes.BooleanType, false),
      field("warnings", DataTypes.createArrayType(DataTypes.StringType, false), false),
      field("status", DataTypes.StringType, false),
      field("started_at", DataTypes.TimestampType, false),
      field("finished_at", DataTypes.TimestampType, true),
      field("input_signature", DataTypes.StringType, true),
  });

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }

  /** This run as a row of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(runId, tenant, dataset, partition, format, encoding, delimiter, header, rowsRead,
        rowsMalformed, malformedLocations, columns, epsilon, delta, mechanism, noiseStd, expectedShareError,
        lowUtility, warnings, status, startedAt, finishedAt, inputSignature);
  }

  /** Reads a run from a row with (at least) the columns of {@link #SCHEMA}, by name. */
  public static ProfileRun fromRow(Row r) {
    return new ProfileRun(
        r.getAs("run_id"), r.getAs("tenant"), r.getAs("dataset"), r.getAs("partition"), r.getAs("format"),
        r.getAs("encoding"), r.getAs("delimiter"), r.getAs("header"), r.<Long>getAs("rows_read"),
        r.<Long>getAs("rows_malformed"), new ArrayList<>(r.<String>getList(r.fieldIndex("malformed_locations"))),
        r.<Integer>getAs("columns"), r.<Double>getAs("epsilon"), r.<Double>getAs("delta"), r.getAs("mechanism"),
        r.<Double>getAs("noise_std"), r.<Double>getAs("expected_share_error"), r.<Boolean>getAs("low_utility"),
        new ArrayList<>(r.<String>getList(r.fieldIndex("warnings"))), r.getAs("status"), r.getAs("started_at"),
        r.getAs("finished_at"), r.getAs("input_signature"));
  }

  /**
   * This run as the {@code runs} table keeps it: the released (noisy) row and malformed counts in place
   * of the exact ones, and no malformed-row locations (a line number says where a record of the data is).
   */
  public ProfileRun released(long releasedRows, long releasedMalformed) {
    return new ProfileRun(runId, tenant, dataset, partition, format, encoding, delimiter, header, releasedRows, releasedMalformed,
        List.of(), columns, epsilon, delta, mechanism, noiseStd, expectedShareError, lowUtility, warnings, status,
        startedAt, finishedAt, inputSignature);
  }

  /** This run with status {@code newStatus}. */
  public ProfileRun withStatus(String newStatus) {
    return new ProfileRun(runId, tenant, dataset, partition, format, encoding, delimiter, header, rowsRead, rowsMalformed,
        malformedLocations, columns, epsilon, delta, mechanism, noiseStd, expectedShareError, lowUtility, warnings, newStatus,
        startedAt, finishedAt, inputSignature);
  }
}
