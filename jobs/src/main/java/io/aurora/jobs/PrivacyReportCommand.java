package io.aurora.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.metrics.JobMetrics;
import io.aurora.metrics.MetricsSink;
import io.aurora.privacy.JdbcPrivacyLedger;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedger.LedgerEntry;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.Spend;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The `privacy-report` command: per (dataset, partition) of a tenant, the ε spent, what remains of the
 * lifetime budget, the number of releases and the mechanisms used. Reads only the privacy ledger, so
 * it starts no Spark session.
 */
@Command(name = "privacy-report", mixinStandardHelpOptions = true, description = "Show what is stored about a tenant and the ε spent per dataset")
public final class PrivacyReportCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    AuroraConfig config = JobContext.resolveConfig(common, Map.of());
    String tenant = Identifiers.require("tenant", config.get(ConfigKeys.TENANT));
    // no JobContext (no Spark session), but the same metrics: ε spent and remaining per dataset for the privacy panels
    JobMetrics metrics = JobMetrics.startedAt("privacy-report", tenant, started);
    return metrics.measure(MetricsSink.from(config), () -> report(config, tenant, metrics));
  }

  private int report(AuroraConfig config, String tenant, JobMetrics metrics) {
    double budget = config.getDouble(ConfigKeys.DATASET_BUDGET);
    metrics.set(BatchMetrics.EPSILON_BUDGET, budget);
    PrintWriter out = spec.commandLine().getOut();
    if (PrivacyLedgers.neverUsed(config)) {
      // a report must not create an embedded ledger: with none, nothing was ever released
      if (!common.json) {
        printTable(out, tenant, budget, List.of());
      }
      out.flush();
      return 0;
    }
    try (PrivacyLedger ledger = PrivacyLedgers.openForReading(config)) {
      List<Line> lines = lines(ledger, tenant);
      lines.forEach(line -> BatchMetrics.privacyLine(metrics, line));
      if (common.json) {
        ObjectMapper mapper = new ObjectMapper();
        for (Line line : lines) {
          out.println(line.toJson(mapper));
        }
      } else {
        printTable(out, tenant, budget, lines);
      }
    }
    out.flush();
    return 0;
  }

  /** One (dataset, partition) of the report. */
  record Line(String tenant, String dataset, String partition, double epsilonRecorded, double epsilonSpent, double budget,
      double rhoSpent, double rhoBudget, int releases, Map<String, Integer> mechanisms, Instant firstRelease, Instant lastRelease) {
    double remaining() {
      return Math.max(0, budget - epsilonSpent);
    }

    String mechanismsText() {
      StringBuilder sb = new StringBuilder();
      mechanisms.forEach((name, count) -> sb.append(sb.length() == 0 ? "" : ",").append(name).append(':').append(count));
      return sb.toString();
    }

    String toJson(ObjectMapper mapper) {
      ObjectNode node = mapper.createObjectNode();
      node.put("tenant", tenant);
      node.put("dataset", dataset);
      if (partition == null) {
        node.putNull("partition");
      } else {
        node.put("partition", partition);
      }
      node.put("epsilon_recorded", epsilonRecorded);
      node.put("epsilon_spent", epsilonSpent);
      node.put("epsilon_remaining", remaining());
      node.put("budget", budget);
      node.put("rho_spent", rhoSpent);
      node.put("rho_budget", rhoBudget);
      node.put("releases", releases);
      ObjectNode m = node.putObject("mechanisms");
      mechanisms.forEach(m::put);
      node.put("first_release", firstRelease.toString());
      node.put("last_release", lastRelease.toString());
      return node.toString();
    }
  }

  /**
   * Groups the tenant's releases by (dataset, partition); ρ spent is what the ledger charges rows of
   * that key, ε spent its (ε, δ) equivalent at the dataset's lifetime δ.
   */
  static List<Line> lines(PrivacyLedger ledger, String tenant) {
    Map<List<String>, List<LedgerEntry>> byKey = new TreeMap<>((a, b) -> {
      int c = a.get(0).compareTo(b.get(0));
      return c != 0 ? c : Objects.toString(a.get(1), "").compareTo(Objects.toString(b.get(1), ""));
    });
    for (LedgerEntry e : ledger.entries(tenant)) {
      List<String> k = new ArrayList<>();
      k.add(e.dataset());
      k.add(e.partition());
      byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
    }
    List<Line> lines = new ArrayList<>();
    byKey.forEach((k, entries) -> {
      double recorded = 0;
      Map<String, Integer> mechanisms = new LinkedHashMap<>();
      Instant first = entries.get(0).at();
      Instant last = first;
      int counted = 0;
      for (LedgerEntry e : entries) {
        if (e.status().equals(JdbcPrivacyLedger.VOIDED)) {
          continue;
        }
        counted++;
        recorded += e.epsilon();
        for (String part : e.mechanisms().split(",")) {
          if (part.isBlank()) {
            continue;
          }
          int colon = part.lastIndexOf(':');
          String name = colon > 0 ? part.substring(0, colon).trim() : part.trim();
          int count = 1;
          if (colon > 0) {
            try {
              count = Integer.parseInt(part.substring(colon + 1).trim());
            } catch (NumberFormatException ignored) {
              name = part.trim();
            }
          }
          mechanisms.merge(name, count, Integer::sum);
        }
        first = e.at().isBefore(first) ? e.at() : first;
        last = e.at().isAfter(last) ? e.at() : last;
      }
      Spend spend = ledger.spent(new LedgerKey(tenant, k.get(0), k.get(1)));
      lines.add(new Line(tenant, k.get(0), k.get(1), recorded, spend.epsilonSpent(), spend.budget().epsilon(), spend.rhoSpent(),
          spend.rhoBudget(), counted, mechanisms, first, last));
    });
    return lines;
  }

  private static void printTable(PrintWriter out, String tenant, double budget, List<Line> lines) {
    out.println("Privacy ledger of tenant '" + tenant + "' (lifetime budget of a new dataset: ε = " + budget
        + "; releases add up in ρ, ε spent is its (ε, δ) equivalent)");
    if (lines.isEmpty()) {
      out.println("No releases recorded: nothing has been profiled for this tenant.");
      return;
    }
    out.println(String.format(java.util.Locale.ROOT, "%-28s %-16s %10s %10s %10s %10s %8s  %s", "dataset", "partition", "ρ spent", "ρ budget",
        "ε spent", "remaining", "releases", "mechanisms"));
    for (Line l : lines) {
      out.println(String.format(java.util.Locale.ROOT, "%-28s %-16s %10.5f %10.5f %10.4f %10.4f %8d  %s", l.dataset(),
          l.partition() == null ? "(all rows)" : l.partition(), l.rhoSpent(), l.rhoBudget(), l.epsilonSpent(), l.remaining(), l.releases(),
          l.mechanismsText()));
    }
    out.println("ε spent of a partition includes releases over the whole dataset, which touch its rows too.");
  }
}
