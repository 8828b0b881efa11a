package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.Identifiers;
import io.aurora.config.ConfigKeys;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.Spend;
import io.aurora.profile.ProfileJob;
import io.aurora.profile.ProfileRun;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `profile` command: one differentially private fingerprint per column, one summary for the run. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Profile a dataset into differentially private fingerprints")
public final class ProfileCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  CommonOptions common;

  @Mixin
  InputOptions input;

  @Mixin
  PrivacyOptions privacy;

  private final ProfileWiring wiring;

  public ProfileCommand() {
    this(new ProductionProfileWiring());
  }

  ProfileCommand(ProfileWiring wiring) {
    this.wiring = requireNonNull(wiring, "wiring is null");
  }

  @Override
  public Integer call() throws Exception {
    String dataset = datasetId(input);
    try (JobContext context = JobContext.open("profile", common, flags(privacy))) {
      context.metrics().dataset(dataset);
      return context.metered(() -> {
        print(context, profile(context, dataset, input, privacy, wiring));
        return 0;
      });
    }
  }

  /** The dataset id: given, or derived from the first input's name. */
  static String datasetId(InputOptions input) {
    return Identifiers.require("dataset",
        input.dataset != null ? input.dataset : Identifiers.datasetFromPath(input.inputs.get(0)));
  }

  /** Flags of the privacy options that are configuration keys. */
  static Map<String, String> flags(PrivacyOptions privacy) {
    Map<String, String> flags = new HashMap<>();
    if (privacy.epsilon != null) {
      flags.put(ConfigKeys.EPSILON.name(), Double.toString(privacy.epsilon));
    }
    return flags;
  }

  /**
   * Reads, debits and profiles {@code dataset}: the profile half of {@code profile} and {@code run}.
   * Records the run's rows, columns and ε (spent, and what remains of its ledger key's budget) in the
   * context's metrics.
   */
  static ProfileJob.Outcome profile(JobContext context, String dataset, InputOptions input, PrivacyOptions privacy,
      ProfileWiring wiring) {
    ReadOptions options = input.readOptions();
    // parameters are checked (exit 2) before anything is read or recorded
    ProfileJob.Request request = new ProfileJob.Request(context.tenant(), dataset, privacy.partition,
        context.config().getDouble(ConfigKeys.EPSILON), context.config().getDouble(ConfigKeys.DELTA), privacy.runId,
        privacy.forceNewDataset, privacy.columnSelection());
    PrivacyLedgers.policy(context.config());
    // Validate the input before touching the ledger: a bad input must leave the warehouse exactly as it
    // was (the embedded ledger lives there). Reading here only sniffs and plans — nothing is scanned or
    // released before the debit inside ProfileJob, so privacy still fails closed.
    ReadResult read = wiring.read(context, options);
    // The ledger opens (database, migrations: about a second) on its own thread while Spark looks for a
    // release to re-use; the debit waits for it, so nothing is released before it is recorded.
    try (PendingLedger ledger = PendingLedger.start(() -> wiring.ledger(context))) {
      ProfileJob job = new ProfileJob(context.spark(), context.store(), ledger, wiring.noise(context), Clock.systemUTC());
      ProfileJob.Outcome outcome = job.run(request, read);
      // a re-used release needs no debit, but an unreachable ledger still fails the run (exit 4) as it always has
      ledger.opened();
      Spend spend = spendAfter(ledger, request);
      BatchMetrics.profiled(context.metrics(), outcome, spend == null ? context.config().getDouble(ConfigKeys.DATASET_BUDGET)
          : spend.budget().epsilon(), spend == null ? Double.NaN : spend.epsilonSpent());
      return outcome;
    }
  }

  /** What the run's key has spent, for the metrics only: null (and a warning) when the read fails, never an error. */
  private static Spend spendAfter(PrivacyLedger ledger, ProfileJob.Request request) {
    try {
      return ledger.spent(new LedgerKey(request.tenant(), request.dataset(), request.partition()));
    } catch (RuntimeException e) {
      // the release is committed and debited: a metric must not turn that into a failed job
      LogManager.getLogger(ProfileCommand.class).warn("remaining budget not known for the metrics: {}", e.getClass().getSimpleName());
      return null;
    }
  }

  static void print(JobContext context, ProfileJob.Outcome outcome) {
    Map<String, Object> summary = summary(outcome);
    if (context.json()) {
      context.out().println(toJson(summary));
      return;
    }
    ProfileRun run = outcome.run();
    context.out().printf(Locale.ROOT, "profile run %s%s: %s/%s, %d columns, %d rows read, %d malformed, epsilon spent %s (rho %s)%n",
        run.runId(), outcome.reused() ? " (re-used, nothing spent)" : "", run.tenant(), run.dataset(), run.columns(),
        run.rowsRead(), run.rowsMalformed(), outcome.epsilonCharged(), outcome.rhoCharged());
    Long padded = padded(outcome);
    if (padded != null && padded > 0) {
      context.out().printf(Locale.ROOT, "%d short rows padded with nulls%n", padded);
    }
    for (String warning : run.warnings()) {
      context.out().println("warning: " + warning);
    }
  }

  /** The one JSON object {@code profile --json} prints for a run (SPEC §2.1). */
  static Map<String, Object> summary(ProfileJob.Outcome outcome) {
    ProfileRun run = outcome.run();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", run.runId());
    m.put("tenant", run.tenant());
    m.put("dataset", run.dataset());
    m.put("partition", run.partition());
    m.put("format", run.format());
    m.put("encoding", run.encoding());
    m.put("delimiter", run.delimiter());
    m.put("header", run.header());
    m.put("header_line", outcome.input() == null ? null : outcome.input().description().headerLine());
    m.put("rows_read", run.rowsRead());
    m.put("rows_malformed", run.rowsMalformed());
    m.put("malformed_locations", run.malformedLocations());
    m.put("rows_padded", padded(outcome));
    m.put("columns", run.columns());
    m.put("epsilon", run.epsilon());
    m.put("epsilon_spent", outcome.epsilonCharged());
    m.put("rho_spent", outcome.rhoCharged());
    m.put("reused", outcome.reused());
    m.put("noise_std", run.noiseStd());
    m.put("expected_share_error", run.expectedShareError());
    m.put("low_utility", run.lowUtility());
    m.put("warnings", run.warnings());
    return m;
  }

  /** Short rows the scan padded with nulls: exact, stdout only; null when nothing was scanned (a re-used release). */
  private static Long padded(ProfileJob.Outcome outcome) {
    return outcome.input() == null ? null : outcome.input().malformed().padded();
  }

  static String toJson(Map<String, Object> summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the run summary as JSON", e);
    }
  }
}
