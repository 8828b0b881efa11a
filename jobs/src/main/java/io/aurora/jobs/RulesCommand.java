package io.aurora.jobs;

import io.aurora.learn.LearningTables;
import io.aurora.learn.PatternDescription;
import io.aurora.learn.PatternKey;
import io.aurora.learn.Rule;
import io.aurora.learn.RuleSource;
import io.aurora.store.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `rules` command: a tenant's learned rules with their evidence, validations, success rate and confidence. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Show a tenant's learned rules with their evidence and success rates")
public final class RulesCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--active", description = "Only active rules")
  boolean activeOnly;

  @Override
  public Integer call() throws Exception {
    try (JobContext ctx = JobContext.open("rules", common, Map.of())) {
      return ctx.metered(() -> list(ctx));
    }
  }

  private int list(JobContext ctx) {
    BatchMetrics.rules(ctx.metrics(), ctx.store(), ctx.tenant());
    var rows = ctx.store().read(Table.RULES, LearningTables.RULES, ctx.tenant());
    if (activeOnly) {
      rows = rows.where(functions.col("active"));
    }
    // a tenant's rules are few (bounded by patterns × actions): they are listed, not streamed
    List<Rule> rules = rows.orderBy(functions.col("active").desc(), functions.col("confidence").desc(),
        functions.col("rule_id")).collectAsList().stream().map(Rule::fromRow).toList();
    if (ctx.json()) {
      for (Rule r : rules) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tenant", r.tenant());
        o.put("rule_id", r.ruleId());
        o.put("pattern", r.patternKey());
        o.put("action", r.action().wireName());
        o.put("corrections", r.corrections());
        o.put("analysts", r.analysts());
        o.put("agreeing", r.agreeing());
        o.put("contrary", r.contrary());
        o.put("successes", r.successes());
        o.put("trials", r.trials());
        o.put("validations", r.successes() + "/" + r.trials());
        o.put("success_rate", r.successRate());
        o.put("confidence", r.confidence());
        o.put("active", r.active());
        o.put("epoch", r.epoch());
        o.put("explanation", RuleSource.explain(r));
        ctx.out().println(LearningJobs.json(o));
      }
    } else {
      ctx.out().printf("%-16s %-18s %11s %8s %8s %11s %7s %10s %-6s %s%n", "rule_id", "action", "corrections", "analysts",
          "contrary", "validations", "success", "confidence", "active", "columns like");
      for (Rule r : rules) {
        ctx.out().printf(Locale.ROOT, "%-16s %-18s %11d %8d %8d %11s %7s %10.3f %-6s %s%n", r.ruleId(), r.action().wireName(),
            r.corrections(), r.analysts(), r.contrary(), r.successes() + "/" + r.trials(),
            r.successRate() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.successRate()),
            r.confidence(), r.active() ? "yes" : "no", PatternDescription.of(new PatternKey(r.patternKey()))
                + (new PatternKey(r.patternKey()).isCoarse() ? " (any name)" : ""));
      }
      if (rules.isEmpty()) {
        ctx.out().println("(no rules learned yet for tenant " + ctx.tenant() + ")");
      }
    }
    return 0;
  }
}
