package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.learn.FeedbackFile;
import io.aurora.learn.FeedbackInbox;
import io.aurora.learn.FeedbackIngest;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `feedback` command: ingests analysts' verdicts from a file or the PostgreSQL inbox into the feedback table. */
@Command(name = "feedback", mixinStandardHelpOptions = true, description = "Ingest analysts' verdicts (accept | correct) from a file or the PostgreSQL inbox")
public final class FeedbackCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @ArgGroup(exclusive = true, multiplicity = "1")
  From from;

  static final class From {
    @Option(names = "--file", paramLabel = "F", description = "CSV (with header) or JSON lines: recommendation_id, verdict, correct_action, feedback_id, user")
    String file;

    @Option(names = "--from-postgres", description = "Consume the tenant's pending rows of the PostgreSQL feedback inbox")
    boolean postgres;
  }

  @Option(names = "--format", paramLabel = "auto|csv|json", description = "Format of --file (default: auto, by extension)")
  String format = "auto";

  @Override
  public Integer call() throws Exception {
    try (JobContext ctx = JobContext.open("feedback", common, Map.of())) {
      return ctx.metered(() -> ingest(ctx));
    }
  }

  private int ingest(JobContext ctx) throws Exception {
    String tenant = ctx.tenant();
    String runId = LearningJobs.runId("feedback");
    Timestamp now = new Timestamp(System.currentTimeMillis());
    FeedbackIngest ingest = new FeedbackIngest(ctx.store());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenant", tenant);
    out.put("run_id", runId);
    if (from.file != null) {
      FeedbackFile.Format f = FeedbackFile.Format.of(format, from.file);
      FeedbackIngest.Report r = ingest.ingest(new FeedbackFile(ctx.spark(), InputLimits.of(ctx.config())).read(from.file, f), tenant, "file", runId, now);
      out.put("origin", "file");
      out.put("accepted", r.accepted());
      out.put("rejected", r.rejected());
      BatchMetrics.feedback(ctx.metrics(), r, "file");
    } else {
      try (FeedbackInbox inbox = FeedbackInbox.open(ctx.config())) {
        inbox.migrate();
        FeedbackInbox.Report r = inbox.consume(tenant, runId, ctx.config().getInt(ConfigKeys.INBOX_BATCH), ctx.spark(),
            ctx.store().root(), raw -> ingest.ingest(raw, tenant, "postgres", runId, now));
        out.put("origin", "postgres");
        out.put("inbox_rows", r.rows());
        out.put("first_id", r.firstId());
        out.put("last_id", r.lastId());
        out.put("accepted", r.ingest() == null ? 0L : r.ingest().accepted());
        out.put("rejected", r.ingest() == null ? 0L : r.ingest().rejected());
        BatchMetrics.feedback(ctx.metrics(), r.ingest(), "postgres");
        ctx.metrics().set(BatchMetrics.INBOX_ROWS, r.rows());
      }
    }
    if (ctx.json()) {
      ctx.out().println(LearningJobs.json(out));
    } else {
      ctx.out().printf("feedback for tenant %s: %d accepted, %d rejected%s (run %s)%n", tenant, out.get("accepted"),
          out.get("rejected"), ((Long) out.get("rejected")) > 0 ? " — reasons in table feedback_rejects" : "", runId);
    }
    return 0;
  }
}
