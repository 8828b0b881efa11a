package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.AuroraException;
import io.aurora.ingest.InputDescription;
import io.aurora.ingest.JsonKeySource;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.Debit;
import io.aurora.privacy.LedgerKey;
import io.aurora.privacy.NoiseSource;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyParameters;
import io.aurora.privacy.Release;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The profile job and its protocol with the ledger and the warehouse, so that a run is all or
 * nothing for readers and a retry never draws fresh noise for free:
 *
 * <ol>
 *   <li><b>Re-use.</b> A retried run id whose fingerprints were committed, or an input unchanged since
 *       a run that committed its fingerprints, is returned as it was published (a run left
 *       {@value ProfileRun#COMMITTING} with its fingerprints is completed first): no scan, no noise,
 *       no charge.
 *   <li><b>Debit.</b> Otherwise the release is recorded in the ledger — durably, in one transaction —
 *       before anything is read from the data. A retried run id whose earlier attempt published its
 *       summary but not its fingerprints is charged as a new release.
 *   <li><b>Scan.</b> If the scan fails (bad input found while reading, or anything else) before any
 *       noise is drawn, the debit is voided in the ledger (recorded): nothing was released.
 *   <li><b>Release and commit.</b> Noise is drawn, then the run's row is committed as
 *       {@value ProfileRun#COMMITTING}, then its fingerprints (one atomic commit), then the row as
 *       {@value ProfileRun#COMPLETED}, all keyed by run id; readers use completed runs only.
 * </ol>
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

  /**
   * What to profile under which key and parameters. {@code runId} null: a new UUID; given: possibly a
   * retry of an earlier attempt. {@code forceNewDataset}: profile an input already profiled under
   * another dataset or partition key (recorded in the ledger).
   */
  public record Request(String tenant, String dataset, String partition, double epsilon, double delta, String runId, boolean forceNewDataset,
      ColumnSelection columns) {
    public Request {
      requireNonNull(columns, "columns is null");
      Identifiers.require("tenant", requireNonNull(tenant, "tenant is null"));
      Identifiers.require("dataset", requireNonNull(dataset, "dataset is null"));
      if (partition != null) {
        Identifiers.require("partition", partition);
      }
      if (runId != null) {
        Identifiers.require("run id", runId);
      }
      PrivacyParameters.runEpsilon(epsilon, "--epsilon");
      PrivacyParameters.runDelta(delta, "aurora.privacy.delta");
    }

    /** A request for every column. */
    public Request(String tenant, String dataset, String partition, double epsilon, double delta, String runId, boolean forceNewDataset) {
      this(tenant, dataset, partition, epsilon, delta, runId, forceNewDataset, ColumnSelection.ALL);
    }

    /** A request for a new run id, without forcing, for every column. */
    public Request(String tenant, String dataset, String partition, double epsilon, double delta) {
      this(tenant, dataset, partition, epsilon, delta, null, false);
    }

    LedgerKey key() {
      return new LedgerKey(tenant, dataset, partition);
    }
  }

  /**
   * The run with its exact counts (for the operator's stdout report only), the run as the runs table
   * keeps it (released counts: what any other sink may carry), whether it was an earlier release
   * re-used at no cost (then both are the stored run), what this run charged and the fingerprints it
   * released (empty when re-used).
   */
  public record Outcome(ProfileRun run, ProfileRun stored, boolean reused, double epsilonCharged, double rhoCharged,
      List<Fingerprint> fingerprints, ReadResult input) {
    public Outcome {
      requireNonNull(run, "run is null");
      requireNonNull(stored, "stored is null");
    }

    /** A re-used release: the stored run is all there is. */
    public static Outcome reused(ProfileRun stored) {
      return new Outcome(stored, stored, true, 0, 0, List.of(), null);
    }
  }

  public Outcome run(Request request, ReadResult input) {
    requireNonNull(request, "request is null");
    requireNonNull(input, "input is null");
    Timestamp started = Timestamp.from(clock.instant());
    // a JSON-lines input without a declared schema has no columns yet: its keys are released first
    JsonKeySource pendingKeys = input.pendingKeys();
    ReleaseBudget budget = pendingKeys == null ? ReleaseBudget.of(request.epsilon(), request.delta())
        : ReleaseBudget.withKeySelection(request.epsilon(), request.delta(), pendingKeys.maxKeysPerRow(),
            String.join(", ", input.description().files()));
    PartitionSelection selection = PartitionSelection.of(request.partition(), input.description(),
        pendingKeys == null ? input.rows().schema() : PartitionSelection.declaredColumn(request.partition()));
    // the columns to profile, resolved (exit 2) before anything is debited; null: all
    int[] picked = picked(request.columns(), input);
    boolean gaussian = budget.mechanism() == NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN;
    double delta = gaussian ? request.delta() : 0;
    // the run's zCDP cost: the calibration's ρ, or ε²/2 for pure ε-DP
    double rho = gaussian ? budget.rho() : Release.rhoOf(request.epsilon(), 0);
    var hadoop = spark.sparkContext().hadoopConfiguration();
    Optional<String> signature = InputSignature.of(input.description(), hadoop, request.partition(), picked, request.epsilon(), delta, sampleSize);
    LedgerKey key = request.key();

    // 1. re-use what was published before: a retried run id, or the same input under the same key
    if (request.runId() != null) {
      Optional<ProfileRun> earlier = publishedRun(request.tenant(), request.runId());
      if (earlier.isPresent()) {
        LOG.info("profile run {}: already published, re-publishing it as released (no new noise, no budget spent)", request.runId());
        return Outcome.reused(earlier.get());
      }
    }
    // Every release is debited with its input's signature before anything is written, so a ledger
    // that has none with this one (or none from before it kept signatures) rules out an earlier
    // run: the runs table, a Delta read of 3-4 s from the command line, is read only when there may be one.
    if (signature.isPresent() && ledger.mayHaveReleased(key, signature.get())) {
      Optional<ProfileRun> earlier = publishedRun(request, signature.get());
      if (earlier.isPresent()) {
        LOG.info("profile: tenant {} dataset {}: input unchanged since run {}, re-using its fingerprints (no new noise, no budget spent)",
            request.tenant(), request.dataset(), earlier.get().runId());
        return Outcome.reused(earlier.get());
      }
    }

    // 2. debit: durable before the scan starts
    String runId = request.runId() != null ? request.runId() : UUID.randomUUID().toString();
    Optional<String> identity = InputIdentity.of(input.description(), hadoop, selection.rowFilter());
    Release release = new Release(key, runId, runId, request.epsilon(), delta, rho, budget.selectionDelta(), budget.describe(),
        signature.orElse(null), identity.orElse(null), request.forceNewDataset());
    Debit debit = ledger.debit(release);
    if (debit.reused() && request.runId() != null) {
      // an earlier attempt of this run id was charged but never published its fingerprints: whatever it
      // drew is lost, so this attempt's release is a new one, charged on its own
      release = new Release(key, UUID.randomUUID().toString(), runId, request.epsilon(), delta, rho, budget.selectionDelta(),
          budget.describe(), signature.orElse(null), identity.orElse(null), request.forceNewDataset());
      debit = ledger.debit(release);
      LOG.info("profile run {}: an earlier attempt was charged but did not publish its fingerprints; this attempt is charged as release {}",
          runId, release.releaseId());
    }
    LOG.info("profile run {}: tenant {} dataset {} partition {}: debited eps {} rho {} (lifetime spent eps {} rho {}, remaining rho {}), "
            + "{} columns{}", runId, request.tenant(), request.dataset(), request.partition(), debit.epsilonCharged(), debit.rhoCharged(),
        debit.epsilonSpent(), debit.after().rhoSpent(), debit.after().rhoRemaining(),
        pendingKeys == null ? (picked == null ? input.rows().schema().size() : picked.length) : "(keys to select)",
        debit.forcedNewKey() ? " (input profiled under another key before: forced, recorded)" : "");

    // 3. keys of a JSON-lines input, by differentially private key selection
    if (pendingKeys != null) {
      input = selectKeys(pendingKeys, budget, selection, key, release.releaseId(), input.description().files());
    }
    int profiled = picked == null ? input.rows().schema().size() : picked.length;

    // 4. scan; a failure before any noise is drawn gives the debit back
    RawProfile raw;
    try {
      raw = scan(input, selection, picked);
      if (input.malformed().needsWholeFiles()) {
        // A quoted line break crossed the end of a byte range of a file read in parallel: the next
        // range began inside a field, so this scan's statistics are not the file's. Nothing has been
        // released; read every file whole, by one task, and fold again (logged; rare by design).
        LOG.warn("profile run {}: a quoted line break crosses a split of the input; reading every file whole and profiling again", runId);
        input = input.wholeFiles();
        raw = scan(input, selection, picked);
      }
    } catch (Throwable e) {
      // Throwable: a failed Spark job throws SparkException, which Scala does not declare
      if (pendingKeys == null) {
        voidDebit(key, release.releaseId(), e);
      } // else the key selection drew noise: its debit stands
      throw e;
    }

    // 5. release (noise is drawn: from here on the debit stands, whatever happens) and commit
    Timestamp created = Timestamp.from(clock.instant());
    long malformed = input.malformed().count();
    ReleasedProfile released = new FingerprintRelease(noise, sampleSize).release(raw, malformed, budget,
        new FingerprintRelease.RunIdentity(request.tenant(), request.dataset(), runId, request.partition(), created));
    InputDescription d = input.description();
    List<String> locations = input.malformed().firstLocations();
    List<String> warnings = new ArrayList<>(d.warnings()); // the reader's: settings and names, no values or counts
    warnings.addAll(released.warnings());
    ProfileRun run = new ProfileRun(runId, request.tenant(), request.dataset(), request.partition(), d.format(),
        d.encoding(), d.delimiter(), d.header(), raw.rowsRead(), malformed, locations, profiled,
        request.epsilon(), delta, released.mechanisms(), released.countStd(), released.expectedShareError(),
        released.lowUtility(), warnings, ProfileRun.COMMITTING, started, Timestamp.from(clock.instant()),
        signature.orElse(null));

    List<Row> fingerprintRows = released.fingerprints().stream().map(Fingerprint::toRow).toList();
    // the table is outside the trust boundary (SPEC §4): it gets the released row and malformed counts and
    // no malformed-row locations; the exact ones stay in the outcome, for the operator's stdout report
    ProfileRun stored = run.released(Math.round(released.rowsEstimate()), released.malformedEstimate());
    // the run's row first (committing): a fingerprint row never exists without its run's row
    commit(Table.RUNS, ProfileRun.SCHEMA, request, runId, runRows(stored));
    commit(Table.FINGERPRINTS, Fingerprint.SCHEMA, request, runId, spark.createDataFrame(fingerprintRows, Fingerprint.SCHEMA));
    // then completed: readers see the run, with all its fingerprints, from this commit on
    store.commitRun(Table.RUNS, ProfileRun.SCHEMA, request.tenant(), runId, runRows(stored.withStatus(ProfileRun.COMPLETED)));
    run = run.withStatus(ProfileRun.COMPLETED);
    stored = stored.withStatus(ProfileRun.COMPLETED);
    markCommitted(key, release.releaseId());
    // logs leave the trust boundary (SPEC §4): the released row count only, the exact counts are on stdout
    LOG.info("profile run {}: {} fingerprints committed, released rows ≈{}, expected share error {}, low utility {}",
        runId, released.fingerprints().size(), Math.round(released.rowsEstimate()), released.expectedShareError(),
        released.lowUtility());
    for (String w : warnings) {
      LOG.warn("profile run {}: {}", runId, w);
    }
    return new Outcome(run, stored, false, debit.epsilonCharged(), debit.rhoCharged(), released.fingerprints(), input);
  }

  /**
   * The raw profile of the selected rows and columns ({@code picked}, null: all): delimited files
   * without a row filter are folded from their bytes.
   */
  private RawProfile scan(ReadResult input, PartitionSelection selection, int[] picked) {
    Profiler profiler = new Profiler(sampleSize);
    if (input.csv() != null && selection.column() == null) {
      // how many splits fell back is not logged: whether a split holds a malformed row is the data's
      return profiler.scan(input.csv(), picked);
    }
    // the row filter reads the partition column, whether or not it is profiled
    return profiler.scan(selection.apply(input.rows()), picked);
  }

  /**
   * The positions of the columns {@code columns} selects in {@code input}, or null for all of them;
   * exit 2 for a name the input lacks, and for a selection over a JSON-lines input whose keys are not
   * declared (they are released by the run itself, after its debit).
   */
  private static int[] picked(ColumnSelection columns, ReadResult input) {
    if (columns.all()) {
      return null;
    }
    String files = String.join(", ", input.description().files());
    if (input.pendingKeys() != null) {
      throw AuroraException.badInput(files + ": --columns and --exclude-columns need the columns before the run; "
          + "declare the keys of this JSON-lines input with --schema");
    }
    int[] picked = columns.resolve(input.rows().schema(), files);
    return picked.length == input.rows().schema().size() ? null : picked;
  }

  /**
   * Releases the keys of a JSON-lines input and returns the input read with them (and the declared
   * partition column, public by declaration) as its columns. The exact counts are scanned before any
   * noise is drawn, so a failed scan gives the debit back; from the first draw on, it stands.
   */
  private ReadResult selectKeys(JsonKeySource source, ReleaseBudget budget, PartitionSelection selection, LedgerKey key,
      String releaseId, List<String> files) {
    Iterator<Map.Entry<String, Long>> counts;
    try {
      counts = source.rowCounts();
      counts.hasNext(); // runs the counting scan: every failure of reading the input comes here
    } catch (Throwable e) {
      voidDebit(key, releaseId, e);
      throw e;
    }
    KeySelection keySelection = KeySelection.of(budget);
    List<String> keys = new ArrayList<>(keySelection.select(counts, noise));
    if (keys.isEmpty()) {
      throw AuroraException.badInput(String.format(Locale.ROOT, "input %s: no JSON key is in enough rows to pass the differentially "
              + "private key selection at epsilon %s (a key needs about %d rows; this run's budget is charged, since the selection "
              + "drew noise); declare the columns with --schema, or profile more rows", String.join(", ", files),
          budget.epsilon(), Math.round(keySelection.threshold())));
    }
    if (selection.column() != null && !keys.contains(selection.column())) {
      keys.add(selection.column());
    }
    LOG.info("profile: {} JSON keys released by differentially private key selection (noise variance {}, threshold {})",
        keys.size(), keySelection.sigmaSquared(), keySelection.threshold());
    return source.read(keys);
  }

  private Dataset<Row> runRows(ProfileRun run) {
    return spark.createDataFrame(List.of(run.toRow()), ProfileRun.SCHEMA);
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

  private void voidDebit(LedgerKey key, String releaseId, Throwable cause) {
    try {
      ledger.voidRelease(key, releaseId);
      LOG.info("profile: the scan failed before any noise was drawn ({}): release {} voided, nothing charged",
          cause.getClass().getSimpleName(), releaseId);
    } catch (RuntimeException e) {
      // the debit stays: charged for nothing, never the other way round
      cause.addSuppressed(e);
      LOG.warn("profile: the scan failed and the ledger could not void release {} ({}): it stays charged", releaseId,
          e.getClass().getSimpleName());
    }
  }

  private void markCommitted(LedgerKey key, String releaseId) {
    try {
      ledger.markCommitted(key, releaseId);
    } catch (RuntimeException e) {
      // the release is published and charged; only its state in the ledger stays "debited"
      LOG.warn("profile: release {} is published but the ledger could not mark it committed ({})", releaseId, e.getClass().getSimpleName());
    }
  }

  /** Run {@code runId}'s row if it was published: completed, or committing with its fingerprints (then completed now). */
  private Optional<ProfileRun> publishedRun(String tenant, String runId) {
    if (!store.exists(Table.RUNS)) {
      return Optional.empty();
    }
    List<Row> found = store.read(Table.RUNS, ProfileRun.SCHEMA, tenant).where(functions.col("run_id").equalTo(runId)).collectAsList();
    return found.isEmpty() ? Optional.empty() : published(ProfileRun.fromRow(found.get(0)));
  }

  /** The newest published run of the same input under the same key (a committing one with its fingerprints is completed now). */
  private Optional<ProfileRun> publishedRun(Request request, String signature) {
    if (!store.exists(Table.RUNS)) {
      return Optional.empty();
    }
    List<Row> runs = store.read(Table.RUNS, ProfileRun.SCHEMA, request.tenant())
        .where(functions.col("dataset").equalTo(request.dataset())
            .and(functions.col("input_signature").equalTo(signature))
            .and(functions.col("partition").eqNullSafe(request.partition())))
        .orderBy(functions.col("status").equalTo(ProfileRun.COMPLETED).desc(), functions.col("finished_at").desc())
        .limit(3)
        .collectAsList();
    for (Row r : runs) {
      Optional<ProfileRun> run = published(ProfileRun.fromRow(r));
      if (run.isPresent()) {
        return run;
      }
    }
    return Optional.empty();
  }

  /**
   * {@code run} as readers see it: completed as it is; committing with its fingerprints committed
   * (its job died between the two): completed now, re-publishing exactly what was released; committing
   * without them: not published (empty).
   */
  private Optional<ProfileRun> published(ProfileRun run) {
    if (run.status().equals(ProfileRun.COMPLETED)) {
      return Optional.of(run);
    }
    if (!run.status().equals(ProfileRun.COMMITTING) || !store.exists(Table.FINGERPRINTS)) {
      return Optional.empty();
    }
    boolean fingerprints = !store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, run.tenant())
        .where(functions.col("run_id").equalTo(run.runId())).limit(1).isEmpty();
    if (!fingerprints) {
      return Optional.empty();
    }
    ProfileRun completed = run.withStatus(ProfileRun.COMPLETED);
    store.commitRun(Table.RUNS, ProfileRun.SCHEMA, run.tenant(), run.runId(), runRows(completed));
    LOG.info("profile run {}: its fingerprints were committed but its run was not marked completed: completed now", run.runId());
    return Optional.of(completed);
  }
}
