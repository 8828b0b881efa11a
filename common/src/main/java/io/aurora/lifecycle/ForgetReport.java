package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.store.HistoryPurge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one forget did: per warehouse table the rows deleted and the history purged, per store
 * outside the warehouse its {@link Erasure}, and whether everything of the scope is gone.
 *
 * @param leftover rows of the scope found in the tables after the purge (written by the tenant's own
 *     jobs while the forget ran): the forget is then incomplete and must be run again
 */
public record ForgetReport(ForgetScope scope, String eventId, List<TableErasure> tables, List<Erasure> stores, long leftover,
    Instant startedAt, Instant finishedAt) {

  /** One table: its rows of the scope deleted, and its earlier versions made unreadable. */
  public record TableErasure(String table, long rowsDeleted, HistoryPurge history) {}

  public ForgetReport {
    requireNonNull(scope, "scope is null");
    requireNonNull(eventId, "eventId is null");
    tables = List.copyOf(tables);
    stores = List.copyOf(stores);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }

  /** True when every table and every store holds nothing of the scope any more. */
  public boolean complete() {
    return leftover == 0 && stores.stream().allMatch(s -> s.outcome().complete());
  }

  /** True when a store could not be reached (exit 4 by SPEC §2.1). */
  public boolean storeUnreachable() {
    return stores.stream().anyMatch(s -> s.outcome() == Erasure.Outcome.FAILED);
  }

  /** The details recorded with the lifecycle event: counts only, no identifier of the scope. */
  public String detailsJson(ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    ObjectNode t = node.putObject("tables");
    for (TableErasure e : tables) {
      ObjectNode n = t.putObject(e.table());
      n.put("rows_deleted", e.rowsDeleted());
      n.put("data_files_deleted", e.history().dataFilesDeleted());
      n.put("log_files_deleted", e.history().logFilesDeleted());
      n.put("oldest_readable_version", e.history().oldestReadableVersion());
    }
    ObjectNode s = node.putObject("stores");
    for (Erasure e : stores) {
      ObjectNode n = s.putObject(e.store());
      n.put("outcome", LifecycleEvent.wire(e.outcome()));
      n.put("removed", e.removed());
    }
    node.put("leftover_rows", leftover);
    return node.toString();
  }

  /** JSON lines for {@code --json}: one per table, one per store, then the summary. */
  public List<String> jsonLines(ObjectMapper mapper) {
    List<String> lines = new ArrayList<>();
    for (TableErasure e : tables) {
      ObjectNode n = mapper.createObjectNode();
      n.put("record", "table");
      n.put("table", e.table());
      n.put("rows_deleted", e.rowsDeleted());
      n.put("data_files_deleted", e.history().dataFilesDeleted());
      n.put("log_files_deleted", e.history().logFilesDeleted());
      n.put("oldest_readable_version", e.history().oldestReadableVersion());
      lines.add(n.toString());
    }
    for (Erasure e : stores) {
      ObjectNode n = mapper.createObjectNode();
      n.put("record", "store");
      n.put("store", e.store());
      n.put("outcome", LifecycleEvent.wire(e.outcome()));
      n.put("removed", e.removed());
      n.put("note", e.note());
      lines.add(n.toString());
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("record", "forget");
    n.put("tenant", scope.tenant());
    if (scope.dataset() == null) {
      n.putNull("dataset");
    } else {
      n.put("dataset", scope.dataset());
    }
    n.put("event_id", eventId);
    n.put("complete", complete());
    n.put("leftover_rows", leftover);
    n.put("started_at", startedAt.toString());
    n.put("finished_at", finishedAt.toString());
    lines.add(n.toString());
    return lines;
  }

  /** Lines for the operator. */
  public List<String> textLines() {
    List<String> lines = new ArrayList<>();
    String outcome;
    if (complete()) {
      outcome = "complete";
    } else if (storeUnreachable() || leftover > 0) {
      outcome = "INCOMPLETE — run it again";
    } else {
      outcome = "INCOMPLETE — " + String.join(", ", stores.stream().filter(s -> s.outcome() == Erasure.Outcome.PENDING)
          .map(Erasure::store).toList()) + " cannot forget in this build";
    }
    lines.add("forget " + scope.describe() + ": " + outcome + " (event " + eventId + ")");
    for (TableErasure e : tables) {
      lines.add(String.format(Locale.ROOT, "  table %-17s %6d rows deleted; %d earlier data files and %d log files deleted; readable from version %d",
          e.table(), e.rowsDeleted(), e.history().dataFilesDeleted(), e.history().logFilesDeleted(), e.history().oldestReadableVersion()));
    }
    for (Erasure e : stores) {
      lines.add(String.format(Locale.ROOT, "  %-23s %s%s", e.store(), LifecycleEvent.wire(e.outcome()).replace('_', ' '),
          (e.outcome() == Erasure.Outcome.DONE ? ", " + e.removed() + " removed" : "") + (e.note().isEmpty() ? "" : ": " + e.note())));
    }
    if (leftover > 0) {
      lines.add("  " + leftover + " rows of the scope were written while the forget ran (are the tenant's jobs still running?)");
    }
    return lines;
  }
}
