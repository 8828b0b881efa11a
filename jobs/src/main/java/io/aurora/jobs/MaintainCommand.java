package io.aurora.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.config.ConfigKeys;
import io.aurora.lifecycle.Erasure;
import io.aurora.lifecycle.InboxTarget;
import io.aurora.lifecycle.LifecycleEvents;
import io.aurora.lifecycle.MaintainJob;
import io.aurora.lifecycle.MaintainReport;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `maintain` command. */
@Command(name = "maintain", mixinStandardHelpOptions = true, description = {
    "Retention purge, then Delta OPTIMIZE and VACUUM of every table, for every tenant of the warehouse.",
    "Purges profile runs older than aurora.retention.days (default 90) with their fingerprints, recommendations and the "
        + "feedback judging them, feedback and rejects older than that, and the PostgreSQL inbox rows submitted before it; "
        + "rules, the privacy ledger and the lifecycle events are kept.",
    "Idempotent, and safe while other jobs write (conflicting commits are retried; VACUUM keeps the tables' 7-day window). "
        + "Details: docs/lifecycle.md.",
    "Exit codes: 0 done; 2 bad usage; 4 the inbox database could not be reached (run it again)."})
public final class MaintainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--retention-days", paramLabel = "DAYS", description = "Days rows are kept (aurora.retention.days; default 90)")
  Integer retentionDays;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    if (retentionDays != null) {
      flags.put(ConfigKeys.RETENTION_DAYS.name(), retentionDays.toString());
    }
    try (JobContext context = JobContext.open("maintain", common, flags)) {
      return context.metered(() -> maintain(context));
    }
  }

  private int maintain(JobContext context) {
    int days = context.config().getInt(ConfigKeys.RETENTION_DAYS);
    MaintainJob job = new MaintainJob(context.store(), new LifecycleEvents(context.spark(), context.store()),
        List.of(new InboxTarget(context.config())), Clock.systemUTC());
    MaintainReport report = job.maintain(days);
    if (context.json()) {
      report.jsonLines(new ObjectMapper()).forEach(context.out()::println);
    } else {
      report.textLines().forEach(context.out()::println);
    }
    context.out().flush();
    if (report.storeUnreachable()) {
      throw AuroraException.serviceUnavailable("maintain incomplete: " + String.join(", ", report.stores().stream()
          .filter(s -> s.outcome() == Erasure.Outcome.FAILED).map(Erasure::store).toList())
          + " could not be reached; the warehouse is maintained: run maintain again", null);
    }
    return 0;
  }
}
