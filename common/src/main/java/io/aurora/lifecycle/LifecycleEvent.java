package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One state of a forget or maintain run, as a row of the {@code lifecycle_events} table: a run
 * appends a {@code started} row and then a {@code completed} (or {@code incomplete}) row under the
 * same event id. A forget names its tenant and dataset only by {@link SubjectKey subjects};
 * {@code details} is a JSON object of what was done (row and file counts of AURORA's own tables,
 * keys deleted) — never a data value.
 *
 * @param subject the forgotten tenant's subject (null for maintain)
 * @param datasetSubject the forgotten dataset's subject (null for a whole tenant, and for maintain)
 */
public record LifecycleEvent(String eventId, Kind kind, Scope scope, String subject, String datasetSubject, Status status,
    Timestamp startedAt, Timestamp recordedAt, String details) {

  /** Delta schema of {@code lifecycle_events}. */
  public static final StructType SCHEMA = new StructType()
      .add("event_id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("scope", DataTypes.StringType, false)
      .add("subject", DataTypes.StringType, true)
      .add("dataset_subject", DataTypes.StringType, true)
      .add("status", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("recorded_at", DataTypes.TimestampType, false)
      .add("details", DataTypes.StringType, false);

  /** What ran. */
  public enum Kind { FORGET, MAINTAIN }

  /** What it covered. */
  public enum Scope { TENANT, DATASET, WAREHOUSE }

  /** How far it got. */
  public enum Status { STARTED, COMPLETED, INCOMPLETE }

  public LifecycleEvent {
    requireNonNull(eventId, "eventId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(recordedAt, "recordedAt is null");
    requireNonNull(details, "details is null");
  }

  /** This event as a row of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(eventId, wire(kind), wire(scope), subject, datasetSubject, wire(status), startedAt, recordedAt, details);
  }

  /** Reads an event from a row of {@link #SCHEMA}. */
  public static LifecycleEvent fromRow(Row r) {
    return new LifecycleEvent(r.getAs("event_id"), Kind.valueOf(upper(r.getAs("kind"))), Scope.valueOf(upper(r.getAs("scope"))),
        r.getAs("subject"), r.getAs("dataset_subject"), Status.valueOf(upper(r.getAs("status"))), r.getAs("started_at"),
        r.getAs("recorded_at"), r.getAs("details"));
  }

  /** The same event in another state. */
  public LifecycleEvent with(Status next, Timestamp at, String nextDetails) {
    return new LifecycleEvent(eventId, kind, scope, subject, datasetSubject, next, startedAt, at, nextDetails);
  }

  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String upper(String wire) {
    return wire.toUpperCase(Locale.ROOT);
  }
}
