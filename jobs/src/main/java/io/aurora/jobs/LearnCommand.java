package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.learn.RuleLearner;
import io.aurora.learn.RuleLifecycle;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `learn` command: turns the tenant's corrections into rules and updates every rule's confidence. */
@Command(name = "learn", mixinStandardHelpOptions = true, description = "Update learned rules and their confidences from feedback")
public final class LearnCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    try (JobContext ctx = JobContext.open("learn", common, Map.of())) {
      return ctx.metered(() -> learn(ctx));
    }
  }

  private static int learn(JobContext ctx) {
    String runId = LearningJobs.runId("learn");
    RuleLifecycle lifecycle = new RuleLifecycle(ctx.config().getInt(ConfigKeys.MIN_CORRECTIONS));
    RuleLearner.Report r = new RuleLearner(ctx.store(), lifecycle)
        .learn(ctx.tenant(), runId, new Timestamp(System.currentTimeMillis()));
    BatchMetrics.learned(ctx.metrics(), r, ctx.store(), ctx.tenant());
    if (ctx.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tenant", r.tenant());
      out.put("run_id", r.runId());
      out.put("feedback_rows", r.feedbackRows());
      out.put("rejected", r.rejected());
      out.put("rules", r.rules());
      out.put("active_rules", r.activeRules());
      out.put("created", r.created());
      out.put("deactivated", r.deactivated());
      ctx.out().println(LearningJobs.json(out));
    } else {
      ctx.out().printf("learn for tenant %s: %d feedback rows (%d rejected), %d rules (%d active, %d new, %d deactivated)%n",
          r.tenant(), r.feedbackRows(), r.rejected(), r.rules(), r.activeRules(), r.created(), r.deactivated());
    }
    return 0;
  }
}
