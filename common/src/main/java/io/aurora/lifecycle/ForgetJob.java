package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import io.aurora.learn.FeedbackInbox;
import io.aurora.store.HistoryPurge;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code forget} job: deletes everything AURORA keeps about a tenant, or about one dataset of
 * it, and makes sure it cannot be read back.
 *
 * <ol>
 *   <li>records the forget as started in {@code lifecycle_events} (by {@link SubjectKey subjects});
 *   <li>asks every store outside the warehouse ({@link ForgetTarget}: privacy ledger, Redis,
 *       feedback inbox, Pushgateway) to forget the scope;
 *   <li>deletes the scope's rows from every warehouse table that holds tenant rows — rows that
 *       point at a recommendation first, so that a retry after a crash still finds them — and then
 *       purges each table's history ({@link TableStore#purgeHistory}), a few tables at once: no
 *       earlier version, data file or log file keeps them;
 *   <li>deletes the tenant's inbox staging folder, checks that no row of the scope is left, and
 *       records the outcome.
 * </ol>
 * Every step is idempotent: a forget that crashed or found a store unreachable is simply run again.
 * For one dataset, the tenant's rules stay: they name no dataset and hold counts of corrections to
 * pattern keys, which the next {@code learn} recomputes from the feedback that remains.
 */
public final class ForgetJob {
  private static final Logger LOG = LogManager.getLogger(ForgetJob.class);
  /** Rows that refer to a recommendation go before the recommendations they are found by. */
  private static final List<Table> FIRST = List.of(Table.FEEDBACK, Table.FEEDBACK_REJECTS, Table.RECOMMENDATIONS,
      Table.FINGERPRINTS, Table.RUNS, Table.RULES);
  /** Tables purged at once: their purges are mostly waits on the file system and small Spark jobs. */
  private static final int TABLES_AT_ONCE = 4;
  private static final StructType KEYS = new StructType()
      .add("tenant", DataTypes.StringType, false)
      .add("recommendation_id", DataTypes.StringType, false);

  private final SparkSession spark;
  private final TableStore store;
  private final LifecycleEvents events;
  private final SubjectKey key;
  private final List<ForgetTarget> targets;
  private final Clock clock;

  public ForgetJob(SparkSession spark, TableStore store, LifecycleEvents events, SubjectKey key, List<ForgetTarget> targets,
      Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
    this.events = requireNonNull(events, "events is null");
    this.key = requireNonNull(key, "key is null");
    this.targets = List.copyOf(targets);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Forgets {@code tenant}, or only its {@code dataset} when that is not null. */
  public ForgetReport forget(String tenant, String dataset) {
    Identifiers.require("tenant", tenant);
    if (dataset != null) {
      Identifiers.require("dataset", dataset);
    }
    Instant started = clock.instant();
    ForgetScope scope = new ForgetScope(tenant, dataset, dataset == null ? List.of() : recommendationIds(tenant, dataset));
    LifecycleEvent event = new LifecycleEvent(UUID.randomUUID().toString(), LifecycleEvent.Kind.FORGET,
        scope.wholeTenant() ? LifecycleEvent.Scope.TENANT : LifecycleEvent.Scope.DATASET, key.tenant(tenant),
        dataset == null ? null : key.dataset(tenant, dataset), LifecycleEvent.Status.STARTED, Timestamp.from(started),
        Timestamp.from(started), "{}");
    events.record(event);
    // log lines name the event, not the tenant: a forget should not send the name it erases to the logs
    LOG.info("forget event {} started ({})", event.eventId(), LifecycleEvent.wire(event.scope()));

    // the inbox finds a dataset's rows by the ids of its recommendations: the stores go before the tables
    List<Erasure> erasures = new ArrayList<>();
    for (ForgetTarget target : targets) {
      Erasure erasure = target.forget(scope);
      LOG.info("forget event {}: {} {} ({} removed)", event.eventId(), erasure.store(), erasure.outcome(), erasure.removed());
      erasures.add(erasure);
    }
    List<Table> tables = tablesInOrder();
    List<Long> deleted = new ArrayList<>();
    for (Table table : tables) {
      deleted.add(delete(table, scope));
    }
    // a table's purge reads and rewrites only that table's files and log: the tables go at once
    TableTasks perTable = new TableTasks("forget purge", TABLES_AT_ONCE);
    List<HistoryPurge> histories = perTable.each(tables, table -> store.purgeHistory(table, tenant));
    List<ForgetReport.TableErasure> purged = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      purged.add(new ForgetReport.TableErasure(tables.get(i).tableName(), deleted.get(i), histories.get(i)));
    }
    if (scope.wholeTenant()) {
      deleteFolder(FeedbackInbox.stagingFolder(store.root(), tenant));
    }
    long leftover = 0;
    for (long rows : perTable.each(tables, table -> remaining(table, scope))) {
      leftover += rows;
    }
    ForgetReport report = new ForgetReport(scope, event.eventId(), purged, erasures, leftover, started, clock.instant());
    events.record(event.with(report.complete() ? LifecycleEvent.Status.COMPLETED : LifecycleEvent.Status.INCOMPLETE,
        Timestamp.from(report.finishedAt()), report.detailsJson(new ObjectMapper())));
    LOG.info("forget event {} {}", event.eventId(), report.complete() ? "completed" : "incomplete");
    return report;
  }

  /** The warehouse tables that hold tenant rows and exist, in deletion order. */
  private List<Table> tablesInOrder() {
    Set<Table> order = new LinkedHashSet<>(FIRST);
    order.addAll(Arrays.asList(Table.values()));
    return order.stream().filter(Table::holdsTenantRows).filter(store::exists).toList();
  }

  private long delete(Table table, ForgetScope scope) {
    Column tenant = col("tenant").equalTo(scope.tenant());
    if (scope.wholeTenant()) {
      return store.deleteWhere(table, tenant);
    }
    List<String> columns = Arrays.asList(store.readAll(table).orElseThrow().columns());
    long rows = 0;
    if (columns.contains("dataset")) {
      rows += store.deleteWhere(table, tenant.and(col("dataset").equalTo(scope.dataset())));
    }
    // rows that name the dataset only through the recommendation they judge (rejects; feedback a notebook appended)
    if (table != Table.RECOMMENDATIONS && columns.contains("recommendation_id") && !scope.recommendationIds().isEmpty()) {
      List<Row> keys = scope.recommendationIds().stream().map(id -> RowFactory.create(scope.tenant(), id)).toList();
      rows += store.deleteMatching(table, List.of("tenant", "recommendation_id"), spark.createDataFrame(keys, KEYS));
    }
    return rows;
  }

  /** Rows of the scope still in {@code table} after the purge: written by the tenant's jobs meanwhile. */
  private long remaining(Table table, ForgetScope scope) {
    Optional<Dataset<Row>> rows = store.readAll(table);
    if (rows.isEmpty()) {
      return 0;
    }
    Column condition = col("tenant").equalTo(scope.tenant());
    if (!scope.wholeTenant()) {
      if (!Arrays.asList(rows.get().columns()).contains("dataset")) {
        return 0;
      }
      condition = condition.and(col("dataset").equalTo(scope.dataset()));
    }
    return rows.get().where(condition).count();
  }

  private List<String> recommendationIds(String tenant, String dataset) {
    return store.readAll(Table.RECOMMENDATIONS)
        .map(r -> r.where(col("tenant").equalTo(tenant).and(col("dataset").equalTo(dataset)))
            .select("recommendation_id").distinct().collectAsList().stream().map(row -> row.getString(0)).toList())
        .orElse(List.of());
  }

  private void deleteFolder(String folder) {
    Path path = new Path(folder);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(path, true);
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "cannot delete the inbox staging folder of the tenant ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
