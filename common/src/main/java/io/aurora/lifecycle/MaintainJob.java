package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.store.Compaction;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code maintain} job, for every tenant of the warehouse: the retention purge, then Delta
 * OPTIMIZE and VACUUM of every table.
 *
 * <p><b>Retention.</b> A profile run and everything derived from it — its fingerprints, its
 * recommendations, the feedback judging them — is kept {@code retentionDays} after the run started;
 * a row is also purged when its own time is older than that (a recommendation's creation, a
 * feedback's reception, a reject's rejection), so nothing is kept longer and nothing is left
 * pointing at a purged row. Feedback appended without a time (a notebook's bare verdict judging an
 * unknown recommendation) is stamped with the time maintain first sees it. Tables are purged from
 * the rows that point at others to the rows they point at (feedback, rejects, recommendations,
 * fingerprints, runs), so a run interrupted at any point leaves the next one everything it needs.
 * Rules, the ledger and the lifecycle events are kept.
 *
 * <p><b>Concurrency.</b> Every purge, OPTIMIZE and VACUUM is one Delta commit retried on a
 * conflicting concurrent commit; VACUUM keeps the table's retention window (7 days by default),
 * so files a concurrent job is writing or reading are never deleted. After the retention purge, a
 * few tables are optimized and vacuumed at once, each table's steps in order.
 */
public final class MaintainJob {
  private static final Logger LOG = LogManager.getLogger(MaintainJob.class);
  private static final List<String> RUN_KEY = List.of("tenant", "run_id");
  private static final List<String> RECOMMENDATION_KEY = List.of("tenant", "recommendation_id");
  /** How long a forget without an outcome counts as possibly running. */
  private static final Duration FORGET_WINDOW = Duration.ofDays(1);
  /** Tables optimized and vacuumed at once: a few, since each VACUUM already runs its own listing jobs. */
  private static final int TABLES_AT_ONCE = 4;

  private final TableStore store;
  private final LifecycleEvents events;
  private final List<RetentionTarget> targets;
  private final Clock clock;

  public MaintainJob(TableStore store, LifecycleEvents events, List<RetentionTarget> targets, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.events = requireNonNull(events, "events is null");
    this.targets = List.copyOf(targets);
    this.clock = requireNonNull(clock, "clock is null");
  }

  public MaintainReport maintain(int retentionDays) {
    if (retentionDays < 1) {
      throw AuroraException.badInput("aurora.retention.days must be a whole number of days of at least 1, got " + retentionDays);
    }
    Instant started = clock.instant();
    Instant cutoff = started.minus(Duration.ofDays(retentionDays));
    Timestamp before = Timestamp.from(cutoff);
    LifecycleEvent event = new LifecycleEvent(UUID.randomUUID().toString(), LifecycleEvent.Kind.MAINTAIN,
        LifecycleEvent.Scope.WAREHOUSE, null, null, LifecycleEvent.Status.STARTED, Timestamp.from(started), Timestamp.from(started), "{}");
    events.record(event);
    LOG.info("maintain event {} started: retention {} days", event.eventId(), retentionDays);

    Map<Table, long[]> retained = new java.util.EnumMap<>(Table.class);
    // rows that point at others first (see the class comment)
    long stamped = store.update(Table.FEEDBACK, col("received_at").isNull().and(col("recommended_at").isNull()),
        Map.of("received_at", lit(Timestamp.from(started))));
    retained.put(Table.FEEDBACK, new long[] {
        store.deleteWhere(Table.FEEDBACK, olderThan(Table.FEEDBACK, before))
            + deleteMatching(Table.FEEDBACK, RECOMMENDATION_KEY, expiringRecommendations(before)), stamped});
    retained.put(Table.FEEDBACK_REJECTS, new long[] {store.deleteWhere(Table.FEEDBACK_REJECTS, olderThan(Table.FEEDBACK_REJECTS, before)), 0});
    retained.put(Table.RECOMMENDATIONS, new long[] {store.deleteWhere(Table.RECOMMENDATIONS, olderThan(Table.RECOMMENDATIONS, before))
        + deleteMatching(Table.RECOMMENDATIONS, RUN_KEY, expiringRuns(before)), 0});
    retained.put(Table.FINGERPRINTS, new long[] {store.deleteWhere(Table.FINGERPRINTS, olderThan(Table.FINGERPRINTS, before))
        + deleteMatching(Table.FINGERPRINTS, RUN_KEY, expiringRuns(before)), 0});
    retained.put(Table.RUNS, new long[] {store.deleteWhere(Table.RUNS, olderThan(Table.RUNS, before)), 0});

    List<Erasure> stores = new ArrayList<>();
    for (RetentionTarget target : targets) {
      stores.add(target.purgeOlderThan(cutoff));
    }

    // A forget that crashed leaves a table's tombstone retention at zero (other tools' plain VACUUM
    // would use it); put it back, unless a forget may be purging right now (it puts it back itself).
    boolean repair = !events.forgetUnfinishedSince(started.minus(FORGET_WINDOW));
    // each table's repair, OPTIMIZE and VACUUM touch that table alone: the tables go at once, each in that order
    List<Table> existing = Arrays.stream(Table.values()).filter(store::exists).toList();
    List<MaintainReport.TableMaintenance> tables = new TableTasks("maintain", TABLES_AT_ONCE).each(existing, table -> {
      if (repair) {
        store.restoreRetentionLeftByPurge(table);
      }
      Compaction compaction = store.optimize(table);
      long vacuumed = store.vacuum(table);
      long[] r = retained.getOrDefault(table, new long[] {-1, 0});
      return new MaintainReport.TableMaintenance(table.tableName(), r[0], r[1], compaction, vacuumed);
    });
    MaintainReport report = new MaintainReport(event.eventId(), retentionDays, cutoff, tables, stores, started, clock.instant());
    events.record(event.with(report.complete() ? LifecycleEvent.Status.COMPLETED : LifecycleEvent.Status.INCOMPLETE,
        Timestamp.from(report.finishedAt()), report.detailsJson(new ObjectMapper())));
    LOG.info("maintain event {} {}", event.eventId(), report.complete() ? "completed" : "incomplete");
    return report;
  }

  private static Column olderThan(Table table, Timestamp before) {
    return Retention.age(table).orElseThrow().lt(before);
  }

  private long deleteMatching(Table table, List<String> key, Dataset<Row> keys) {
    return keys == null ? 0 : store.deleteMatching(table, key, keys);
  }

  /** (tenant, run_id) of the runs past retention; null when there is no runs table. */
  private Dataset<Row> expiringRuns(Timestamp before) {
    return table(Table.RUNS).map(r -> r.where(olderThan(Table.RUNS, before)).select("tenant", "run_id")).orElse(null);
  }

  /** (tenant, recommendation_id) of the recommendations past retention, by their own time or their run's. */
  private Dataset<Row> expiringRecommendations(Timestamp before) {
    Optional<Dataset<Row>> recommendations = table(Table.RECOMMENDATIONS);
    if (recommendations.isEmpty()) {
      return null;
    }
    Dataset<Row> own = recommendations.get().where(olderThan(Table.RECOMMENDATIONS, before)).select("tenant", "recommendation_id");
    Dataset<Row> runs = expiringRuns(before);
    if (runs == null) {
      return own;
    }
    Dataset<Row> byRun = recommendations.get()
        .join(runs, scala.collection.JavaConverters.asScalaBuffer(RUN_KEY).toSeq(), "left_semi")
        .select("tenant", "recommendation_id");
    return own.union(byRun);
  }

  private Optional<Dataset<Row>> table(Table table) {
    return store.readAll(table);
  }
}
