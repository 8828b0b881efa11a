package io.aurora.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import io.aurora.config.AuroraConfig;
import io.aurora.lifecycle.Erasure;
import io.aurora.lifecycle.ForgetJob;
import io.aurora.lifecycle.ForgetReport;
import io.aurora.lifecycle.ForgetScope;
import io.aurora.lifecycle.ForgetTarget;
import io.aurora.lifecycle.InboxTarget;
import io.aurora.lifecycle.LifecycleEvents;
import io.aurora.lifecycle.PushgatewayTarget;
import io.aurora.lifecycle.RedisTarget;
import io.aurora.lifecycle.SubjectKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The `forget` command. */
@Command(name = "forget", mixinStandardHelpOptions = true, description = {
    "Delete everything stored about a tenant (or one of its datasets) and make sure it cannot be read back: its rows in "
        + "every warehouse table and every earlier version of them (time travel stops at the forget), its Redis keys, its "
        + "feedback-inbox rows, its Pushgateway metric groups; the privacy ledger keeps the spend records under a keyed "
        + "one-way form of the identifiers.",
    "--tenant is required. Safe to run again after a crash or an unreachable service.",
    "Stop the tenant's own jobs first; other tenants' jobs may run. Details: docs/lifecycle.md.",
    "Exit codes: 0 done; 2 bad usage; 4 a service could not be reached (run it again); 1 rows of the tenant were written "
        + "while it ran (run it again)."})
public final class ForgetCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--dataset", paramLabel = "ID", description = "Forget only this dataset of the tenant (default: the whole tenant)")
  String dataset;

  @Override
  public Integer call() {
    if (common.tenant == null) {
      throw AuroraException.badInput("forget needs --tenant: it deletes everything stored about that tenant, so it is never implied");
    }
    Identifiers.require("tenant", common.tenant);
    if (dataset != null) {
      Identifiers.require("dataset", dataset);
    }
    // No batch metrics: their grouping key would write the forgotten tenant's name to the Pushgateway again.
    try (JobContext context = JobContext.open("forget", common, Map.of())) {
      SubjectKey key = SubjectKey.openOrCreate(context.store().root(), context.spark().sparkContext().hadoopConfiguration());
      ForgetJob job = new ForgetJob(context.spark(), context.store(), new LifecycleEvents(context.spark(), context.store()), key,
          targets(context.config()), Clock.systemUTC());
      ForgetReport report = job.forget(context.tenant(), dataset);
      if (context.json()) {
        report.jsonLines(new ObjectMapper()).forEach(context.out()::println);
      } else {
        report.textLines().forEach(context.out()::println);
      }
      context.out().flush();
      if (report.storeUnreachable()) {
        throw AuroraException.serviceUnavailable("forget incomplete: " + String.join(", ", report.stores().stream()
            .filter(s -> s.outcome() == Erasure.Outcome.FAILED).map(Erasure::store).toList())
            + " could not be reached; everything else is done: run the same forget again", null);
      }
      if (report.leftover() > 0) {
        throw new AuroraException(ExitCode.FAILURE, "forget incomplete: " + report.leftover()
            + " rows of the scope were written while it ran; stop the tenant's jobs and run the same forget again");
      }
      report.stores().stream().filter(s -> s.outcome() == Erasure.Outcome.PENDING).forEach(s ->
          LogManager.getLogger(ForgetCommand.class).warn("forget event {}: {} not forgotten: {}", report.eventId(), s.store(), s.note()));
      return 0;
    }
  }

  /** The stores outside the warehouse a forget must reach, the privacy ledger first. */
  static List<ForgetTarget> targets(AuroraConfig config) {
    return List.of(ledger(config), new RedisTarget(config), new InboxTarget(config), new PushgatewayTarget(config));
  }

  /**
   * LEDGER-FORGET — the one call site of the privacy ledger's forget (issue 22 pt 1). The ledger keeps
   * every spend record, so that re-profiling the same rows never gets fresh budget, but replaces the
   * tenant and dataset identifiers with a keyed one-way form. {@code PrivacyLedger.forget(tenant,
   * dataset)} is built with the ledger; when it is in this build, this method becomes:
   * <pre>{@code
   * return new ForgetTarget() {
   *   public String name() { return "privacy ledger"; }
   *   public Erasure forget(ForgetScope scope) {
   *     try (PrivacyLedger ledger = PrivacyLedgers.open(config)) {
   *       return Erasure.done(name(), ledger.forget(scope.tenant(), scope.dataset()), "spend records kept under keyed identifiers");
   *     } catch (AuroraException e) {
   *       return Erasure.failed(name(), e.getMessage());
   *     }
   *   }
   * };
   * }</pre>
   */
  static ForgetTarget ledger(AuroraConfig config) {
    return new ForgetTarget() {
      @Override
      public String name() {
        return "privacy ledger";
      }

      @Override
      public Erasure forget(ForgetScope scope) {
        return Erasure.pending(name(), "this build's ledger has no forget yet: its spend records still name the tenant and dataset");
      }
    };
  }
}
