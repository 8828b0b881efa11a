package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code lifecycle_events} table: where forget and maintain record what they did, privacy-report
 * shows the last of each, and {@code retrain} finds which tenants and datasets were forgotten after
 * a model was trained ({@link #forgottenSince}), so that a model holding their feedback is retrained.
 * Appends only (blind appends never conflict with each other); an event's state is its latest row.
 */
public final class LifecycleEvents {
  private final SparkSession spark;
  private final TableStore store;

  public LifecycleEvents(SparkSession spark, TableStore store) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
  }

  /** Appends one state of an event. */
  public void record(LifecycleEvent event) {
    store.append(Table.LIFECYCLE_EVENTS, LifecycleEvent.SCHEMA, spark.createDataFrame(List.of(event.toRow()), LifecycleEvent.SCHEMA));
  }

  /** The latest forget of {@code tenant} (of the whole tenant or of one of its datasets). */
  public Optional<LifecycleEvent> lastForget(SubjectKey key, String tenant) {
    return latest(col("kind").equalTo(LifecycleEvent.wire(LifecycleEvent.Kind.FORGET)).and(col("subject").equalTo(key.tenant(tenant))));
  }

  /** The latest maintain run of the warehouse. */
  public Optional<LifecycleEvent> lastMaintain() {
    return latest(col("kind").equalTo(LifecycleEvent.wire(LifecycleEvent.Kind.MAINTAIN)));
  }

  /**
   * Whether {@code tenant} as a whole, or {@code dataset} of it (null: any of its datasets), was
   * forgotten at or after {@code since} — the question {@code retrain} asks about the feedback a
   * model was trained on. A forget that did not complete counts: its deletions may have started.
   */
  public boolean forgottenSince(SubjectKey key, String tenant, String dataset, Instant since) {
    requireNonNull(since, "since is null");
    Column whole = col("scope").equalTo(LifecycleEvent.wire(LifecycleEvent.Scope.TENANT));
    Column scope = dataset == null ? col("dataset_subject").isNotNull().or(whole)
        : col("dataset_subject").equalTo(key.dataset(tenant, dataset)).or(whole);
    return events(col("kind").equalTo(LifecycleEvent.wire(LifecycleEvent.Kind.FORGET))
        .and(col("subject").equalTo(key.tenant(tenant))).and(scope)
        .and(col("started_at").geq(java.sql.Timestamp.from(since)))).findAny().isPresent();
  }

  /**
   * Whether a forget started after {@code since} has not recorded its outcome yet: it may be purging
   * right now (or it crashed, and its retry will finish the job).
   */
  public boolean forgetUnfinishedSince(Instant since) {
    return events(col("kind").equalTo(LifecycleEvent.wire(LifecycleEvent.Kind.FORGET))
        .and(col("started_at").geq(java.sql.Timestamp.from(since))))
        .anyMatch(e -> e.status() == LifecycleEvent.Status.STARTED);
  }

  private Optional<LifecycleEvent> latest(Column condition) {
    return events(condition).max(Comparator.comparing(LifecycleEvent::startedAt));
  }

  /** The later state of one event; at the same instant, an outcome wins over {@code started}. */
  private static LifecycleEvent later(LifecycleEvent a, LifecycleEvent b) {
    int byTime = a.recordedAt().compareTo(b.recordedAt());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    return a.status() == LifecycleEvent.Status.STARTED ? b : a;
  }

  /** The current state (latest row) of every event matching {@code condition}. */
  private java.util.stream.Stream<LifecycleEvent> events(Column condition) {
    Optional<Dataset<Row>> table = store.readAll(Table.LIFECYCLE_EVENTS);
    if (table.isEmpty()) {
      return java.util.stream.Stream.empty();
    }
    Map<String, LifecycleEvent> current = new LinkedHashMap<>();
    for (Row r : table.get().where(condition).collectAsList()) {
      LifecycleEvent e = LifecycleEvent.fromRow(r);
      current.merge(e.eventId(), e, LifecycleEvents::later);
    }
    return current.values().stream();
  }
}
