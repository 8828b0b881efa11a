package io.aurora.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.privacy.BudgetChange;
import io.aurora.privacy.JdbcPrivacyLedger;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.LifetimeBudget;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.Spend;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code privacy-budget} command: shows a dataset's lifetime budget (fixed when the ledger first
 * saw the dataset), what each of its keys has spent and every recorded change; with {@code --set-epsilon}
 * it changes the budget, and the ledger records the change. It is the only way a recorded budget changes:
 * {@code aurora.privacy.dataset-budget} only gives a dataset the ledger has not seen yet its first budget.
 */
@Command(name = "privacy-budget", mixinStandardHelpOptions = true,
    description = "Show, or explicitly change (recorded in the privacy ledger), a dataset's lifetime privacy budget")
public final class PrivacyBudgetCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--dataset", paramLabel = "ID", required = true, description = "Dataset id")
  String dataset;

  @Option(names = "--set-epsilon", paramLabel = "E",
      description = "Change the lifetime ε budget (each partition of the dataset has a budget of this size); recorded in the ledger")
  Double setEpsilon;

  @Option(names = "--set-delta", paramLabel = "D", description = "Change the lifetime δ too (default: keep the recorded one; at most 1e-6)")
  Double setDelta;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    AuroraConfig config = JobContext.resolveConfig(common, Map.of());
    String tenant = Identifiers.require("tenant", config.get(ConfigKeys.TENANT));
    Identifiers.require("dataset", dataset);
    if (setEpsilon == null && setDelta != null) {
      throw AuroraException.badInput("--set-delta changes the budget together with --set-epsilon");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean change = setEpsilon != null;
    if (!change && PrivacyLedgers.neverUsed(config)) {
      print(out, tenant, Optional.empty(), PrivacyLedgers.policy(config).initialBudget(), List.of(), List.of(), null);
      out.flush();
      return 0;
    }
    try (PrivacyLedger ledger = change ? PrivacyLedgers.open(config) : PrivacyLedgers.openForReading(config)) {
      BudgetChange made = null;
      if (change) {
        double delta = setDelta != null ? setDelta
            : ledger.budget(tenant, dataset).map(LifetimeBudget::delta).orElse(config.getDouble(ConfigKeys.DATASET_BUDGET_DELTA));
        made = ledger.setBudget(tenant, dataset, new LifetimeBudget(setEpsilon, delta));
      }
      TreeSet<String> partitions = new TreeSet<>();
      boolean whole = false;
      for (PrivacyLedger.LedgerEntry e : ledger.entries(tenant)) {
        if (e.dataset().equals(dataset) && !e.status().equals(JdbcPrivacyLedger.VOIDED)) {
          if (e.partition() == null) {
            whole = true;
          } else {
            partitions.add(e.partition());
          }
        }
      }
      List<KeySpend> keys = new ArrayList<>();
      if (whole || partitions.isEmpty()) {
        keys.add(new KeySpend(null, ledger.spent(new LedgerKey(tenant, dataset, null))));
      }
      for (String p : partitions) {
        keys.add(new KeySpend(p, ledger.spent(new LedgerKey(tenant, dataset, p))));
      }
      print(out, tenant, ledger.budget(tenant, dataset), PrivacyLedgers.policy(config).initialBudget(), keys,
          ledger.budgetChanges(tenant, dataset), made);
    }
    out.flush();
    return 0;
  }

  private record KeySpend(String partition, Spend spend) {}

  private void print(PrintWriter out, String tenant, Optional<LifetimeBudget> budget, LifetimeBudget initial, List<KeySpend> keys,
      List<BudgetChange> changes, BudgetChange made) {
    if (common.json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = mapper.createObjectNode();
      node.put("tenant", tenant);
      node.put("dataset", dataset);
      if (budget.isPresent()) {
        putBudget(node.putObject("budget"), budget.get());
      } else {
        node.putNull("budget");
        putBudget(node.putObject("initial_budget"), initial);
      }
      ArrayNode spent = node.putArray("keys");
      for (KeySpend k : keys) {
        ObjectNode o = spent.addObject();
        if (k.partition() == null) {
          o.putNull("partition");
        } else {
          o.put("partition", k.partition());
        }
        o.put("rho_spent", k.spend().rhoSpent());
        o.put("rho_remaining", k.spend().rhoRemaining());
        o.put("epsilon_spent", k.spend().epsilonSpent());
        o.put("epsilon_remaining", k.spend().epsilonRemaining());
        o.put("releases", k.spend().releases());
      }
      ArrayNode history = node.putArray("changes");
      for (BudgetChange c : changes) {
        ObjectNode o = history.addObject();
        o.put("at", c.at().toString());
        if (c.from() == null) {
          o.putNull("from");
        } else {
          putBudget(o.putObject("from"), c.from());
        }
        putBudget(o.putObject("to"), c.to());
        o.put("via", c.via());
      }
      node.put("changed", made != null);
      out.println(node);
      return;
    }
    if (made != null) {
      out.println("Lifetime budget of " + tenant + "/" + dataset + " " + (made.from() == null ? "set to " : "changed from " + text(made.from()) + " to ")
          + text(made.to()) + " (recorded in the privacy ledger at " + made.at() + ")");
    }
    if (budget.isEmpty()) {
      out.println("Dataset " + tenant + "/" + dataset + " has no release yet: its first one will fix its lifetime budget at " + text(initial)
          + " (aurora.privacy.dataset-budget, aurora.privacy.dataset-budget-delta)");
      return;
    }
    out.println("Lifetime budget of " + tenant + "/" + dataset + ": " + text(budget.get()) + ", each partition the same");
    for (KeySpend k : keys) {
      Spend s = k.spend();
      out.println(String.format(Locale.ROOT, "  %-18s rho spent %.6f of %.6f (epsilon %.4f of %s), %d release(s)%s",
          k.partition() == null ? "(all rows)" : k.partition(), s.rhoSpent(), s.rhoBudget(), s.epsilonSpent(), plain(s.budget().epsilon()),
          s.releases(), s.rhoSpent() > s.rhoBudget() ? ": over the budget, further releases are refused" : ""));
    }
    for (BudgetChange c : changes) {
      out.println("  " + c.at() + " " + c.via() + ": " + (c.from() == null ? "" : text(c.from()) + " -> ") + text(c.to()));
    }
  }

  private static void putBudget(ObjectNode o, LifetimeBudget b) {
    o.put("epsilon", b.epsilon());
    o.put("delta", b.delta());
    o.put("rho", b.rho());
  }

  private static String text(LifetimeBudget b) {
    return String.format(Locale.ROOT, "(epsilon %s, delta %s; rho %.6f)", plain(b.epsilon()), b.delta(), b.rho());
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
