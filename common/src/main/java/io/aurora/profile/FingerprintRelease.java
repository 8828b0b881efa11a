package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.privacy.NoiseSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link RawProfile} into fingerprints: first the mechanisms (every histogram bin of every
 * released statistic gets independent noise from the injected {@link NoiseSource}, calibrated by
 * {@link NoiseCalibration}), then post-processing of the noisy histograms only (shares, quantiles,
 * moments, cardinality, type inference). The raw state is not read after the noise is added.
 */
public final class FingerprintRelease {
  /**
   * A run is low utility when the noise std of one kinds count (the run's {@code noise_std}) exceeds
   * this fraction of the rows. Set from ProfileUtilityBench (ε = 1, shipped weights): at 0.26 % the
   * recommendations matched the exact statistics' in 85-86 % of columns (30k rows), at 0.08 % in
   * 95-99.5 % (100k rows); the rule flags the runs below about 90 %. Was 1 %, which let runs with
   * 65-75 % agreement pass without a warning.
   */
  public static final double LOW_UTILITY_ROW_FRACTION = 0.0015;
  /** ... and a column is when that noise exceeds this fraction of its non-missing values (5 × the row rule). */
  public static final double LOW_UTILITY_VALUE_FRACTION = 0.0075;
  /** String columns whose non-missing values are at least this share numeric get numeric shape. */
  static final double NUMERIC_SHAPE_SHARE = 0.5;
  /** Share of non-missing strings parsing as one type above which the column gets that type class. */
  static final double TYPE_CLASS_SHARE = 0.8;

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

  /** Releases every column of {@code raw} under {@code calibration}. */
  public ReleasedProfile release(RawProfile raw, NoiseCalibration calibration, RunIdentity id) {
    requireNonNull(raw, "raw is null");
    requireNonNull(calibration, "calibration is null");
    requireNonNull(id, "id is null");
    List<ProfileColumn> columns = raw.columns();
    List<NoisyColumn> noisy = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      noisy.add(noisy(raw.column(i), calibration));
    }
    // ---- post-processing only from here on ----
    double rows = rowsEstimate(columns, noisy, calibration);
    double rowsStd = rowsEstimateStd(columns, calibration);
    double std = calibration.countStd();
    List<Fingerprint> fingerprints = new ArrayList<>(columns.size());
    List<String> lowColumns = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Fingerprint f = fingerprint(columns.get(i), noisy.get(i), rows, rowsStd, calibration, id);
      fingerprints.add(f);
      if (f.lowUtility()) {
        lowColumns.add(f.columnName());
      }
    }
    double shareError = rows > 0 ? std / rows : Double.POSITIVE_INFINITY;
    boolean low = shareError > LOW_UTILITY_ROW_FRACTION;
    List<String> warnings = new ArrayList<>();
    if (low) {
      warnings.add(String.format(Locale.ROOT,
          "low utility: the noise on each released count (std %.0f rows) is %.2f%% of the about %.0f rows, too much "
              + "for reliable recommendations (above %.2f%%, fewer than about 90%% of them match the noiseless statistics'); "
              + "they are marked for review. Profile more rows or raise --epsilon (now %s).",
          std, 100 * Math.min(shareError, 99.9), rows, 100 * LOW_UTILITY_ROW_FRACTION, fmt(calibration.epsilon())));
    } else if (!lowColumns.isEmpty()) {
      warnings.add(String.format(Locale.ROOT,
          "low utility for %d of %d columns (too few non-missing values for the noise, std %.0f rows): %s",
          lowColumns.size(), columns.size(), std, String.join(", ", lowColumns.subList(0, Math.min(20, lowColumns.size())))
              + (lowColumns.size() > 20 ? ", ..." : "")));
    }
    return new ReleasedProfile(fingerprints, calibration, rows, shareError, low, warnings);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  // ------------------------------------------------------------------ mechanisms

  /** Adds noise to every released bin of one column's statistics. */
  NoisyColumn noisy(ColumnState state, NoiseCalibration calibration) {
    ColumnFamily family = state.plan.family();
    long[] kinds = new long[ValueKind.COUNT];
    for (ValueKind kind : family.kinds()) {
      kinds[kind.ordinal()] = state.kinds[kind.ordinal()] + sample(calibration, Statistic.KINDS, 1);
    }
    return new NoisyColumn(
        kinds,
        noisyCopy(state.magnitudes, calibration, Statistic.MAGNITUDES, 1),
        noisyCopy(state.bucketCounts(), calibration, Statistic.BUCKETS, 1),
        state.sample == null ? null : noisyCopy(state.frequencies(), calibration, Statistic.FREQUENCIES, 1),
        noisyCopy(state.lengths, calibration, Statistic.LENGTHS, 1),
        noisyCopy(state.tokens, calibration, Statistic.TOKENS, 1),
        noisyCopy(state.characters, calibration, Statistic.CHARACTERS, ColumnState.CHARACTER_SCALE));
  }

  private long[] noisyCopy(long[] counts, NoiseCalibration calibration, Statistic statistic, int unit) {
    if (counts == null) {
      return null;
    }
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i] + sample(calibration, statistic, unit);
    }
    return out;
  }

  /**
   * One noise draw for a count of {@code statistic} whose one-row sensitivity is {@code unit}
   * integer steps, at that statistic's share of the budget.
   */
  private long sample(NoiseCalibration calibration, Statistic statistic, int unit) {
    double parameter = calibration.parameter(statistic);
    return calibration.mechanism() == NoiseCalibration.Mechanism.DISCRETE_LAPLACE
        ? noise.discreteLaplace(parameter * unit)
        : noise.discreteGaussian(parameter * (double) unit * unit);
  }

  // ------------------------------------------------------------------ post-processing

  /** Inverse-variance weighted mean of every column's noisy row total (all columns have the same rows). */
  private static double rowsEstimate(List<ProfileColumn> columns, List<NoisyColumn> noisy, NoiseCalibration calibration) {
    double weighted = 0;
    double weights = 0;
    for (int i = 0; i < columns.size(); i++) {
      int bins = columns.get(i).family().kinds().size();
      long total = 0;
      for (ValueKind kind : columns.get(i).family().kinds()) {
        total += noisy.get(i).kinds()[kind.ordinal()];
      }
      double w = 1.0 / bins;
      weighted += w * total;
      weights += w;
    }
    return weights == 0 ? 0 : Math.max(0, weighted / weights);
  }

  /** Standard deviation of {@link #rowsEstimate}: σ / √(Σ 1/bins) for the weights 1/bins. */
  private static double rowsEstimateStd(List<ProfileColumn> columns, NoiseCalibration calibration) {
    double weights = 0;
    for (ProfileColumn c : columns) {
      weights += 1.0 / c.family().kinds().size();
    }
    return weights == 0 ? Double.POSITIVE_INFINITY : calibration.countStd(Statistic.KINDS) / Math.sqrt(weights);
  }

  private double[] clean(long[] noisy, NoiseCalibration calibration, Statistic statistic) {
    if (noisy == null) {
      return null;
    }
    double threshold = calibration.emptyBinThreshold(statistic, noisy.length);
    double[] out = new double[noisy.length];
    for (int i = 0; i < noisy.length; i++) {
      out[i] = noisy[i] < threshold ? 0 : noisy[i];
    }
    return out;
  }

  /**
   * Cleans the fine magnitude histogram by octave: an octave (same sign and power of two) whose summed
   * noisy count is below the noise threshold is empty; a surviving octave keeps its summed count,
   * split over its bins in proportion to their non-negative noisy counts. Special bins are cleaned
   * one by one. Fine resolution where data is dense, no mass invented where it is not.
   */
  private double[] cleanMagnitudes(long[] noisy, NoiseCalibration calibration) {
    double[] out = new double[noisy.length];
    double single = calibration.emptyBinThreshold(Statistic.MAGNITUDES, noisy.length);
    for (int bin = 0; bin < MagnitudeBins.FIRST_NEG; bin++) {
      out[bin] = noisy[bin] < single ? 0 : noisy[bin];
    }
    int per = MagnitudeBins.PER_OCTAVE;
    int groups = (noisy.length - MagnitudeBins.FIRST_NEG) / per;
    double groupThreshold = calibration.emptySumThreshold(Statistic.MAGNITUDES, groups, per);
    for (int g = 0; g < groups; g++) {
      int start = MagnitudeBins.FIRST_NEG + g * per;
      double sum = 0;
      double positive = 0;
      for (int i = start; i < start + per; i++) {
        sum += noisy[i];
        positive += Math.max(0, noisy[i]);
      }
      // Inside a surviving octave, sub-bins below 3 noise std (≈1 % false alarms per octave) get no
      // share: a narrow column (FIPS 20001..20209 fills one sub-bin) would otherwise receive noise mass
      // spread over the whole octave, and a few hundred rows 50 % away turn skewness 0 into 30.
      double subThreshold = 3 * calibration.countStd(Statistic.MAGNITUDES);
      if (sum < groupThreshold) {
        // A thin tail is usually one repeated extreme value, all in one sub-bin: summed over the
        // octave it carries the noise of eight bins (threshold ≈ 12.4 std), alone that of one bin.
        // An octave with a bin above the histogram's own 1 %-false-alarm threshold (≈ 4.9 std) is
        // kept, with only its bins above the sub-bin threshold: milk and imdb columns read symmetric
        // because their extreme values (1 row of the file, 260-1,000 rows bootstrapped) were dropped.
        boolean peak = false;
        for (int i = start; i < start + per; i++) {
          peak |= noisy[i] >= single;
        }
        if (peak) {
          for (int i = start; i < start + per; i++) {
            out[i] = noisy[i] >= subThreshold ? noisy[i] : 0;
          }
        }
        continue;
      }
      double strong = 0;
      for (int i = start; i < start + per; i++) {
        strong += noisy[i] >= subThreshold ? noisy[i] : 0;
      }
      for (int i = start; i < start + per; i++) {
        if (strong > 0) {
          out[i] = noisy[i] >= subThreshold ? sum * noisy[i] / strong : 0;
        } else {
          out[i] = positive > 0 ? sum * Math.max(0, noisy[i]) / positive : sum / per;
        }
      }
    }
    return out;
  }

  private static boolean isMissing(ValueKind kind) {
    return kind == ValueKind.NULL || kind == ValueKind.MISSING_TOKEN || kind == ValueKind.BLANK;
  }

  private static double k(double[] kinds, ValueKind kind) {
    return kinds[kind.ordinal()];
  }

  private static double sum(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }

  private static double clamp01(double x) {
    return Double.isNaN(x) ? x : Math.max(0, Math.min(1, x));
  }

  private static Double share(double part, double whole) {
    return whole > 0 ? clamp01(part / whole) : null;
  }

  private Fingerprint fingerprint(ProfileColumn column, NoisyColumn noisy, double rows, double rowsStd,
      NoiseCalibration calibration, RunIdentity id) {
    ColumnFamily family = column.family();
    double kindThreshold = 2 * calibration.countStd(Statistic.KINDS);
    // Missing kinds decide imputation (any missing share ≥ 0.1 % asks for one): a column without
    // missing values must come out with exactly none, so they are cleaned at the 1 %-false-alarm
    // threshold of the kinds histogram, not at 2 std (2.3 % false alarms per bin).
    double missingThreshold = calibration.emptyBinThreshold(Statistic.KINDS, family.kinds().size());
    double[] kinds = new double[ValueKind.COUNT];
    for (ValueKind kind : family.kinds()) {
      double v = noisy.kinds()[kind.ordinal()];
      kinds[kind.ordinal()] = v < (isMissing(kind) ? missingThreshold : kindThreshold) ? 0 : v;
    }
    double missing = k(kinds, ValueKind.NULL) + k(kinds, ValueKind.MISSING_TOKEN) + k(kinds, ValueKind.BLANK);
    double cleanedPresent = Math.max(0, sum(kinds) - missing);
    // The cleaned present kinds lose every real kind below the threshold (a 2.6 % minority of 250 rows
    // under std 182) and gain every stray bin noise lifts over it (≈ 2.4 std, in about a third of the
    // string columns): both bias the shares' denominator, and a top share of 97 % read as 100 %
    // ("constant"). All columns have the same rows, so rows − missing counts the present values
    // without either bias; it is used when its noise (the row estimate's, averaged over the run's
    // columns, and the surviving missing kinds') is within the 2 std that one cleaned or stray kind
    // bin can shift the cleaned sum by. Runs of very few columns keep the cleaned sum.
    int survivingPresent = 0;
    int survivingMissing = 0;
    for (ValueKind kind : family.kinds()) {
      if (kinds[kind.ordinal()] > 0) {
        if (isMissing(kind)) {
          survivingMissing++;
        } else {
          survivingPresent++;
        }
      }
    }
    double kindStd = calibration.countStd(Statistic.KINDS);
    double fromRowsStd = Math.sqrt(rowsStd * rowsStd + survivingMissing * kindStd * kindStd);
    boolean fromRows = cleanedPresent > 0 && fromRowsStd <= 2 * kindStd;
    double present = cleanedPresent <= 0 ? 0 : fromRows ? Math.max(0, rows - missing) : cleanedPresent;
    // the noise std of `present`, for the post-processing guards below
    double presentNoise = fromRows ? fromRowsStd : kindStd * Math.sqrt(Math.max(1, survivingPresent));
    // The missing count comes from this column's own cleaned missing kinds: from 1 - present / rows
    // with present summed over the kinds, the noise of the present count alone made it exceed 0.001 in
    // a fifth of the releases of a column without missing values (100k rows, ε = 1), which turned
    // "no imputation" into "impute".
    double nullFraction = missing + present > 0 ? clamp01(missing / (missing + present)) : rows > 0 ? 1 : 0;

    // type class and agreement
    TypeClass typeClass;
    double agreement = 1.0;
    double numericShare = 0;
    double textNumeric = k(kinds, ValueKind.TEXT_INT) + k(kinds, ValueKind.TEXT_FRAC) + k(kinds, ValueKind.TEXT_NUMBER_WITH_UNIT);
    if (present <= 0) {
      typeClass = TypeClass.EMPTY;
      agreement = 0;
    } else {
      switch (family) {
        case NUMERIC -> {
          typeClass = TypeClass.NUMERIC;
          numericShare = 1.0;
        }
        case BOOLEAN -> typeClass = TypeClass.BOOLEAN;
        case TEMPORAL -> typeClass = TypeClass.DATETIME;
        case STRING -> {
          double bool = k(kinds, ValueKind.TEXT_BOOLEAN) / present;
          double num = (k(kinds, ValueKind.TEXT_INT) + k(kinds, ValueKind.TEXT_FRAC)) / present;
          double date = k(kinds, ValueKind.TEXT_DATE) / present;
          numericShare = clamp01(textNumeric / present);
          double best = Math.max(bool, Math.max(num, date));
          if (best >= TYPE_CLASS_SHARE) {
            typeClass = best == num ? TypeClass.NUMERIC : best == date ? TypeClass.DATETIME : TypeClass.BOOLEAN;
            agreement = clamp01(best);
          } else {
            typeClass = TypeClass.STRING;
            agreement = clamp01(1 - bool - num - date);
          }
        }
        default -> typeClass = TypeClass.OTHER;
      }
    }

    // cardinality and frequency shape
    double distinct = Double.NaN;
    double top1 = Double.NaN;
    double top10 = Double.NaN;
    double entropy = Double.NaN;
    double singletons = Double.NaN;
    if (family == ColumnFamily.BOOLEAN) {
      double t = k(kinds, ValueKind.BOOLEAN_TRUE);
      double f = k(kinds, ValueKind.BOOLEAN_FALSE);
      distinct = (t > 0 ? 1 : 0) + (f > 0 ? 1 : 0);
      top1 = present > 0 ? clamp01(Math.max(t, f) / present) : 0;
      top10 = present > 0 ? 1 : 0;
      entropy = distinct == 2 ? binaryEntropy(t / (t + f)) : 0;
      singletons = 0;
    } else if (noisy.buckets() != null) {
      double[] buckets = clean(noisy.buckets(), calibration, Statistic.BUCKETS);
      double[] sorted = buckets.clone();
      Arrays.sort(sorted);
      double bucketTotal = Math.max(present, sum(buckets));
      top1 = bucketTotal > 0 ? clamp01(sorted[sorted.length - 1] / bucketTotal) : 0;
      double ten = 0;
      for (int i = 1; i <= 10; i++) {
        ten += sorted[sorted.length - i];
      }
      top10 = bucketTotal > 0 ? clamp01(ten / bucketTotal) : 0;
      double[] fof = clean(noisy.frequencies(), calibration, Statistic.FREQUENCIES);
      double sampleDistinct = sum(fof);
      double sampleRows = 0;
      for (int b = 0; b < fof.length; b++) {
        sampleRows += fof[b] * FrequencyBins.representative(b);
      }
      // Few frequent values: each is visible as an occupied hash bucket (linear counting).
      int nb = buckets.length;
      int presentKinds = 0;
      for (ValueKind kind : family.kinds()) {
        presentKinds += isMissing(kind) ? 0 : 1;
      }
      double presentStd = calibration.countStd(Statistic.KINDS) * Math.sqrt(presentKinds);
      StrongBuckets strongBuckets = StrongBuckets.of(noisy.buckets(), calibration);
      double occupied = occupiedBuckets(noisy.buckets(), strongBuckets, calibration, present, presentStd, presentNoise);
      double bucketDistinct = occupied >= nb - 1 ? nb * Math.log(nb) : -nb * Math.log(1 - occupied / nb);
      // Many values: the bottom-k sample. It is full (values were left out) only when it holds about
      // k values and covers clearly fewer rows than the column has; then its distinct/rows ratio is
      // scaled to all rows. Cleaning drops sparse count bins of a small sample, so the covered rows
      // alone would call a 70-value sample "full" and multiply it by 20: the size condition (on the
      // cleaned and on the unbiased, uncleaned sample size) keeps the decision away from the noise.
      double rawSampleDistinct = 0;
      for (long c : noisy.frequencies()) {
        rawSampleDistinct += c;
      }
      double rawSampleStd = calibration.countStd(Statistic.FREQUENCIES) * Math.sqrt(noisy.frequencies().length);
      boolean holdsK = sampleDistinct >= 0.5 * sampleSize || rawSampleDistinct - 2 * rawSampleStd >= 0.5 * sampleSize;
      boolean full = holdsK && sampleRows < 0.9 * present;
      double sampleEstimate = sampleDistinct <= 0 || sampleRows <= 0 ? 0
          : full ? sampleDistinct * present / sampleRows : sampleDistinct;
      if (sampleEstimate > bucketDistinct
          && !sampleFitsTheBuckets(fof, noisy.buckets().length, strongBuckets, calibration, present, presentNoise)) {
        // The sample says more values than the hash buckets show, but the buckets have no room for
        // them: a count bin of the frequency histogram that noise lifted over its cleaning threshold
        // (4.4 std, about one release in a thousand; hundreds of "values" in a wide run) read a
        // two-valued imdb flag as 563 values (power_transform instead of one_hot_encode at 1M rows).
        // The buckets decide then.
        sampleEstimate = 0;
      }
      // A sample that is not full holds every value of the column, so its count is exact but for its
      // own noise (the std of the uncleaned count sum). Linear counting has an error of its own from
      // hash collisions, std √(m (e^t − t − 1)) at t = d / m (Whang et al. 1990): 10 dates that share
      // 9 buckets read 9.04 (of 1,024; 9.2 of 256). When the sample's noise is the smaller of the two errors (little
      // noise: a large ε or a narrow run), the sample's count decides alone; otherwise both estimates
      // are lower-biased by cleaning and the larger is kept.
      double t = sampleEstimate / nb;
      double collisionStd = Math.sqrt(nb * (Math.exp(t) - t - 1));
      double estimate = !full && sampleEstimate > 0 && rawSampleStd < collisionStd
          ? sampleEstimate
          : Math.max(bucketDistinct, sampleEstimate);
      distinct = present <= 0 ? 0 : Math.max(1, Math.min(estimate, present));
      // Consistency with the released top share (post-processing): d values cannot have a top share
      // below 1/d, and a top share clearly below 1 (beyond 3 noise std) implies at least two values.
      if (present > 0 && top1 > 0) {
        distinct = Math.min(present, Math.max(distinct, 1 / top1));
        if (top1 + 3 * calibration.countStd(Statistic.BUCKETS) / present < 1) {
          distinct = Math.min(present, Math.max(distinct, 2));
        }
      }
      singletons = sampleRows > 0 ? clamp01(fof[0] / sampleRows) : 0;
      double h = 0;
      if (distinct <= 64 || sampleDistinct <= 0) {
        for (double c : buckets) {
          if (c > 0 && bucketTotal > 0) {
            double p = c / bucketTotal;
            h -= p * Math.log(p);
          }
        }
      } else {
        double scaleUp = distinct / sampleDistinct;
        for (int b = 0; b < fof.length; b++) {
          if (fof[b] > 0) {
            double p = Math.min(1, FrequencyBins.representative(b) / present);
            h -= fof[b] * scaleUp * p * Math.log(p);
          }
        }
      }
      entropy = distinct > 1 ? clamp01(h / Math.log(distinct)) : 0;
    }
    double distinctRatio = present > 0 && !Double.isNaN(distinct) ? clamp01(distinct / present) : (Double.isNaN(distinct) ? Double.NaN : 0);

    // numeric shape
    NumericShape numeric = null;
    if (noisy.magnitudes() != null && (family == ColumnFamily.NUMERIC || numericShare >= NUMERIC_SHAPE_SHARE)) {
      numeric = NumericShape.of(cleanMagnitudes(noisy.magnitudes(), calibration));
    }
    Double integerShare = null;
    if (numeric != null) {
      double ints = family == ColumnFamily.NUMERIC ? k(kinds, ValueKind.NUMBER_INT) : k(kinds, ValueKind.TEXT_INT);
      double fracs = family == ColumnFamily.NUMERIC ? k(kinds, ValueKind.NUMBER_FRAC) : k(kinds, ValueKind.TEXT_FRAC);
      integerShare = share(ints, ints + fracs);
    }

    // string / size shape
    Double meanLength = null;
    Double stddevLength = null;
    if (noisy.lengths() != null) {
      double[] lengths = clean(noisy.lengths(), calibration, Statistic.LENGTHS);
      double[] moments = sizeMoments(lengths);
      if (moments != null) {
        meanLength = moments[0];
        stddevLength = moments[1];
      }
    }
    Double meanTokens = null;
    if (noisy.tokens() != null) {
      double[] moments = sizeMoments(clean(noisy.tokens(), calibration, Statistic.TOKENS));
      meanTokens = moments == null ? null : moments[0];
    }
    Double digitShare = null;
    Double alphaShare = null;
    Double punctShare = null;
    Double spaceShare = null;
    if (noisy.characters() != null && present > 0) {
      double scale = ColumnState.CHARACTER_SCALE * present;
      digitShare = clamp01(noisy.characters()[0] / scale);
      alphaShare = clamp01(noisy.characters()[1] / scale);
      punctShare = clamp01(noisy.characters()[2] / scale);
      spaceShare = clamp01(noisy.characters()[3] / scale);
    }
    boolean text = family == ColumnFamily.STRING && present > 0;

    Map<String, Double> scales = new LinkedHashMap<>();
    for (Statistic s : family.statistics()) {
      scales.put(s.wireName(), calibration.countStd(s));
    }
    double std = calibration.countStd();
    boolean lowUtility = std > LOW_UTILITY_ROW_FRACTION * rows || (present > 0 && std > LOW_UTILITY_VALUE_FRACTION * present);

    return new Fingerprint(
        id.tenant(), id.dataset(), id.runId(), id.partition(), column.index(), column.name(), column.sparkType(),
        typeClass, agreement,
        rows, nullFraction,
        distinct, distinctRatio, top1, top10, entropy, singletons,
        numericShare,
        numeric == null ? null : numeric.mean,
        numeric == null ? null : numeric.stddev,
        numeric == null ? null : numeric.skewness,
        numeric == null ? null : numeric.kurtosis,
        numeric == null ? null : numeric.outlierMass,
        numeric == null ? null : numeric.negativeShare,
        numeric == null ? null : numeric.zeroShare,
        integerShare,
        numeric == null ? null : numeric.nonFiniteShare,
        numeric == null ? null : numeric.magnitudeSpan,
        numeric == null ? null : numeric.quantiles,
        meanLength, stddevLength, meanTokens,
        digitShare, alphaShare, punctShare, spaceShare,
        text ? share(k(kinds, ValueKind.TEXT_INT) + k(kinds, ValueKind.TEXT_FRAC) + k(kinds, ValueKind.TEXT_LEADING_ZERO), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_DATE), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_BOOLEAN), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_URL), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_EMAIL), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_LIST), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_NUMBER_WITH_UNIT), present) : null,
        text ? share(k(kinds, ValueKind.TEXT_LEADING_ZERO), present) : null,
        calibration.epsilonShare(family), scales, lowUtility, id.createdAt());
  }

  /**
   * Number of occupied hash buckets, corrected for noise: buckets above 1.5 noise std are counted,
   * and the expected number of empty buckets that noise alone lifts above it (≈ 6.7 %, ≈ 68 ± 8 of
   * 1,024) is removed. Buckets of 20 rows stay visible under noise of std 8, where a 1 %-false-alarm
   * threshold of 4.8 std hides them all; one std admits ≈ 16 % false buckets, two std miss values
   * of one std rows (measured on the bootstrap in RealExampleFingerprintTest, with 256 buckets).
   */
  private static double occupiedBuckets(long[] noisy, StrongBuckets strongBuckets, NoiseCalibration calibration,
      double present, double presentStd, double presentNoise) {
    // Buckets above the 1 %-false-alarm threshold are surely occupied and count one each; only the
    // weak band between 1.5 std and that threshold is corrected for the empty buckets noise lifts
    // into it, so a few large levels (3 colours of 1,000 rows) are never corrected away.
    double strongThreshold = strongBuckets.threshold();
    double weakThreshold = Math.min(strongThreshold, Math.max(0.5, 1.5 * calibration.countStd(Statistic.BUCKETS)));
    int strong = strongBuckets.count();
    double strongMass = strongBuckets.mass();
    int weak = 0;
    for (long c : noisy) {
      if (c < strongThreshold && c >= weakThreshold) {
        weak++;
      }
    }
    double falseAlarm = Math.max(0, calibration.upperTail(Statistic.BUCKETS, weakThreshold)
        - calibration.upperTail(Statistic.BUCKETS, strongThreshold));
    double emptyCandidates = noisy.length - strong;
    double estimate = (weak - emptyCandidates * falseAlarm) / (1 - falseAlarm);
    // The false alarms of the weak band vary by ±√(n p (1-p)) (≈ ±8 of 1,024 buckets at 1.5 std): a column of
    // two values came out with 3-6 "distinct" values in a third of the releases at 100k rows, which
    // turned "binary" into "integer levels". Two post-processing guards, both from released numbers:
    // the estimate is lowered by one standard deviation of its own noise, and it is capped by the
    // rows the strong buckets leave unexplained (present − their mass, less one std of that
    // difference's noise), counting a weak value as at least half the weak threshold.
    double estimateStd = Math.sqrt(emptyCandidates * falseAlarm * (1 - falseAlarm)) / (1 - falseAlarm);
    double residualStd = Math.sqrt(presentStd * presentStd + strong * Math.pow(calibration.countStd(Statistic.BUCKETS), 2));
    double cap = Math.max(0, present - strongMass - residualStd) / (0.5 * weakThreshold);
    // The lowering is a guard against false alarms, so it fades out where the weak band clearly holds
    // real values (estimate ≥ 2 std: fewer than 2.3 % of columns without any get there): subtracting
    // it always biased every column with real weak values by ≈ 4 (census STATE, 31 values, read 24-27
    // against the one-hot limit of 30). Between 1 and 2 std it shrinks linearly, so the count is
    // continuous in the estimate.
    double guard = estimate >= 2 * estimateStd ? 0 : estimate <= estimateStd ? estimateStd : 2 * estimateStd - estimate;
    double weakOccupied = Math.max(0, Math.min(estimate - guard, cap));
    // Values of about one noise std of rows each mostly stay below the weak threshold, so the count
    // above misses most of them (80 census places of ≈ 120 rows at std 129 read as 8-27 values, 19 of
    // ≈ 140 rows as one "constant" value). Their rows are not lost: the rows the strong buckets leave
    // unexplained are spread over the other buckets, and m buckets holding R rows have Σ c² ≥ R² / m
    // (Cauchy-Schwarz), so m ≥ R² / Σ c². Σ c² over those buckets is estimated without bias from the
    // noisy heights (Σ h² − n σ²); with R lowered by two std of its noise and Σ c² raised by one std of
    // its estimate this is a lower confidence bound, never more than the buckets there are.
    double lower = weakLowerBound(noisy, calibration, strongThreshold,
        present - strongMass - 2 * Math.sqrt(presentNoise * presentNoise
            + strong * Math.pow(calibration.countStd(Statistic.BUCKETS), 2)));
    return Math.min(noisy.length, strong + Math.max(weakOccupied, lower));
  }

  /**
   * Whether the values the bottom-k sample claims can be in the hash buckets (post-processing of
   * released counts only). Sampled values exist in the data, full sample or not, and a count bin b
   * holds its values with at least {@link FrequencyBins#lowerBound} rows each. Values too large to
   * hide (at least the strong-bucket threshold plus 3 std) each fill a strong bucket, so there can
   * be no more of them than the strong buckets hold (linear counting, ×1.5 + 3 for collisions and
   * noise); the smaller ones lie outside the strong buckets unless they collide with one (share
   * strong / buckets), so their rows may exceed present − strong mass by at most three std of that
   * difference's noise.
   */
  private static boolean sampleFitsTheBuckets(double[] fof, int n, StrongBuckets strongBuckets,
      NoiseCalibration calibration, double present, double presentNoise) {
    double strongThreshold = strongBuckets.threshold();
    double bucketStd = calibration.countStd(Statistic.BUCKETS);
    int strong = strongBuckets.count();
    double strongMass = strongBuckets.mass();
    double large = 0;
    double smallRows = 0;
    for (int b = 0; b < fof.length; b++) {
      if (fof[b] > 0) {
        if (FrequencyBins.lowerBound(b) >= strongThreshold + 3 * bucketStd) {
          large += fof[b];
        } else {
          smallRows += fof[b] * FrequencyBins.lowerBound(b);
        }
      }
    }
    double strongValues = strong >= n ? Double.POSITIVE_INFINITY : -n * Math.log(1 - strong / (double) n);
    double outside = smallRows * (1 - strong / (double) n);
    double residualStd = Math.sqrt(presentNoise * presentNoise + strong * bucketStd * bucketStd);
    return large <= 1.5 * strongValues + 3 && outside <= present - strongMass + 3 * residualStd;
  }

  /**
   * The hash buckets whose noisy height reaches the 1 %-false-alarm threshold of the histogram (surely
   * occupied), how many there are and the rows they hold; read by the distinct count and by the
   * check of the bottom-k sample against the buckets.
   */
  private record StrongBuckets(double threshold, int count, double mass) {
    static StrongBuckets of(long[] noisy, NoiseCalibration calibration) {
      double threshold = calibration.emptyBinThreshold(Statistic.BUCKETS, noisy.length);
      int count = 0;
      double mass = 0;
      for (long c : noisy) {
        if (c >= threshold) {
          count++;
          mass += c;
        }
      }
      return new StrongBuckets(threshold, count, mass);
    }
  }

  /**
   * A lower confidence bound on the number of occupied buckets below {@code strongThreshold}, given a
   * lower bound {@code rows} on the rows they hold (post-processing of the noisy heights only).
   */
  private static double weakLowerBound(long[] noisy, NoiseCalibration calibration, double strongThreshold, double rows) {
    if (!(rows > 0)) {
      return 0;
    }
    double variance = Math.pow(calibration.countStd(Statistic.BUCKETS), 2);
    // Var(n²) = (kurtosis − 1) · σ⁴: 2 σ⁴ for Gaussian noise, 5 σ⁴ for Laplace noise
    double fourth = calibration.mechanism() == NoiseCalibration.Mechanism.DISCRETE_LAPLACE ? 5 : 2;
    double squares = 0;
    int n = 0;
    for (long h : noisy) {
      if (h < strongThreshold) {
        squares += (double) h * h;
        n++;
      }
    }
    double sumSquares = Math.max(0, squares - n * variance);
    double sumSquaresStd = Math.sqrt(4 * variance * sumSquares + fourth * n * variance * variance);
    double upper = sumSquares + sumSquaresStd;
    return upper > 0 ? Math.min(n, rows * rows / upper) : 0;
  }

  private static double binaryEntropy(double p) {
    if (p <= 0 || p >= 1) {
      return 0;
    }
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
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
