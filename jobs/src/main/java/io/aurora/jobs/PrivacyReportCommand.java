package io.aurora.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.lifecycle.LifecycleEvent;
import io.aurora.lifecycle.LifecycleEvents;
import io.aurora.lifecycle.MechanismDescription;
import io.aurora.lifecycle.StoredInventory;
import io.aurora.lifecycle.StoredRows;
import io.aurora.lifecycle.SubjectKey;
import io.aurora.metrics.JobMetrics;
import io.aurora.metrics.MetricsSink;
import io.aurora.privacy.JdbcPrivacyLedger;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.Spend;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedger.LedgerEntry;
import io.aurora.privacy.PrivacyLedgers;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The `privacy-report` command: what AURORA keeps about a tenant. Per dataset and partition, the rows
 * of every warehouse table (how many, oldest, newest, when maintain purges them) and every privacy
 * release from the ledger (ε, δ, ρ, the mechanism and its parameters, the remaining budget); for the
 * tenant as a whole, the rows that belong to no dataset, and the last forget and maintain. Reads
 * only: it creates no table, no ledger and no key.
 */
@Command(name = "privacy-report", mixinStandardHelpOptions = true, description = {
    "Show what is stored about a tenant: per dataset and partition the rows kept in each table (count, oldest, newest, "
        + "when maintain purges them) and the privacy releases (epsilon, delta, rho, mechanism and its parameters, "
        + "remaining budget); the last forget and maintain.",
    "Reads only. With --json: one object per dataset and partition, then one for the tenant. Details: docs/lifecycle.md.",
    "Exit codes: 0 done; 2 bad usage; 4 the ledger could not be reached."})
public final class PrivacyReportCommand implements Callable<Integer> {
  /** The footer's claim, and what stands behind it. */
  static final String GUARANTEE = "No raw values are stored: the canary test (FullLoopCanaryTest, run by every build) puts "
      + "unique marker values into a dataset, runs the whole loop, and finds none of them in any table, the ledger, a log line, "
      + "a metric, Redis or MLflow. What is kept are differentially private statistics and public metadata.";

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    AuroraConfig config = JobContext.resolveConfig(common, Map.of());
    String tenant = Identifiers.require("tenant", config.get(ConfigKeys.TENANT));
    boolean ledgerUsed = !PrivacyLedgers.neverUsed(config); // a remote warehouse without PostgreSQL: exit 2 here
    JobMetrics metrics = JobMetrics.startedAt("privacy-report", tenant, started);
    // a report about a tenant of whom nothing is kept (one that was forgotten) must not write its name
    // to the Pushgateway again: its metrics go out only when there is something to report, or it failed
    boolean[] found = {false};
    MetricsSink sink = MetricsSink.from(config);
    MetricsSink whenFound = (m, code) -> {
      if (found[0] || code != 0) {
        sink.deliver(m, code);
      }
    };
    return metrics.measure(whenFound, () -> report(config, tenant, ledgerUsed, metrics, found));
  }

  private int report(AuroraConfig config, String tenant, boolean ledgerUsed, JobMetrics metrics, boolean[] found) {
    double budget = config.getDouble(ConfigKeys.DATASET_BUDGET);
    int retentionDays = config.getInt(ConfigKeys.RETENTION_DAYS);
    metrics.set(BatchMetrics.EPSILON_BUDGET, budget);
    List<Line> lines = List.of();
    if (ledgerUsed) {
      // a report must not create an embedded ledger: with none, nothing was ever released
      try (PrivacyLedger ledger = PrivacyLedgers.openForReading(config)) {
        lines = lines(ledger, tenant, budget);
      }
    }
    Map<StoredInventory.Key, List<StoredRows>> stored;
    Optional<LifecycleEvent> lastForget;
    Optional<LifecycleEvent> lastMaintain;
    try (JobContext context = JobContext.open("privacy-report", common, Map.of())) {
      stored = new StoredInventory(context.store(), retentionDays).of(tenant);
      LifecycleEvents events = new LifecycleEvents(context.spark(), context.store());
      lastForget = SubjectKey.openExisting(context.store().root(), context.spark().sparkContext().hadoopConfiguration())
          .flatMap(key -> events.lastForget(key, tenant));
      lastMaintain = events.lastMaintain();
    }
    found[0] = !lines.isEmpty() || !stored.isEmpty();
    lines.forEach(line -> BatchMetrics.privacyLine(metrics, line));

    Map<StoredInventory.Key, Line> byKey = new TreeMap<>();
    lines.forEach(l -> byKey.put(new StoredInventory.Key(l.dataset(), l.partition()), l));
    TreeSet<StoredInventory.Key> keys = new TreeSet<>(byKey.keySet());
    stored.keySet().stream().filter(k -> !k.equals(StoredInventory.Key.TENANT)).forEach(keys::add);
    List<StoredRows> tenantRows = stored.getOrDefault(StoredInventory.Key.TENANT, List.of());

    PrintWriter out = spec.commandLine().getOut();
    if (common.json) {
      ObjectMapper mapper = new ObjectMapper();
      for (StoredInventory.Key key : keys) {
        out.println(datasetJson(mapper, tenant, key, byKey.get(key), stored.getOrDefault(key, List.of()), budget));
      }
      out.println(tenantJson(mapper, tenant, tenantRows, retentionDays, lastForget, lastMaintain));
    } else {
      printText(out, tenant, budget, retentionDays, keys, byKey, stored, tenantRows, lastForget, lastMaintain);
    }
    out.flush();
    return 0;
  }

  /**
   * One (dataset, partition) of the ledger: its releases, and the ε the ledger charges its rows;
   * {@code selectionDeltaSpent} is the δ key selections spent outright on them, which shrinks {@code rhoBudget}.
   */
  record Line(String tenant, String dataset, String partition, double epsilonSpent, double budget, double rhoSpent,
      double rhoBudget, double selectionDeltaSpent, List<LedgerEntry> entries) {
    Line {
      entries = List.copyOf(entries);
    }

    double remaining() {
      return Math.max(0, budget - epsilonSpent);
    }

    int releases() {
      return entries.size();
    }

    double epsilonRecorded() {
      return entries.stream().mapToDouble(LedgerEntry::epsilon).sum();
    }
  }

  /**
   * Groups the tenant's releases by (dataset, partition), voided ones left out; ρ spent is what the
   * ledger charges rows of that key, ε spent its (ε, δ) equivalent at the dataset's lifetime δ.
   */
  static List<Line> lines(PrivacyLedger ledger, String tenant, double budget) {
    Map<StoredInventory.Key, List<LedgerEntry>> byKey = new TreeMap<>();
    for (LedgerEntry e : ledger.entries(tenant)) {
      byKey.computeIfAbsent(new StoredInventory.Key(e.dataset(), e.partition()), k -> new ArrayList<>()).add(e);
    }
    List<Line> lines = new ArrayList<>();
    byKey.forEach((k, entries) -> {
      Spend spend = ledger.spent(new LedgerKey(tenant, k.dataset(), k.partition()));
      List<LedgerEntry> counted = entries.stream().filter(e -> !JdbcPrivacyLedger.VOIDED.equals(e.status())).toList();
      lines.add(new Line(tenant, k.dataset(), k.partition(), spend.epsilonSpent(), spend.budget().epsilon(), spend.rhoSpent(),
          spend.rhoBudget(), spend.selectionDeltaSpent(), counted));
    });
    return lines;
  }

  /** The ρ of a release: the ledger's own record, else (older rows) what its mechanism implies. */
  static OptionalDouble rho(LedgerEntry entry, ObjectNode mechanism) {
    if (entry.rho() > 0) {
      return OptionalDouble.of(entry.rho());
    }
    return MechanismDescription.rho(mechanism, entry.epsilon(), entry.delta());
  }

  private static String datasetJson(ObjectMapper mapper, String tenant, StoredInventory.Key key, Line line, List<StoredRows> rows,
      double budget) {
    ObjectNode node = mapper.createObjectNode();
    node.put("record", "dataset");
    node.put("tenant", tenant);
    node.put("dataset", key.dataset());
    if (key.partition() == null) {
      node.putNull("partition");
    } else {
      node.put("partition", key.partition());
    }
    node.set("stored", storedJson(mapper, rows));
    node.put("budget", line == null ? budget : line.budget());
    node.put("rho_spent", line == null ? 0 : line.rhoSpent());
    if (line != null) {
      node.put("rho_budget", line.rhoBudget());
      node.put("selection_delta_spent", line.selectionDeltaSpent());
    }
    node.put("epsilon_spent", line == null ? 0 : line.epsilonSpent());
    node.put("epsilon_remaining", line == null ? budget : line.remaining());
    node.put("epsilon_recorded", line == null ? 0 : line.epsilonRecorded());
    ArrayNode releases = node.putArray("releases");
    Map<String, ObjectNode> mechanisms = new LinkedHashMap<>();
    Map<String, Integer> uses = new LinkedHashMap<>();
    double rhoTotal = 0;
    boolean rhoKnown = true;
    if (line != null) {
      for (LedgerEntry e : line.entries()) {
        ObjectNode mechanism = MechanismDescription.parse(e.mechanisms(), mapper);
        ObjectNode r = releases.addObject();
        r.put("release_id", e.releaseId());
        r.put("released_at", e.at().toString());
        r.put("epsilon", e.epsilon());
        r.put("delta", e.delta());
        r.put("selection_delta", e.selectionDelta());
        OptionalDouble rho = rho(e, mechanism);
        if (rho.isPresent()) {
          r.put("rho", rho.getAsDouble());
          rhoTotal += rho.getAsDouble();
        } else {
          r.putNull("rho");
          rhoKnown = false;
        }
        r.set("mechanism", mechanism);
        mechanisms.putIfAbsent(e.mechanisms(), mechanism);
        uses.merge(e.mechanisms(), 1, Integer::sum);
      }
    }
    if (line != null && rhoKnown) {
      node.put("rho_recorded", rhoTotal);
    } else {
      node.putNull("rho_recorded");
    }
    ArrayNode distinct = node.putArray("mechanisms");
    mechanisms.forEach((text, parsed) -> distinct.addObject().put("releases", uses.get(text)).setAll(parsed.deepCopy()));
    if (line != null) {
      node.put("first_release", line.entries().get(0).at().toString());
      node.put("last_release", line.entries().get(line.entries().size() - 1).at().toString());
    }
    return node.toString();
  }

  private static String tenantJson(ObjectMapper mapper, String tenant, List<StoredRows> rows, int retentionDays,
      Optional<LifecycleEvent> lastForget, Optional<LifecycleEvent> lastMaintain) {
    ObjectNode node = mapper.createObjectNode();
    node.put("record", "tenant");
    node.put("tenant", tenant);
    node.set("stored", storedJson(mapper, rows));
    node.put("retention_days", retentionDays);
    node.set("last_forget", lastForget.<JsonNode>map(e -> eventJson(mapper, e)).orElse(mapper.nullNode()));
    node.set("last_maintain", lastMaintain.<JsonNode>map(e -> eventJson(mapper, e)).orElse(mapper.nullNode()));
    node.put("raw_values_stored", false);
    node.put("guarantee", GUARANTEE);
    return node.toString();
  }

  private static ObjectNode storedJson(ObjectMapper mapper, List<StoredRows> rows) {
    ObjectNode stored = mapper.createObjectNode();
    for (StoredRows r : rows) {
      ObjectNode t = stored.putObject(r.table());
      t.put("rows", r.rows());
      putInstant(t, "oldest", r.oldest());
      putInstant(t, "newest", r.newest());
      putInstant(t, "purge_after", r.purgeAfter());
    }
    return stored;
  }

  private static ObjectNode eventJson(ObjectMapper mapper, LifecycleEvent e) {
    ObjectNode n = mapper.createObjectNode();
    n.put("event_id", e.eventId());
    n.put("scope", e.scope().name().toLowerCase(Locale.ROOT));
    n.put("status", e.status().name().toLowerCase(Locale.ROOT));
    n.put("started_at", e.startedAt().toInstant().toString());
    n.put("recorded_at", e.recordedAt().toInstant().toString());
    return n;
  }

  private static void putInstant(ObjectNode node, String field, Instant at) {
    if (at == null) {
      node.putNull(field);
    } else {
      node.put(field, at.toString());
    }
  }

  private static void printText(PrintWriter out, String tenant, double budget, int retentionDays, TreeSet<StoredInventory.Key> keys,
      Map<StoredInventory.Key, Line> byKey, Map<StoredInventory.Key, List<StoredRows>> stored, List<StoredRows> tenantRows,
      Optional<LifecycleEvent> lastForget, Optional<LifecycleEvent> lastMaintain) {
    out.println("Privacy report of tenant '" + tenant + "' (lifetime budget per dataset and partition: ε = " + budget
        + "; retention " + retentionDays + " days)");
    if (byKey.isEmpty()) {
      out.println("No releases recorded: nothing has been profiled for this tenant.");
    }
    for (StoredInventory.Key key : keys) {
      out.println();
      out.println("dataset " + key.dataset() + ", " + (key.partition() == null ? "(all rows)" : "partition " + key.partition()));
      printStored(out, stored.getOrDefault(key, List.of()));
      Line line = byKey.get(key);
      if (line == null) {
        out.println("  releases: none in the ledger");
        continue;
      }
      out.println(String.format(Locale.ROOT, "  budget:  ε spent %.4f, remaining %.4f of %s; %d release(s)%s", line.epsilonSpent(),
          line.remaining(), budget, line.releases(), line.selectionDeltaSpent() > 0
              ? String.format(Locale.ROOT, "; δ %.3g spent by key selections", line.selectionDeltaSpent()) : ""));
      for (LedgerEntry e : line.entries()) {
        OptionalDouble rho = rho(e, MechanismDescription.parse(e.mechanisms(), new ObjectMapper()));
        out.println(String.format(Locale.ROOT, "  release %s at %s: ε %.4g, δ %.3g%s, ρ %s", e.releaseId(), e.at(), e.epsilon(), e.delta(),
            e.selectionDelta() > 0 ? String.format(Locale.ROOT, " (of it %.3g by key selection)", e.selectionDelta()) : "",
            rho.isPresent() ? String.format(Locale.ROOT, "%.4g", rho.getAsDouble()) : "not recorded"));
        out.println("    mechanism: " + e.mechanisms());
      }
    }
    out.println();
    out.println("tenant as a whole");
    if (tenantRows.isEmpty() && keys.isEmpty()) {
      out.println("  nothing stored in the warehouse");
    } else {
      printStored(out, tenantRows);
    }
    out.println("  last forget:   " + lastForget.map(PrivacyReportCommand::eventText).orElse("none"));
    out.println("  last maintain: " + lastMaintain.map(PrivacyReportCommand::eventText).orElse("none"));
    out.println();
    out.println("ε spent of a partition includes releases over the whole dataset, which touch its rows too.");
    out.println(GUARANTEE);
  }

  private static void printStored(PrintWriter out, List<StoredRows> rows) {
    for (StoredRows r : rows) {
      out.println(String.format(Locale.ROOT, "  %-17s %8d rows, %s to %s, %s", r.table(), r.rows(), day(r.oldest()), day(r.newest()),
          r.purgeAfter() == null ? "kept until forgotten" : "oldest purged after " + day(r.purgeAfter())));
    }
  }

  private static String day(Instant at) {
    return at == null ? "?" : at.toString().substring(0, Math.min(19, at.toString().length())) + "Z";
  }

  private static String eventText(LifecycleEvent e) {
    return e.startedAt().toInstant() + " (" + e.scope().name().toLowerCase(Locale.ROOT) + ", " + e.status().name().toLowerCase(Locale.ROOT) + ")";
  }
}
