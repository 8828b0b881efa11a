package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.store.Compaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one maintain run did: per table the rows purged by retention (and feedback rows stamped
 * because they came without a time), the OPTIMIZE compaction and the files VACUUM deleted; the
 * stores outside the warehouse it purged.
 */
public record MaintainReport(String eventId, int retentionDays, Instant cutoff, List<TableMaintenance> tables, List<Erasure> stores,
    Instant startedAt, Instant finishedAt) {

  /** One table. {@code rowsPurged} is -1 for a table retention does not apply to (rules, lifecycle events). */
  public record TableMaintenance(String table, long rowsPurged, long rowsStamped, Compaction compaction, long filesVacuumed) {
    boolean retained() {
      return rowsPurged >= 0;
    }
  }

  public MaintainReport {
    requireNonNull(eventId, "eventId is null");
    requireNonNull(cutoff, "cutoff is null");
    tables = List.copyOf(tables);
    stores = List.copyOf(stores);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }

  public boolean complete() {
    return stores.stream().allMatch(s -> s.outcome().complete());
  }

  public boolean storeUnreachable() {
    return stores.stream().anyMatch(s -> s.outcome() == Erasure.Outcome.FAILED);
  }

  private ObjectNode tableNode(ObjectMapper mapper, TableMaintenance t) {
    ObjectNode n = mapper.createObjectNode();
    n.put("table", t.table());
    if (t.retained()) {
      n.put("rows_purged", t.rowsPurged());
    } else {
      n.putNull("rows_purged");
    }
    n.put("rows_stamped", t.rowsStamped());
    n.put("files_compacted", t.compaction().filesRemoved());
    n.put("files_written", t.compaction().filesAdded());
    n.put("files_vacuumed", t.filesVacuumed());
    return n;
  }

  /** The details recorded with the lifecycle event (counts of AURORA's own rows and files). */
  public String detailsJson(ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("retention_days", retentionDays);
    node.put("cutoff", cutoff.toString());
    var t = node.putArray("tables");
    tables.forEach(x -> t.add(tableNode(mapper, x)));
    ObjectNode s = node.putObject("stores");
    for (Erasure e : stores) {
      s.putObject(e.store()).put("outcome", LifecycleEvent.wire(e.outcome())).put("removed", e.removed());
    }
    return node.toString();
  }

  /** JSON lines for {@code --json}: one per table, one per store, then the summary. */
  public List<String> jsonLines(ObjectMapper mapper) {
    List<String> lines = new ArrayList<>();
    for (TableMaintenance t : tables) {
      ObjectNode n = mapper.createObjectNode().put("record", "table");
      n.setAll(tableNode(mapper, t));
      lines.add(n.toString());
    }
    for (Erasure e : stores) {
      lines.add(mapper.createObjectNode().put("record", "store").put("store", e.store()).put("outcome", LifecycleEvent.wire(e.outcome()))
          .put("removed", e.removed()).put("note", e.note()).toString());
    }
    lines.add(mapper.createObjectNode().put("record", "maintain").put("event_id", eventId).put("retention_days", retentionDays)
        .put("cutoff", cutoff.toString()).put("complete", complete()).put("started_at", startedAt.toString())
        .put("finished_at", finishedAt.toString()).toString());
    return lines;
  }

  /** Lines for the operator. */
  public List<String> textLines() {
    List<String> lines = new ArrayList<>();
    lines.add("maintain: retention " + retentionDays + " days (rows older than " + cutoff + " purged)"
        + (complete() ? "" : " — INCOMPLETE, run it again") + " (event " + eventId + ")");
    for (TableMaintenance t : tables) {
      lines.add(String.format(Locale.ROOT, "  table %-17s %s; OPTIMIZE %d files into %d; VACUUM deleted %d files",
          t.table(), t.retained() ? t.rowsPurged() + " rows purged" + (t.rowsStamped() > 0 ? " (" + t.rowsStamped() + " undated rows stamped)" : "")
              : "kept (no retention)", t.compaction().filesRemoved(), t.compaction().filesAdded(), t.filesVacuumed()));
    }
    for (Erasure e : stores) {
      lines.add(String.format(Locale.ROOT, "  %-23s %s%s", e.store(), LifecycleEvent.wire(e.outcome()).replace('_', ' '),
          (e.outcome() == Erasure.Outcome.DONE ? ", " + e.removed() + " removed" : "") + (e.note().isEmpty() ? "" : ": " + e.note())));
    }
    return lines;
  }
}
