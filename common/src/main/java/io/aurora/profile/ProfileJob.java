package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.InputDescription;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.NoiseSource;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The profile job: re-use a completed release of the same input, or debit the ledger (one
 * transaction, before anything is written), scan once, release the fingerprints and commit them and
 * the run's summary row, both keyed by run id (idempotent).
 */
public final class ProfileJob {
  private static final Logger LOG = LogManager.getLogger(ProfileJob.class);

  private final SparkSession spark;
  private final TableStore store;
  private final PrivacyLedger ledger;
  private final NoiseSource noise;
  private final Clock clock;
  private final int sampleSize;

  public ProfileJob(SparkSession spark, TableStore store, PrivacyLedger ledger, NoiseSource noise, Clock clock) {
    this(spark, store, ledger, noise, clock, Profiler.DEFAULT_SAMPLE_SIZE);
  }

  public ProfileJob(SparkSession spark, TableStore store, PrivacyLedger ledger, NoiseSource noise, Clock clock, int sampleSize) {
    this.spark = requireNonNull(spark, "spark is null");
    this.store = requireNonNull(store, "store is null");
    this.ledger = requireNonNull(ledger, "ledger is null");
    this.noise = requireNonNull(noise, "noise is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.sampleSize = sampleSize;
  }

  /** What to profile under which budget. {@code runId} null: a new UUID. */
  public record Request(String tenant, String dataset, String partition, double epsilon, double delta, double datasetBudget, String runId) {
    public Request {
      Identifiers.require("tenant", requireNonNull(tenant, "tenant is null"));
      Identifiers.require("dataset", requireNonNull(dataset, "dataset is null"));
      if (partition != null) {
        Identifiers.require("partition", partition);
      }
      if (runId != null) {
        Identifiers.require("run id", runId);
      }
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw io.aurora.AuroraException.badInput("invalid --epsilon " + epsilon + ": must be a positive number");
      }
    }
  }

  /**
   * The run and whether it was an earlier release re-used at no cost; {@code input} is the read that
   * was scanned (its exact ingest figures are for the operator's report only), null when none was.
   */
  public record Outcome(ProfileRun run, boolean reused, double epsilonCharged, List<Fingerprint> fingerprints,
      ReadResult input) {
    public Outcome(ProfileRun run, boolean reused, double epsilonCharged, List<Fingerprint> fingerprints) {
      this(run, reused, epsilonCharged, fingerprints, null);
    }
  }

  public Outcome run(Request request, ReadResult input) {
    requireNonNull(request, "request is null");
    requireNonNull(input, "input is null");
    Timestamp started = Timestamp.from(clock.instant());
    List<ProfileColumn> columns = Profiler.columnsOf(input.rows().schema());
    ReleaseBudget budget = ReleaseBudget.of(request.epsilon(), request.delta());
    double delta = budget.delta();
    Optional<String> signature = InputSignature.of(input.description(), spark.sparkContext().hadoopConfiguration(),
        request.partition(), request.epsilon(), delta, sampleSize);
    LedgerKey key = new LedgerKey(request.tenant(), request.dataset(), request.partition());
    // Every release is debited with its input's signature before anything is written, so a ledger
    // that has none with this one (or none from before it kept signatures) rules out an earlier
    // completed run: the runs table, a Delta read of 3-4 s from the command line, is read only when
    // there may be one to re-use.
    if (signature.isPresent() && ledger.mayHaveReleased(key, signature.get())) {
      Optional<ProfileRun> earlier = completedRun(request, signature.get());
      if (earlier.isPresent()) {
        LOG.info("profile: tenant {} dataset {}: input unchanged since run {}, re-using its fingerprints (no new noise, no budget spent)",
            request.tenant(), request.dataset(), earlier.get().runId());
        return new Outcome(earlier.get(), true, 0, List.of());
      }
    }
    String runId = request.runId() != null ? request.runId() : UUID.randomUUID().toString();
    // Fail closed: the budget is spent before any statistic is computed or written.
    Debit debit = ledger.debit(key, runId, request.epsilon(), delta, request.datasetBudget(), budget.describe(),
        signature.orElse(null));
    LOG.info("profile run {}: tenant {} dataset {} partition {}: debited eps {} (spent {}, remaining {}), {} columns",
        runId, request.tenant(), request.dataset(), request.partition(), debit.epsilonCharged(), debit.epsilonSpent(),
        debit.epsilonRemaining(), columns.size());

    RawProfile raw = new Profiler(sampleSize).scan(input.rows());
    if (input.malformed().needsWholeFiles()) {
      // A quoted line break crossed the end of a byte range of a file read in parallel: the next
      // range began inside a field, so this scan's statistics are not the file's. Nothing has been
      // released; read every file whole, by one task, and fold again (logged; rare by design).
      LOG.warn("profile run {}: a quoted line break crosses a split of the input; reading every file whole and profiling again",
          runId);
      input = input.wholeFiles();
      raw = new Profiler(sampleSize).scan(input.rows());
    }
    Timestamp created = Timestamp.from(clock.instant());
    ReleasedProfile released = new FingerprintRelease(noise, sampleSize).release(raw, budget,
        new FingerprintRelease.RunIdentity(request.tenant(), request.dataset(), runId, request.partition(), created));
    InputDescription d = input.description();
    long malformed = input.malformed().count();
    List<String> locations = input.malformed().firstLocations();
    List<String> warnings = new ArrayList<>(d.warnings()); // the reader's: settings and names, no values or counts
    warnings.addAll(released.warnings());
    ProfileRun run = new ProfileRun(runId, request.tenant(), request.dataset(), request.partition(), d.format(),
        d.encoding(), d.delimiter(), d.header(), raw.rowsRead(), malformed, locations, columns.size(),
        request.epsilon(), delta, released.mechanisms(), released.countStd(), released.expectedShareError(),
        released.lowUtility(), warnings, ProfileRun.COMPLETED, started, Timestamp.from(clock.instant()),
        signature.orElse(null));

    List<Row> fingerprintRows = released.fingerprints().stream().map(Fingerprint::toRow).toList();
    commit(Table.FINGERPRINTS, Fingerprint.SCHEMA, request, runId, spark.createDataFrame(fingerprintRows, Fingerprint.SCHEMA));
    // The runs row is written last: it marks the release as complete (and re-usable).
    commit(Table.RUNS, ProfileRun.SCHEMA, request, runId, spark.createDataFrame(List.of(run.toRow()), ProfileRun.SCHEMA));
    // logs leave the trust boundary (SPEC §4): the released row count only, the exact counts are on stdout
    LOG.info("profile run {}: {} fingerprints committed, released rows ≈{}, expected share error {}, low utility {}",
        runId, released.fingerprints().size(), Math.round(released.rowsEstimate()), released.expectedShareError(),
        released.lowUtility());
    for (String w : warnings) {
      LOG.warn("profile run {}: {}", runId, w);
    }
    return new Outcome(run, false, debit.epsilonCharged(), released.fingerprints(), input);
  }

  /**
   * A run id generated here has no rows anywhere yet: its rows are appended. A run id given by the
   * caller may be a retry of a run that committed some of its rows, which are replaced.
   */
  private void commit(Table table, StructType schema, Request request, String runId, Dataset<Row> rows) {
    if (request.runId() == null) {
      store.commitNewRun(table, schema, request.tenant(), runId, rows);
    } else {
      store.commitRun(table, schema, request.tenant(), runId, rows);
    }
  }

  private Optional<ProfileRun> completedRun(Request request, String signature) {
    if (!store.exists(Table.RUNS)) {
      return Optional.empty();
    }
    Dataset<Row> runs = store.read(Table.RUNS, ProfileRun.SCHEMA, request.tenant())
        .where(functions.col("dataset").equalTo(request.dataset())
            .and(functions.col("status").equalTo(ProfileRun.COMPLETED))
            .and(functions.col("input_signature").equalTo(signature))
            .and(functions.col("partition").eqNullSafe(request.partition())))
        .orderBy(functions.col("finished_at").desc())
        .limit(1);
    List<Row> found = runs.collectAsList();
    return found.isEmpty() ? Optional.empty() : Optional.of(ProfileRun.fromRow(found.get(0)));
  }
}
