package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in expert rules (SPEC §5): an ordered decision list over a {@link Fingerprint}'s
 * released statistics that always answers, with confidences calibrated per rule by
 * {@link ExpertCalibration}. Thresholds live in {@link ExpertThresholds}, each with its source.
 *
 * <p>Fingerprints are noisy (differential privacy): shares are clamped to [0, 1] before use,
 * distinct counts are compared with margins, and a fingerprint marked low-utility (or one with very
 * few non-null values) has its confidence shrunk towards one half, which sends it to review; a
 * low-utility one all the way below the review threshold unless its decision is robust to the noise.
 */
public final class ExpertRules implements RecommendationSource {
  private static final long serialVersionUID = 1L;

  /** Names of identifier columns: {@code id}, {@code user_id}, {@code customerId}, {@code uuid}, {@code key}. */
  private static final Pattern ID_NAME = ColumnNameKind.ID_NAME;
  /** Names of codes that look numeric but are categories: zip, FIPS, postal, area/item codes, phone numbers. */
  private static final Pattern CODE_NAME = Pattern.compile(
      "(?i)(zip|postal|postcode|fips|(^|[_\\s.-])code$|code$|^code|phone|isbn|sku|naics|sic$|icd)");
  /** Names of date and time columns. */
  private static final Pattern DATE_NAME = Pattern.compile(
      "(?i)((?<!candi|vali|man|accommo)date|time|timestamp|datetime|_at$|_on$|(^|[_\\s])(day|month|dt)$|created|updated|modified)");
  /** Below this many non-null values, released shares say little; confidence is shrunk. */
  private static final double FEW_VALUES = 30;
  /**
   * Shrink towards one half for a low-utility fingerprint whose decision is not robust to its noise:
   * confidences stay within 0.5 ± 0.05, below the default uncertain threshold of 0.6.
   */
  static final double LOW_UTILITY_SHRINK = 0.1;

  private final ExpertThresholds thresholds;
  private final ExpertCalibration calibration;
  /** Re-ranks and calibrates the rule's candidates when present; null: the stratum calibration alone. */
  private final ExpertTypeScorer model;

  public ExpertRules(ExpertThresholds thresholds, ExpertCalibration calibration) {
    this(thresholds, calibration, null);
  }

  /** Rules whose candidates are scored by {@code model} (null: by the stratum calibration alone). */
  public ExpertRules(ExpertThresholds thresholds, ExpertCalibration calibration, ExpertTypeScorer model) {
    this.thresholds = requireNonNull(thresholds, "thresholds is null");
    this.calibration = requireNonNull(calibration, "calibration is null");
    this.model = model;
  }

  /**
   * The shipped rules: tuned thresholds and the calibration fitted on the feature-type corpus. The
   * gradient-boosted type trees that re-rank their candidates are not part of them: they are the
   * first registered version of every tenant's model and reach recommendations through the model
   * registry like any retrained model ({@code io.aurora.model.ShippedReranker}), so there is one
   * model path. With the trees: 0.911 held-out on the corpus; the rules alone 0.891
   * (docs/recommendations.md, "Measured quality").
   */
  public static ExpertRules shipped() {
    return new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.shipped());
  }

  public ExpertThresholds thresholds() {
    return thresholds;
  }

  public ExpertCalibration calibration() {
    return calibration;
  }

  @Override
  public Source source() {
    return Source.EXPERT;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint fingerprint) {
    RuleFiring firing = decide(fingerprint);
    double shrink = 1.0;
    String caveat = "";
    double nonNull = Math.max(0, fingerprint.rowCount()) * (1 - share(fingerprint.nullFraction()));
    if (fingerprint.lowUtility() && !robustToNoise(fingerprint, firing, nonNull)) {
      // The fingerprint says its statistics are mostly noise and this decision rests on them: the
      // calibration (fitted on exact statistics) does not apply, so stay near a coin flip, below the
      // default review threshold, keeping the rule's order of candidates as a weak hint.
      shrink = LOW_UTILITY_SHRINK;
      caveat = "; low utility: statistics noisy, decision not reliable";
    } else if (fingerprint.lowUtility() || (nonNull < FEW_VALUES && !firing.ruleId().equals("empty"))) {
      // Noise dominates the statistics of tiny or low-utility fingerprints: the calibration (fitted on
      // exact statistics) overstates how sure we are, so pull towards a coin flip.
      shrink = 0.5;
      caveat = "; few values, statistics noisy";
    }
    List<WeightedStratum> strata = strata(fingerprint);
    // The rule proposes an action and its runners-up; the calibration, fitted on labelled real
    // columns, says how often each was right in this rule's stratum. The most probable one leads.
    List<Action> candidates = new ArrayList<>();
    candidates.add(firing.action());
    for (Action alt : firing.runnersUp()) {
      if (!candidates.contains(alt)) {
        candidates.add(alt);
      }
    }
    double[] typeProbabilities = model == null ? null
        : model.probabilities(fingerprint, firing, calibration);
    List<ScoredAction> ranked = new ArrayList<>();
    for (Action a : candidates) {
      double rate = probability(calibration, firing.ruleId(), strata, a);
      double p = typeProbabilities == null ? rate
          : model.weight() * model.acceptable(typeProbabilities, a) + (1 - model.weight()) * rate;
      ranked.add(new ScoredAction(a, 0.5 + (p - 0.5) * shrink));
    }
    // stable: ties keep the rule's own order
    ranked.sort((x, y) -> Double.compare(y.confidence(), x.confidence()));
    String explanation = firing.explanation();
    double ruleConfidence = ranked.stream().filter(s -> s.action() == firing.action()).findFirst().orElseThrow()
        .confidence();
    if (ranked.get(0).action() != firing.action()) {
      explanation = explanation + "; on labelled columns like this " + ranked.get(0).action().wireName()
          + " was right more often (" + pct(ranked.get(0).confidence()) + " vs " + pct(ruleConfidence) + ")";
    }
    if (typeProbabilities != null) {
      explanation = explanation + "; calibrated by fitted model";
    }
    return Optional.of(new Proposal(Source.EXPERT, ranked, firing.imputation(), firing.missingIndicator(),
        explanation + caveat, "expert:" + firing.ruleId(), null));
  }

  /**
   * Whether the firing decision survives the fingerprint's stated noise: a natively typed date or
   * timestamp column (its type is public metadata, not a noisy statistic), or a constant column whose
   * top share stays at or above the constant threshold after subtracting three noise std per value.
   */
  private boolean robustToNoise(Fingerprint f, RuleFiring firing, double nonNull) {
    if (firing.ruleId().equals("datetime") && f.typeClass() == TypeClass.DATETIME
        && (f.sparkType().startsWith("date") || f.sparkType().startsWith("timestamp"))) {
      return true;
    }
    if (firing.ruleId().equals("constant") && nonNull > 0 && f.noiseScales() != null && !f.noiseScales().isEmpty()) {
      double std = f.noiseScales().values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      double lowerTop1 = share(f.top1Share()) - 3 * std / nonNull;
      return lowerTop1 >= thresholds.constantTop1Share();
    }
    return false;
  }

  /**
   * The calibration stratum of {@code f}, coarse to fine ({@code /}-separated levels, each falling
   * back on the one above where labelled columns are few): distinct-count bucket, integer/real and
   * mostly missing; then what the column name says ({@link ColumnNameKind}); then the distinct
   * ratio bucket (and numbers read from mixed strings); for numbers, finally how the values spread.
   * Within one rule these are what most changes how often the rule is right, and they single out
   * columns that resemble context-specific ones (coded survey answers, codebook names) so that
   * their calibrated confidence is low. Order and buckets were chosen by grouped cross-validation
   * (docs/recommendations.md). The result names three paths separated by
   * {@link ExpertCalibration#PATH_SEPARATOR}, each ordering these levels differently.
   */
  public static String stratum(Fingerprint f) {
    return stratum(f, distinctBucket(Math.max(0, f.distinctEstimate())));
  }

  /** A calibration stratum and its weight in an interpolated calibrated rate. */
  public record WeightedStratum(String stratum, double weight) {
    public WeightedStratum {
      requireNonNull(stratum, "stratum is null");
    }
  }

  /**
   * Upper limits of the distinct-count buckets of {@link #stratum}; the last bucket is open
   * ({@code dmany}).
   */
  private static final double[] DISTINCT_LIMITS = {2.5, 5.5, 10.5, 20.5, 50.5, 200.5, 1000.5};
  private static final String[] DISTINCT_BUCKETS = {"d2", "d5", "d10", "d20", "d50", "d200", "d1000", "dmany"};
  /** The first limit (index in {@link #DISTINCT_LIMITS}) around which rates are interpolated: 10.5. */
  private static final int FIRST_INTERPOLATED = 2;
  /**
   * Half-width of the interpolation band around a limit, as a factor: ±25 %, several standard errors
   * of the distinct estimate. Interpolating all the way between bucket centres (about ×1.5–×2.2) cost
   * 0.003 of held-out accuracy on the feature-type corpus (0.8872 vs 0.8908 for the rules); ±25 %
   * costs 0.0016 (docs/recommendations.md).
   */
  static final double BAND = 1.25;

  private static int distinctBucket(double d) {
    int b = 0;
    while (b < DISTINCT_LIMITS.length && d > DISTINCT_LIMITS[b]) {
      b++;
    }
    return b;
  }

  /**
   * The strata whose calibrated rates make up the rate of {@code f}. The distinct-count bucket is a
   * cut of a continuous quantity that fingerprints only estimate: a few dozen values are counted from
   * hash buckets with an error of a few percent even without noise (collisions: linear counting on
   * 1,024 buckets has a relative standard error of about √(1/2048) ≈ 2.2 %), and with a step at each
   * limit 47 instead of 51 values turned parse_numeric into one_hot_encode at 50.5
   * (docs/fingerprints.md, utility). So from the limit 10.5 up, a distinct estimate within a factor
   * {@link #BAND} of a limit is read from both buckets next to it, the upper one's share rising
   * linearly in log(distinct) from 0 at limit / BAND through 1/2 at the limit to 1 at limit × BAND:
   * the rate is continuous in the estimate. Up to ten values the count is read almost exactly and
   * two values are a kind of their own (binary), so the lower limits stay sharp. One or two strata,
   * weights summing to one; {@code io.aurora.train.corpus.ExpertRulesEvaluation.calibrate} counts
   * labelled columns with the same weights.
   */
  public static List<WeightedStratum> strata(Fingerprint f) {
    double d = Math.max(0, f.distinctEstimate());
    int b = distinctBucket(d);
    // the limit nearest to d (in log), interpolated when it is one of the upper ones and d is within the band
    int limit = b < DISTINCT_LIMITS.length && (b == 0 || Math.log(DISTINCT_LIMITS[b] / d) < Math.log(d / DISTINCT_LIMITS[b - 1]))
        ? b : b - 1;
    if (limit < FIRST_INTERPOLATED) {
      return List.of(new WeightedStratum(stratum(f, b), 1.0));
    }
    // share of the bucket above the limit: 1/2 at the limit, 0 and 1 at ×/÷ BAND
    double w = 0.5 + Math.log(d / DISTINCT_LIMITS[limit]) / (2 * Math.log(BAND));
    w = Math.max(0, Math.min(1, w));
    if (w == 0 || w == 1) {
      return List.of(new WeightedStratum(stratum(f, b), 1.0));
    }
    return List.of(new WeightedStratum(stratum(f, limit), 1 - w), new WeightedStratum(stratum(f, limit + 1), w));
  }

  /** The calibrated rate of {@code action} for {@code ruleId} over weighted strata (see {@link #strata}). */
  public static double probability(ExpertCalibration calibration, String ruleId, List<WeightedStratum> strata,
      Action action) {
    double p = 0;
    for (WeightedStratum s : strata) {
      p += s.weight() * calibration.probability(ruleId, s.stratum(), action);
    }
    return p;
  }

  private static String stratum(Fingerprint f, int distinctBucket) {
    double r = share(f.distinctRatio());
    StringBuilder sb = new StringBuilder();
    sb.append(DISTINCT_BUCKETS[distinctBucket]);
    if (f.typeClass() == TypeClass.NUMERIC) {
      sb.append(f.integerShare() != null && share(f.integerShare()) >= 0.99 ? "-int" : "-real");
    }
    if (share(f.nullFraction()) >= 0.5) {
      sb.append("-sparse");
    }
    // finer level: what the name says (falls back on the level above where labelled columns are few)
    sb.append('/').append(ColumnNameKind.of(f.columnName()).key());
    sb.append('/').append(r < 0.01 ? "r0" : r < 0.1 ? "r1" : r < 0.5 ? "r2" : r < 0.95 ? "r3" : "r4");
    if (f.typeClass() == TypeClass.NUMERIC) {
      if (f.typeAgreement() < 0.99) {
        sb.append("-mixed");
      }
      sb.append('/').append(numericShape(f));
    }
    String first = sb.toString();
    // Two more orders of the same evidence, averaged by the calibration: the name kind first, then
    // the distinct-count bucket and ratio; and the finest level first (the spread for numbers, the
    // distinct ratio for strings), then the bucket and the name. A single order lets a sparse cell
    // lean on a parent that says little about it (a count name under a distinct-count bucket full of
    // codes); averaging over orders evens that out. These orders were chosen by grouped
    // cross-validation among about a dozen (docs/recommendations.md, "Measured quality").
    String[] levels = first.split("/");
    StringBuilder out = new StringBuilder(first);
    out.append(ExpertCalibration.PATH_SEPARATOR).append(levels[1]).append('/').append(levels[0]).append('/')
        .append(levels[2]);
    int last = levels.length - 1;
    out.append(ExpertCalibration.PATH_SEPARATOR).append(levels[last]).append('/').append(levels[0]).append('/')
        .append(levels[1]);
    return out.toString();
  }

  /** Finest level for numbers: how the values are spread (years, small counts, skew). */
  private static String numericShape(Fingerprint f) {
    Double mean = f.mean();
    Double sd = f.stddev();
    if (mean != null && sd != null && mean >= 1900 && mean <= 2100 && sd < 50) {
      return "yearvalues";
    }
    Double skew = f.skewness();
    String s = skew == null ? "s?" : Math.abs(skew) <= 1 ? "s1" : Math.abs(skew) <= 3 ? "s3" : "s9";
    return s + (share(f.negativeShare()) > 0 ? "-neg" : "");
  }

  /** The rule that fires for {@code f}, before calibration. Deterministic and side-effect free. */
  public RuleFiring decide(Fingerprint f) {
    ExpertThresholds t = thresholds;
    String name = f.columnName();
    double nullFraction = share(f.nullFraction());
    double distinct = Math.max(0, f.distinctEstimate());
    double distinctRatio = share(f.distinctRatio());
    Imputations imp = new Imputations(nullFraction, t.missingIndicatorNullFraction());

    if (f.typeClass() == TypeClass.EMPTY || nullFraction >= t.nearEmptyNullFraction()) {
      return new RuleFiring("empty", Action.DROP, List.of(Action.ONE_HOT_ENCODE, Action.STANDARD_SCALE), Imputation.NONE, false,
          "expert rule empty: " + pct(nullFraction) + " missing (≥ " + pct(t.nearEmptyNullFraction()) + ") → drop");
    }
    if (distinct < 1.5 || share(f.top1Share()) >= t.constantTop1Share()) {
      return new RuleFiring("constant", Action.DROP, List.of(Action.ONE_HOT_ENCODE), Imputation.NONE, false,
          "expert rule constant: ≈" + round(distinct) + " distinct value(s), top value " + pct(share(f.top1Share()))
              + " of rows → drop");
    }
    if (share(f.urlShare()) >= t.urlShare()) {
      return new RuleFiring("url", Action.DROP, List.of(Action.VECTORIZE_TEXT, Action.TARGET_ENCODE), Imputation.NONE,
          false, "expert rule url: " + pct(share(f.urlShare())) + " of values are URLs → drop");
    }
    if (share(f.emailShare()) >= t.emailShare()) {
      return new RuleFiring("email", Action.DROP, List.of(Action.TARGET_ENCODE), Imputation.NONE, false,
          "expert rule email: " + pct(share(f.emailShare())) + " of values are e-mail addresses → drop");
    }
    if (f.typeClass() == TypeClass.DATETIME
        || (f.typeClass() == TypeClass.STRING && share(f.dateParseShare()) >= t.dateShare())) {
      String why = f.typeClass() == TypeClass.DATETIME
          ? "typed date/timestamp" : pct(share(f.dateParseShare())) + " of strings parse as dates";
      return new RuleFiring("datetime", Action.EXTRACT_DATETIME, List.of(Action.ONE_HOT_ENCODE, Action.DROP),
          imp.forKind(Kind.DATETIME), imp.indicator(), "expert rule datetime: " + why + " → extract_datetime");
    }
    if (f.typeClass() == TypeClass.STRING && DATE_NAME.matcher(name).find() && share(f.numberParseShare()) < 0.5
        && share(f.urlShare()) == 0 && (f.meanTokens() == null || f.meanTokens() < 6)) {
      // Excel writes dates it cannot fit as "#####"; the name is then the only sign left
      return new RuleFiring("datetime_name", Action.EXTRACT_DATETIME, List.of(Action.TARGET_ENCODE, Action.DROP),
          imp.forKind(Kind.DATETIME), imp.indicator(), "expert rule datetime_name: name '" + name + "' names a date, "
              + pct(share(f.dateParseShare())) + " of strings parse as dates → extract_datetime");
    }
    if (f.typeClass() == TypeClass.BOOLEAN || share(f.booleanParseShare()) >= t.booleanShare()) {
      return new RuleFiring("boolean", Action.ONE_HOT_ENCODE, List.of(Action.KEEP_AS_IS), imp.forKind(Kind.CATEGORY),
          imp.indicator(), "expert rule boolean: two-valued (true/false, yes/no) → one_hot_encode");
    }
    if (f.typeClass() == TypeClass.NUMERIC) {
      return numeric(f, name, distinct, distinctRatio, imp);
    }
    if (f.typeClass() == TypeClass.OTHER) {
      return new RuleFiring("nested", Action.DROP, List.of(Action.SPLIT_LIST), Imputation.NONE, false,
          "expert rule nested: binary or nested type (" + f.sparkType() + ") → drop");
    }
    return string(f, name, distinct, distinctRatio, imp);
  }

  private RuleFiring numeric(Fingerprint f, String name, double distinct, double distinctRatio, Imputations imp) {
    ExpertThresholds t = thresholds;
    boolean integer = f.integerShare() != null && share(f.integerShare()) >= 0.99;
    if (DATE_NAME.matcher(name).find() && f.mean() != null && datetimeMagnitude(f.mean())) {
      return new RuleFiring("numeric_datetime", Action.EXTRACT_DATETIME, List.of(Action.DROP, Action.STANDARD_SCALE),
          imp.forKind(Kind.DATETIME), imp.indicator(), "expert rule numeric_datetime: name '" + name
              + "' names a time and the values are the size of epoch seconds/milliseconds or yyyymmdd[hhmm] → extract_datetime");
    }
    double leadingZeros = share(f.leadingZeroShare());
    if (leadingZeros >= 0.05 || (integer && CODE_NAME.matcher(name).find())) {
      String why = leadingZeros >= 0.05 ? pct(leadingZeros) + " of values have leading zeros" : "name '" + name + "' is a code";
      return category("numeric_code", why + ", " + round(distinct) + " distinct", distinct, imp,
          List.of(Action.DROP, Action.STANDARD_SCALE));
    }
    boolean uniform = f.skewness() == null || Math.abs(f.skewness()) <= 1.0;
    if (integer && distinctRatio >= t.idDistinctRatio() && uniform) {
      return new RuleFiring("numeric_id", Action.DROP, List.of(Action.STANDARD_SCALE, Action.TARGET_ENCODE),
          Imputation.NONE, false,
          "expert rule numeric_id: integers, " + pct(distinctRatio) + " distinct (≥ " + pct(t.idDistinctRatio())
              + "), evenly spread (skew≈" + round(f.skewness()) + ") → drop as identifier");
    }
    if (integer && ID_NAME.matcher(name).find() && distinctRatio >= 0.5) {
      return new RuleFiring("numeric_id_name", Action.DROP, List.of(Action.TARGET_ENCODE, Action.STANDARD_SCALE),
          Imputation.NONE, false,
          "expert rule numeric_id_name: name '" + name + "' is an identifier, " + pct(distinctRatio)
              + " distinct → drop");
    }
    if (integer && ID_NAME.matcher(name).find() && distinct >= 2.5) {
      // an id column that repeats (city_id, topic_id in a table of events) is a foreign key: it names
      // a category, its magnitude means nothing (the corpus labels these categorical, never numeric)
      return category("numeric_key", "name '" + name + "' is a key, " + pct(distinctRatio) + " distinct (a reference, "
          + "not a quantity)", distinct, imp, List.of(Action.DROP, Action.STANDARD_SCALE));
    }
    if (distinct < 2.5) {
      return new RuleFiring("binary", Action.ONE_HOT_ENCODE, List.of(Action.KEEP_AS_IS, Action.DROP),
          imp.forKind(Kind.CATEGORY), imp.indicator(), "expert rule binary: two distinct values → one_hot_encode");
    }
    if (integer && atMostLevels(distinct, t.integerCategoricalMaxLevels())) {
      return category("integer_levels",
          "integers with " + round(distinct) + " distinct values (≤ " + t.integerCategoricalMaxLevels() + ")",
          distinct, imp, List.of(Action.STANDARD_SCALE, Action.DROP, Action.ROBUST_SCALE));
    }
    return scaling(f, imp);
  }

  /**
   * Whether a mean has the size of a time written as a number: Unix epoch seconds (1979–2049) or
   * milliseconds, or the digits of a calendar date {@code yyyymmdd}, {@code yyyymmddhhmm},
   * {@code yyyymmddhhmmss} (years 1900–2100). Exports and logs write times like this, and numeric
   * type inference then takes them for quantities or ids.
   */
  private static boolean datetimeMagnitude(double mean) {
    return (mean >= 3e8 && mean <= 2.5e9) || (mean >= 3e11 && mean <= 2.5e12)
        || (mean >= 1.9e7 && mean <= 2.1e7) || (mean >= 1.9e11 && mean <= 2.1e11) || (mean >= 1.9e13 && mean <= 2.1e13);
  }

  private RuleFiring scaling(Fingerprint f, Imputations imp) {
    ExpertThresholds t = thresholds;
    Double skew = f.skewness();
    double negative = share(f.negativeShare());
    Double span = f.magnitudeSpan();
    boolean skewed = skew != null && Math.abs(skew) > t.skewThreshold();
    boolean nonNegative = negative <= 0.001;
    String skewText = skew == null ? "" : "skew≈" + round(skew);
    if (skewed && nonNegative && skew > 0 && span != null && span >= t.logMinDecades()) {
      return new RuleFiring("log_skewed", Action.LOG_TRANSFORM,
          List.of(Action.ROBUST_SCALE, Action.POWER_TRANSFORM, Action.TARGET_ENCODE, Action.DROP, Action.ONE_HOT_ENCODE),
          imp.forKind(Kind.SKEWED), imp.indicator(),
          "expert rule log_skewed: non-negative, right-skewed (" + skewText + "), spans " + round(span)
              + " decades → log_transform");
    }
    if (skewed) {
      return new RuleFiring("power_skewed", Action.POWER_TRANSFORM,
          List.of(Action.ROBUST_SCALE, Action.LOG_TRANSFORM, Action.TARGET_ENCODE, Action.DROP, Action.ONE_HOT_ENCODE),
          imp.forKind(Kind.SKEWED), imp.indicator(),
          "expert rule power_skewed: skewed (" + skewText + ")"
              + (nonNegative ? ", spans under " + round(t.logMinDecades()) + " decades" : ", " + pct(negative) + " negative")
              + " → power_transform");
    }
    Double outliers = f.outlierMass();
    Double kurtosis = f.kurtosis();
    if ((outliers != null && share(outliers) > t.outlierMass()) || (kurtosis != null && kurtosis > t.heavyKurtosis())) {
      String why = outliers != null && share(outliers) > t.outlierMass()
          ? pct(share(outliers)) + " outside Tukey fences" : "heavy tails (kurtosis≈" + round(kurtosis) + ")";
      return new RuleFiring("robust_tails", Action.ROBUST_SCALE, List.of(Action.STANDARD_SCALE, Action.POWER_TRANSFORM),
          imp.forKind(Kind.SKEWED), imp.indicator(), "expert rule robust_tails: " + why + " → robust_scale");
    }
    if (onUnitScale(f)) {
      return new RuleFiring("unit_scale", Action.KEEP_AS_IS, List.of(Action.STANDARD_SCALE), imp.forKind(Kind.SYMMETRIC),
          imp.indicator(), "expert rule unit_scale: values within [-1, 1] (mean≈" + round(f.mean()) + ", sd≈"
              + round(f.stddev()) + ") → keep_as_is");
    }
    return new RuleFiring("symmetric", Action.STANDARD_SCALE,
        List.of(Action.ROBUST_SCALE, Action.TARGET_ENCODE, Action.ONE_HOT_ENCODE, Action.DROP),
        imp.forKind(Kind.SYMMETRIC), imp.indicator(),
        "expert rule symmetric: roughly symmetric" + (skew == null ? "" : " (" + skewText + ")") + " → standard_scale");
  }

  private static boolean onUnitScale(Fingerprint f) {
    List<Double> q = f.quantiles();
    if (q != null && q.size() == Fingerprint.QUANTILE_LEVELS.length) {
      return q.get(0) >= -1.0 && q.get(q.size() - 1) <= 1.0;
    }
    return f.mean() != null && f.stddev() != null && Math.abs(f.mean()) + 2 * f.stddev() <= 1.0;
  }

  private RuleFiring string(Fingerprint f, String name, double distinct, double distinctRatio, Imputations imp) {
    ExpertThresholds t = thresholds;
    double list = share(f.listShare());
    if (list >= t.listShare()) {
      return new RuleFiring("list", Action.SPLIT_LIST, List.of(Action.VECTORIZE_TEXT, Action.TARGET_ENCODE, Action.ONE_HOT_ENCODE),
          imp.forKind(Kind.TEXT), imp.indicator(),
          "expert rule list: " + pct(list) + " of values hold several items → split_list");
    }
    double unit = share(f.numberWithUnitShare());
    double number = share(f.numberParseShare());
    if (unit >= t.unitShare() || (unit > 0 && unit + number >= 0.9 && number < 0.9)) {
      return new RuleFiring("embedded_number", Action.PARSE_NUMERIC, List.of(Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE),
          imp.forKind(Kind.SKEWED), imp.indicator(),
          "expert rule embedded_number: " + pct(unit) + " of values are numbers with currency, separators or units"
              + (number > 0 ? " (" + pct(number) + " plain numbers)" : "") + " → parse_numeric");
    }
    double tokens = f.meanTokens() == null ? 1.0 : f.meanTokens();
    double length = f.meanLength() == null ? 0.0 : f.meanLength();
    if (number >= 0.9) {
      // digits-only strings the profiler did not call numeric: codes with leading zeros, padded ids
      if (distinctRatio >= t.idDistinctRatio()) {
        return new RuleFiring("digit_id", Action.DROP, List.of(Action.TARGET_ENCODE), Imputation.NONE, false,
            "expert rule digit_id: digit strings, " + pct(distinctRatio) + " distinct → drop as identifier");
      }
      return category("digit_code", "digit strings" + (share(f.leadingZeroShare()) > 0
          ? " with leading zeros (" + pct(share(f.leadingZeroShare())) + ")" : "") + ", " + round(distinct) + " distinct",
          distinct, imp, List.of(Action.PARSE_NUMERIC, Action.DROP));
    }
    if (tokens >= t.textMinTokens() || length >= t.textMinLength()) {
      return new RuleFiring("text", Action.VECTORIZE_TEXT, List.of(Action.TARGET_ENCODE, Action.DROP),
          imp.forKind(Kind.TEXT), imp.indicator(),
          "expert rule text: ≈" + round(tokens) + " tokens, ≈" + round(length) + " characters per value → vectorize_text");
    }
    if (distinctRatio >= t.idDistinctRatio() || (ID_NAME.matcher(name).find() && distinctRatio >= 0.5)) {
      return new RuleFiring("string_id", Action.DROP, List.of(Action.VECTORIZE_TEXT, Action.TARGET_ENCODE),
          Imputation.NONE, false,
          "expert rule string_id: short strings (≈" + round(tokens) + " tokens), " + pct(distinctRatio)
              + " distinct → drop as identifier");
    }
    return category("string_levels", "strings with " + round(distinct) + " distinct values", distinct, imp,
        List.of(Action.DROP, Action.VECTORIZE_TEXT, Action.EXTRACT_DATETIME, Action.PARSE_NUMERIC, Action.STANDARD_SCALE));
  }

  /**
   * Whether an estimated count of levels is at most {@code max}. A count of levels is a whole number
   * and the fingerprint's count an estimate of it: the limit lies halfway between max and max + 1,
   * like the other count limits here (2.5, 10.5, ...), so an exact count of max does not sit on it
   * (30 values read as 30.4 stayed "≤ 30" only by luck).
   */
  private static boolean atMostLevels(double distinct, int max) {
    return distinct < max + 0.5;
  }

  private RuleFiring category(String rule, String why, double distinct, Imputations imp, List<Action> others) {
    int max = thresholds.oneHotMaxLevels();
    boolean few = atMostLevels(distinct, max);
    Action action = few ? Action.ONE_HOT_ENCODE : Action.TARGET_ENCODE;
    List<Action> runners = new ArrayList<>();
    runners.add(few ? Action.TARGET_ENCODE : Action.ONE_HOT_ENCODE);
    runners.addAll(others);
    return new RuleFiring(rule, action, runners, imp.forKind(Kind.CATEGORY), imp.indicator(),
        "expert rule " + rule + ": " + why + (few ? " (≤ " : " (> ") + max + " levels) → " + action.wireName());
  }

  /** A share released with noise may fall slightly outside [0, 1]; null means "not applicable" = 0. */
  static double share(Double value) {
    if (value == null || value.isNaN()) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(1.0, value));
  }

  static String pct(double share) {
    double p = share * 100;
    if (p > 0 && p < 1) {
      return "<1%";
    }
    if (p < 100 && p > 99) {
      return ">99%";
    }
    return Math.round(p) + "%";
  }

  /** Two significant digits: released statistics are noisy, more digits would be false precision. */
  static String round(Double v) {
    if (v == null || v.isNaN()) {
      return "?";
    }
    if (v == 0) {
      return "0";
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(v).round(new java.math.MathContext(2));
    return bd.stripTrailingZeros().abs().compareTo(java.math.BigDecimal.valueOf(1_000_000)) >= 0
        ? String.format(Locale.ROOT, "%.1e", v) : bd.stripTrailingZeros().toPlainString();
  }

  private enum Kind { SYMMETRIC, SKEWED, CATEGORY, DATETIME, TEXT }

  /** Imputation by kind of column: the usual practice of sklearn's SimpleImputer strategies. */
  private record Imputations(double nullFraction, double indicatorFrom) {
    boolean indicator() {
      return nullFraction >= indicatorFrom;
    }

    Imputation forKind(Kind kind) {
      if (nullFraction < 0.001) {
        // nothing (or only noise) missing
        return Imputation.NONE;
      }
      return switch (kind) {
        case SYMMETRIC -> Imputation.MEAN;
        case SKEWED, DATETIME -> Imputation.MEDIAN;
        // many missing categories: "missing" as a level of its own keeps the signal
        case CATEGORY -> nullFraction >= 0.2 ? Imputation.CONSTANT : Imputation.MODE;
        case TEXT -> Imputation.CONSTANT;
      };
    }
  }
}
