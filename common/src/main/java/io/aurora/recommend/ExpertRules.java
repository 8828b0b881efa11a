package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import io.aurora.recommend.ExpertRule.ImputationKind;
import io.aurora.recommend.ExpertRule.Verdict;
import io.aurora.recommend.Reading.CountPrior;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in expert rules (SPEC §5): an ordered list of small {@link ExpertRule}s over a
 * fingerprint's released statistics that always answers. The rules follow the conventions a careful
 * data scientist applies (documented in docs/recommendations.md): identifiers, constants and almost
 * empty columns are dropped, numeric 0/1 flags and small counts kept, years and symmetric quantities
 * standardised, heavy-tailed quantities log-transformed or robustly scaled, categories one-hot or
 * target encoded by their number of levels, and so on.
 *
 * <p>Decisions are taken under the fingerprint's noise: every comparison with a threshold is a
 * {@link Test} with its margin in units of the statistic's noise. A decisive rule whose test is not
 * reliable is skipped, so the column falls back on the next rule that reliably applies (a reliably
 * numeric column whose shape is unknown is standardised, never dropped); the skipped rule becomes an
 * alternative, and the confidence is the probability that no skipped rule applied, times the
 * probability of the fired rule's own choice, times how often the rule is right when it applies
 * ({@link RulePrecision}).
 */
public final class ExpertRules implements RecommendationSource {
  private static final long serialVersionUID = 1L;

  /**
   * Names that R, pandas and readr give the row index they write with a table: {@code rownames}
   * (Rdatasets), {@code row.names}, {@code Unnamed: 0} (pandas reading its own index back), {@code ...1}
   * (readr naming an empty header).
   */
  private static final Pattern ROW_INDEX_NAME = Pattern.compile("(?i)^(row[._\\s]?names?|unnamed:?[_\\s]?0|\\.{3}1)$");
  /**
   * Names of identifier columns: {@code id}, {@code user_id}, {@code customerId}, {@code uid},
   * {@code unitid}, {@code in_reply_to_user_id_str}, a written row index; not {@code paid},
   * {@code valid}, {@code humid}.
   */
  private static final Pattern ID_NAME = Pattern.compile(ColumnNameKind.ID_NAME.pattern()
      + "|(?i:(^|[_\\s.-])(id|uid)([_\\s.-]|$)|^(?!.*(paid|valid|humid|liquid|solid|rapid|vivid|fluid|acid|avoid|void|"
      + "android|hybrid|lipid|squid|pyramid|orchid|stupid|timid|period)$)[a-z]{2,}id$)|" + ROW_INDEX_NAME.pattern());
  /** Names of codes that look numeric but are categories: zip, FIPS, census blocks, precincts, zones, chromosomes. */
  private static final Pattern CODE_NAME = Pattern.compile(
      "(?i)(zip|postal|postcode|fips|geoid|(^|[_\\s.-])code$|code$|^code|phone|isbn|sku|naics|sic$|icd|^chr$|chrom"
          + "|census_?block|(^|[_\\s])block$|tract|precinct|(^|[_\\s])ward$|^zon(e)?$|[_\\s]zone$|district|^parent$|pos$)");
  /** Names of date and time columns. */
  private static final Pattern DATE_NAME = Pattern.compile(
      "(?i)((?<!candi|vali|man|accommo)date|timestamp|datetime|_at$|_on$|(^|[_\\s])dt$|created|updated|modified)");
  private static final Pattern YEAR_NAME = Pattern.compile("(?i)(year|^yr|[_\\s]yr)");
  /** Names of people: first_name, LastName, surname, full name. */
  private static final Pattern PERSON_NAME = Pattern.compile(
      "(?i)((first|last|given|family|sur|middle|full|maiden|nick)[_\\s.-]?name|^name$|^names?$)");
  /**
   * Levels up to which a category is one-hot encoded. Up to 30 levels one-hot is the accepted practice
   * and beyond 60 target encoding; between the two either is. The limit sits in the middle of that
   * band, so a noisy count has 15 levels of margin on each side of the band.
   */
  static final double ONE_HOT_MAX_LEVELS = 45;
  /** Small integer counts and ordinal scores: up to this many levels they are kept as they are. */
  static final double SMALL_INTEGER_LEVELS = 12.5;
  /**
   * Distinct share from which integers packed into a dense range are serial numbers (row numbers,
   * ranks): a quantity packed that densely repeats (ages, counts) unless the table is tiny.
   */
  static final double SERIAL_RATIO = 0.9;
  /**
   * Distinct share under which a column named like an identifier holds keys that many rows share (a
   * category), not one identifier per row or few rows: the same limit for strings and numbers.
   */
  static final double KEY_RATIO = 0.05;
  /** Distinct share from which a column of short strings names one thing per row. */
  static final double IDENTIFIER_RATIO = 0.9;
  /**
   * Missing share from which a column is dropped. From 95 % missing a column is dropped as a rule;
   * from 80 % dropping it is accepted practice too, so the limit at 90 % leaves room for the noise.
   */
  static final double EMPTY_SHARE = 0.9;
  /** Top-value share from which a column is (near-)constant. */
  static final double CONSTANT_SHARE = 0.99;
  /** Shares of values of one type from which the column is of that type. */
  static final double TYPED_SHARE = 0.8;
  /** Share of URL or e-mail values from which the column is dropped. */
  static final double ADDRESS_SHARE = 0.5;
  /** Share of values holding several items from which a column is a list. */
  static final double LIST_SHARE = 0.15;
  /** Share of numbers with units, currency or separators from which a column is parsed. */
  static final double UNIT_SHARE = 0.3;
  /** Free text: at least this many tokens or characters per value, and many different values. */
  static final double TEXT_TOKENS = 4;
  static final double TEXT_LENGTH = 30;
  static final double TEXT_DISTINCT_RATIO = 0.2;
  /** Kelly skewness from which a spread is skewed, and the span (decades) from which it is logged. */
  static final double SKEWED = 0.3;
  /**
   * Kelly skewness from which the quantiles alone say skewed: the 95th percentile at least 2.2 times as
   * far above the median as the 5th is below it. Between {@link #SKEWED} and this the third moment must
   * agree; above it the moment, which a thin far cluster moves by tenths depending on whether that
   * cluster clears the noise, is not needed.
   */
  static final double STRONGLY_SKEWED = 0.375;
  static final double LOG_DECADES = 2;
  /** Moment skewness from which a spread is skewed when no quantiles are known. */
  static final double MOMENT_SKEWED = 2;
  /** Share of negative values from which a skewed column needs a power transform rather than a log. */
  static final double NEGATIVE_SHARE = 0.01;
  /** Share of negative values up to which a log (signed, in apply) still suits a column. */
  static final double LOG_NEGATIVE_SHARE = 0.001;
  /**
   * Probability from which a long tail that is not reliably there still gets robust scaling. Robust
   * and standard scaling both suit a numeric column, but a column whose quantile skew sits near its
   * thresholds (nycflights13's distance, air_time) was left to standard scaling at any noise,
   * however likely its tail: from 85 % the labelled corpus gains more skewed columns than symmetric
   * ones it loses (docs/recommendations.md).
   */
  static final double ROBUST_LIKELY = 0.85;
  /** Share of values beyond Tukey's far-out fences from which a column has outliers. */
  static final double OUTLIER_SHARE = 0.005;
  /** Missing share from which imputation adds a missing-indicator column. */
  static final double INDICATOR_SHARE = 0.05;

  private static final List<ExpertRule> RULES = rules();

  private final RulePrecision precision;

  public ExpertRules(RulePrecision precision) {
    this.precision = requireNonNull(precision, "precision is null");
  }

  /** The shipped rules with the precision per rule measured on the labelled corpus. */
  public static ExpertRules shipped() {
    return new ExpertRules(RulePrecision.shipped());
  }

  /** The rules, in the order they are tried. */
  public static List<ExpertRule> list() {
    return RULES;
  }

  public RulePrecision precision() {
    return precision;
  }

  @Override
  public Source source() {
    return Source.EXPERT;
  }

  @Override
  public Optional<Proposal> propose(Fingerprint fingerprint) {
    Decided d = evaluate(fingerprint);
    return Optional.of(new Proposal(Source.EXPERT, d.ranked(), d.firing().imputation(), d.firing().missingIndicator(),
        d.explanation(), "expert:" + d.firing().ruleId(), null));
  }

  /** The rule that fires for {@code f}, before its confidence. Deterministic and side-effect free. */
  public RuleFiring decide(Fingerprint f) {
    return evaluate(f).firing();
  }

  /** A fired rule, the ranked actions and the explanation. */
  private record Decided(RuleFiring firing, List<ScoredAction> ranked, String explanation) {}

  private Decided evaluate(Fingerprint f) {
    Reading r = new Reading(f);
    double reach = 1;
    List<ScoredAction> skipped = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    for (ExpertRule rule : RULES) {
      Test t = rule.test(r);
      if (t.isFalse()) {
        continue;
      }
      Verdict v = rule.decide(r);
      double right = precision.of(rule.id());
      boolean fire = rule.fires(t);
      if (!fire) {
        skipped.add(new ScoredAction(v.action(), clip(reach * t.probability() * right)));
        undecided.add(rule.id().wireName() + " (" + Math.round(100 * t.probability()) + " % likely: " + v.because() + ")");
        reach *= 1 - t.probability();
        continue;
      }
      double confidence = clip(reach * t.probability() * v.probability() * right);
      Imputation imputation = imputation(r, rule.imputation());
      boolean indicator = imputation != Imputation.NONE && r.share(Field.NULL_FRACTION) >= INDICATOR_SHARE;
      String explanation = "expert rule " + rule.id().wireName() + ": " + v.because() + " → " + v.action().wireName();
      if (!undecided.isEmpty()) {
        explanation += "; not decided under the noise: " + String.join("; ", undecided);
      }
      RuleFiring firing = new RuleFiring(rule.id(), v.action(), v.runnersUp(), imputation, indicator, explanation);
      return new Decided(firing, rank(v, confidence, skipped, fallbacks(r)), explanation);
    }
    throw new IllegalStateException("no expert rule applies to column " + f.columnIndex() + " of type " + f.typeClass());
  }

  /**
   * The fired action first, then the skipped rules' actions by their own probability, then the
   * fired rule's runners-up sharing what is left, then the column type's usual actions until three
   * alternatives are there (SPEC §5: an uncertain recommendation lists three); each action once.
   */
  private static List<ScoredAction> rank(Verdict v, double confidence, List<ScoredAction> skipped, List<Action> fallbacks) {
    Map<Action, Double> scores = new EnumMap<>(Action.class);
    scores.put(v.action(), confidence);
    for (ScoredAction s : skipped) {
      scores.merge(s.action(), s.confidence(), Math::max);
    }
    double rest = Math.max(0, 1 - confidence - skipped.stream().mapToDouble(ScoredAction::confidence).sum());
    double share = rest / 2;
    for (Action a : v.runnersUp()) {
      if (!scores.containsKey(a)) {
        scores.put(a, share);
        share /= 2;
      }
    }
    for (Action a : fallbacks) {
      // one more than the three, so that three remain when another source's action is among them
      if (scores.size() >= ALTERNATIVES + 2) {
        break;
      }
      if (!scores.containsKey(a)) {
        scores.put(a, share);
        share /= 2;
      }
    }
    List<ScoredAction> ranked = new ArrayList<>();
    ranked.add(new ScoredAction(v.action(), confidence));
    scores.entrySet().stream().filter(e -> e.getKey() != v.action())
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> ranked.add(new ScoredAction(e.getKey(), clip(Math.min(e.getValue(), confidence)))));
    return ranked;
  }

  private static final int ALTERNATIVES = 3;

  /** What a column of this type usually gets, to complete the alternatives. */
  private static List<Action> fallbacks(Reading r) {
    return switch (r.type()) {
      case NUMERIC -> List.of(Action.STANDARD_SCALE, Action.ROBUST_SCALE, Action.KEEP_AS_IS, Action.LOG_TRANSFORM);
      case STRING -> List.of(Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE, Action.DROP, Action.VECTORIZE_TEXT);
      case DATETIME -> List.of(Action.EXTRACT_DATETIME, Action.DROP, Action.KEEP_AS_IS, Action.STANDARD_SCALE);
      case BOOLEAN -> List.of(Action.KEEP_AS_IS, Action.ONE_HOT_ENCODE, Action.DROP, Action.STANDARD_SCALE);
      default -> List.of(Action.DROP, Action.KEEP_AS_IS, Action.SPLIT_LIST, Action.TARGET_ENCODE);
    };
  }

  private static double clip(double p) {
    return Math.max(0, Math.min(1, p));
  }

  /** The imputation a column of {@code kind} gets, when missing values are (likely) there. */
  static Imputation imputation(Reading r, ImputationKind kind) {
    double nulls = r.share(Field.NULL_FRACTION);
    double std = r.std(Field.NULL_FRACTION);
    // no imputation for a column whose missing share is within one noise std of none: imputing where
    // nothing is missing costs nothing, but a missing share read off the noise alone is not evidence
    if (kind == ImputationKind.NONE || nulls < 0.001 || nulls < std) {
      return Imputation.NONE;
    }
    return switch (kind) {
      case SYMMETRIC -> Imputation.MEAN;
      case SKEWED, DATETIME -> Imputation.MEDIAN;
      // many missing categories: "missing" as a level of its own keeps the signal
      case CATEGORY -> nulls >= 0.2 ? Imputation.CONSTANT : Imputation.MODE;
      case TEXT -> Imputation.CONSTANT;
      case NONE -> Imputation.NONE;
    };
  }

  // ------------------------------------------------------------------ the rules

  private static boolean numeric(Reading r) {
    return r.type() == TypeClass.NUMERIC;
  }

  private static boolean string(Reading r) {
    return r.type() == TypeClass.STRING;
  }

  /** Integers, presumed on the more likely side: at 1,000 rows the share of integers is known to a few percent only. */
  private static Test integer(Reading r) {
    return r.has(Field.INTEGER_SHARE) ? r.shareAtLeast(Field.INTEGER_SHARE, 0.99).presumed() : Test.FALSE;
  }

  private static boolean typedTemporal(Fingerprint f) {
    return f.sparkType().startsWith("date") || f.sparkType().startsWith("timestamp");
  }

  /**
   * A category of d levels: one-hot up to {@link #ONE_HOT_MAX_LEVELS}, else target encoding, on the
   * more probable side given the noisy count and a log-uniform prior on the number of levels (the
   * labelled corpus's spread). Where that prior outweighs the count itself (a reading of 52 taken as
   * up to 45), the choice is no surer than the count's margin in units of its noise (a flat prior).
   */
  private static Verdict category(Reading r, String what, Action... others) {
    double rows = Math.max(2, r.value(Field.ROW_COUNT) * (1 - r.share(Field.NULL_FRACTION)));
    double fewLevels = r.posteriorAtMost(Field.DISTINCT_ESTIMATE, ONE_HOT_MAX_LEVELS, rows, CountPrior.LOG_UNIFORM);
    boolean oneHot = fewLevels >= 0.5;
    boolean againstReading = oneHot != r.value(Field.DISTINCT_ESTIMATE) <= ONE_HOT_MAX_LEVELS;
    List<Action> runners = new ArrayList<>();
    runners.add(oneHot ? Action.TARGET_ENCODE : Action.ONE_HOT_ENCODE);
    runners.addAll(List.of(others));
    double p = oneHot ? fewLevels : 1 - fewLevels;
    if (againstReading) {
      double byMargin = r.posteriorAtMost(Field.DISTINCT_ESTIMATE, ONE_HOT_MAX_LEVELS, rows, CountPrior.FLAT);
      p = Math.min(p, oneHot ? byMargin : 1 - byMargin);
    }
    long limit = Math.round(ONE_HOT_MAX_LEVELS);
    String side = againstReading ? (oneHot ? "read over " + limit + ", likelier up to " + limit + " under the noise"
        : "read up to " + limit + ", likelier over " + limit + " under the noise")
        : (oneHot ? "up to " : "over ") + limit;
    return new Verdict(oneHot ? Action.ONE_HOT_ENCODE : Action.TARGET_ENCODE, runners, p,
        what + ", " + r.approx(Field.DISTINCT_ESTIMATE) + " distinct values (" + side + ")");
  }

  /**
   * A column named like an identifier whose values each repeat over many rows (distinct share under
   * {@link #KEY_RATIO}): the key of a set of things the rows belong to (ratdat's plot_id, 24 plots over
   * 35,549 rows), a category rather than an identifier to drop, as {@link RuleId#STRING_ID_NAME} leaves
   * such strings to the categories. Not a year so named (Lahman's yearID), nor a written row index.
   */
  private static Test sharedKeys(Reading r) {
    return ID_NAME.matcher(r.name()).find() && !ROW_INDEX_NAME.matcher(r.name()).find() && !YEAR_NAME.matcher(r.name()).find()
        ? r.shareAtLeast(Field.DISTINCT_RATIO, KEY_RATIO).not() : Test.FALSE;
  }

  private static String skewText(Reading r) {
    double k = r.robustSkew();
    return Double.isNaN(k) ? "skew " + r.approx(Field.SKEWNESS) : "median " + r.approxQuantile(0.5) + ", 95th percentile "
        + r.approxQuantile(0.95);
  }

  /**
   * "non-negative", unless the release shows no negative value yet cannot rule out a thin negative
   * side under its noise (the negative share's interval reaches above {@link #LOG_NEGATIVE_SHARE}):
   * then what it may hold.
   */
  private static String nonNegativeText(Reading r) {
    List<Double> interval = r.fingerprint().interval(Field.NEGATIVE_SHARE);
    return r.share(Field.NEGATIVE_SHARE) == 0 && interval != null && interval.get(1) > LOG_NEGATIVE_SHARE
        ? "no negative value seen (up to " + Reading.pct(interval.get(1)) + " may hide under the noise)" : "non-negative";
  }

  /**
   * Right-skewed: a long right tail by the quantiles alone ({@link #STRONGLY_SKEWED}), or by the
   * quantiles and the third moment together (skewness of 1 or more), or a third moment of
   * {@link #MOMENT_SKEWED} or more, which outliers alone can make.
   */
  private static Test rightSkewed(Reading r) {
    double k = r.robustSkew();
    Test moment = r.atLeast(Field.SKEWNESS, MOMENT_SKEWED);
    if (Double.isNaN(k)) {
      return moment;
    }
    double s = r.robustSkewStd();
    return Test.atLeast(k, SKEWED, s).and(Test.atLeast(k, STRONGLY_SKEWED, s).or(r.atLeast(Field.SKEWNESS, 1))).or(moment);
  }

  /** A long left tail (or a cap): the mirror of {@link #rightSkewed}. */
  private static Test leftSkewed(Reading r) {
    double k = r.robustSkew();
    Test moment = r.atMost(Field.SKEWNESS, -MOMENT_SKEWED);
    if (Double.isNaN(k)) {
      return moment;
    }
    double s = r.robustSkewStd();
    return Test.atMost(k, -SKEWED, s).and(Test.atMost(k, -STRONGLY_SKEWED, s).or(r.atMost(Field.SKEWNESS, -1))).or(moment);
  }

  private static List<ExpertRule> rules() {
    List<ExpertRule> rules = new ArrayList<>();
    // ---- every type
    rules.add(ExpertRule.decisive(RuleId.EMPTY, ImputationKind.NONE,
        r -> r.type() == TypeClass.EMPTY ? Test.TRUE : r.shareAtLeast(Field.NULL_FRACTION, EMPTY_SHARE),
        r -> Verdict.of(Action.DROP, r.approxShare(Field.NULL_FRACTION) + " missing", Action.ONE_HOT_ENCODE)));
    rules.add(ExpertRule.graded(RuleId.CONSTANT, ImputationKind.NONE,
        r -> r.has(Field.TOP1_SHARE) ? r.shareAtLeast(Field.TOP1_SHARE, CONSTANT_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.DROP, "one value in " + r.approxShare(Field.TOP1_SHARE) + " of rows",
            numeric(r) ? Action.KEEP_AS_IS : Action.ONE_HOT_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.URL, ImputationKind.NONE,
        r -> string(r) ? r.shareAtLeast(Field.URL_SHARE, ADDRESS_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.DROP, r.approxShare(Field.URL_SHARE) + " of values are URLs", Action.VECTORIZE_TEXT,
            Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.EMAIL, ImputationKind.NONE,
        r -> string(r) ? r.shareAtLeast(Field.EMAIL_SHARE, ADDRESS_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.DROP, r.approxShare(Field.EMAIL_SHARE) + " of values are e-mail addresses",
            Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.DATETIME, ImputationKind.DATETIME,
        r -> r.type() == TypeClass.DATETIME ? Test.TRUE : string(r) ? r.shareAtLeast(Field.DATE_PARSE_SHARE, TYPED_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.EXTRACT_DATETIME, typedTemporal(r.fingerprint()) ? "typed " + r.fingerprint().sparkType()
            : r.approxShare(Field.DATE_PARSE_SHARE) + " of values are dates", Action.ONE_HOT_ENCODE, Action.DROP)));
    rules.add(ExpertRule.decisive(RuleId.DATETIME_NAME, ImputationKind.DATETIME,
        r -> string(r) && DATE_NAME.matcher(r.name()).find() ? r.shareAtLeast(Field.DATE_PARSE_SHARE, 0.3) : Test.FALSE,
        r -> Verdict.of(Action.EXTRACT_DATETIME, "name '" + r.name() + "' names a date and "
            + r.approxShare(Field.DATE_PARSE_SHARE) + " of values are dates", Action.TARGET_ENCODE, Action.DROP)));
    rules.add(ExpertRule.decisive(RuleId.BOOLEAN, ImputationKind.CATEGORY,
        r -> r.type() == TypeClass.BOOLEAN ? Test.TRUE : string(r) ? r.shareAtLeast(Field.BOOLEAN_PARSE_SHARE, TYPED_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.ONE_HOT_ENCODE, "two-valued (true/false, yes/no)", Action.KEEP_AS_IS)));
    rules.add(ExpertRule.decisive(RuleId.NESTED, ImputationKind.NONE,
        r -> Test.of(r.type() == TypeClass.OTHER),
        r -> Verdict.of(Action.DROP, "binary or nested type (" + r.fingerprint().sparkType() + ")", Action.SPLIT_LIST)));

    // ---- numbers
    rules.add(ExpertRule.decisive(RuleId.NUMERIC_DATETIME, ImputationKind.DATETIME,
        r -> numeric(r) && DATE_NAME.matcher(r.name()).find() && datetimeMagnitude(r.value(Field.MEAN)) ? Test.TRUE : Test.FALSE,
        r -> Verdict.of(Action.EXTRACT_DATETIME, "name '" + r.name()
            + "' names a time and the values have the size of epoch seconds or yyyymmdd", Action.DROP, Action.STANDARD_SCALE)));
    rules.add(ExpertRule.decisive(RuleId.NUMERIC_CODE, ImputationKind.CATEGORY,
        r -> numeric(r) ? (CODE_NAME.matcher(r.name()).find() ? Test.TRUE
            : integer(r).and(r.shareAtLeast(Field.LEADING_ZERO_SHARE, 0.05).or(sharedKeys(r)))) : Test.FALSE,
        r -> r.shareAtLeast(Field.DISTINCT_RATIO, 0.9).likely()
            ? Verdict.of(Action.DROP, "a code ('" + r.name() + "') with " + r.approxShare(Field.DISTINCT_RATIO)
                + " distinct values: one per row", Action.TARGET_ENCODE)
            : category(r, "a code ('" + r.name() + "')", Action.DROP)));
    rules.add(ExpertRule.decisive(RuleId.MARKED_NUMBER, ImputationKind.SKEWED,
        r -> numeric(r) && r.fingerprint().sparkType().equals("string")
            ? Test.atLeast(1 - r.share(Field.NUMBER_PARSE_SHARE) - r.share(Field.NUMBER_WITH_UNIT_SHARE), 0.02,
                r.std(Field.NUMBER_PARSE_SHARE)) : Test.FALSE,
        r -> Verdict.of(Action.PARSE_NUMERIC, "numbers in text, " + r.approxShare(Field.NUMBER_PARSE_SHARE)
            + " of them plain: the rest are markers or words to read as numbers", Action.STANDARD_SCALE, Action.ROBUST_SCALE)));
    rules.add(ExpertRule.decisive(RuleId.YEAR, ImputationKind.SYMMETRIC,
        r -> numeric(r) && !Double.isNaN(r.quantile(0.01))
            ? integer(r).and(Test.atLeast(r.quantile(0.01), 1700, r.quantileStd(0.01)))
                .and(Test.atMost(r.quantile(0.99), 2100, r.quantileStd(0.99)))
                .and(YEAR_NAME.matcher(r.name()).find() ? Test.TRUE : r.atLeast(Field.DISTINCT_ESTIMATE, 3))
            : Test.FALSE,
        r -> Verdict.of(Action.STANDARD_SCALE, "integers between " + r.approxQuantile(0.01) + " and "
            + r.approxQuantile(0.99) + ": years", Action.KEEP_AS_IS, Action.ONE_HOT_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.NUMERIC_ID_NAME, ImputationKind.NONE,
        // a written row index holds row numbers by construction: its name says so where a few hundred
        // rows leave the integer share to the noise
        r -> !numeric(r) || !ID_NAME.matcher(r.name()).find() ? Test.FALSE
            : ROW_INDEX_NAME.matcher(r.name()).find() ? Test.TRUE : integer(r),
        r -> Verdict.of(Action.DROP, "name '" + r.name() + "' is " + (ROW_INDEX_NAME.matcher(r.name()).find()
            ? "the row index written with the table" : "an identifier"), Action.TARGET_ENCODE, Action.STANDARD_SCALE)));
    rules.add(ExpertRule.decisive(RuleId.NUMERIC_ID, ImputationKind.NONE,
        r -> numeric(r) ? integer(r).and(r.shareAtLeast(Field.DISTINCT_RATIO, SERIAL_RATIO))
            .and(r.atLeast(Field.DISTINCT_ESTIMATE, 20)).and(dense(r)) : Test.FALSE,
        r -> Verdict.of(Action.DROP, "integers, " + r.approxShare(Field.DISTINCT_RATIO)
            + " distinct, filling their range evenly (a row number or serial)", Action.STANDARD_SCALE, Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.BINARY_FLAG, ImputationKind.CATEGORY,
        r -> numeric(r) && !Double.isNaN(r.quantile(0.01))
            ? r.atMost(Field.DISTINCT_ESTIMATE, 2.5).and(Test.atLeast(r.quantile(0.01), 0, r.quantileStd(0.01)))
                .and(Test.atMost(r.quantile(0.99), 1.125, r.quantileStd(0.99)))
            : Test.FALSE,
        r -> Verdict.of(Action.KEEP_AS_IS, "a 0/1 flag", Action.ONE_HOT_ENCODE, Action.STANDARD_SCALE)));
    rules.add(ExpertRule.decisive(RuleId.BINARY, ImputationKind.CATEGORY,
        r -> numeric(r) ? r.atMost(Field.DISTINCT_ESTIMATE, 2.5) : Test.FALSE,
        r -> Verdict.of(Action.ONE_HOT_ENCODE, "two distinct values", Action.KEEP_AS_IS, Action.STANDARD_SCALE)));
    rules.add(ExpertRule.graded(RuleId.SMALL_INTEGER, ImputationKind.SKEWED,
        r -> numeric(r) ? integer(r).and(r.atMost(Field.DISTINCT_ESTIMATE, SMALL_INTEGER_LEVELS)) : Test.FALSE,
        r -> Verdict.of(Action.KEEP_AS_IS, "small integers, " + r.approx(Field.DISTINCT_ESTIMATE) + " distinct values",
            Action.STANDARD_SCALE, Action.ONE_HOT_ENCODE, Action.ROBUST_SCALE)));
    rules.add(ExpertRule.graded(RuleId.LOG_SKEWED, ImputationKind.SKEWED,
        r -> numeric(r) ? rightSkewed(r).and(r.atMost(Field.NEGATIVE_SHARE, LOG_NEGATIVE_SHARE).or(Test.of(r.share(Field.NEGATIVE_SHARE) == 0)))
            .and(r.atLeast(Field.MAGNITUDE_SPAN, LOG_DECADES)) : Test.FALSE,
        r -> Verdict.of(Action.LOG_TRANSFORM, nonNegativeText(r) + ", right-skewed (" + skewText(r) + "), spans "
            + r.approx(Field.MAGNITUDE_SPAN) + " decades", Action.ROBUST_SCALE, Action.POWER_TRANSFORM)));
    rules.add(ExpertRule.graded(RuleId.POWER_SKEWED, ImputationKind.SKEWED,
        r -> numeric(r) ? rightSkewed(r).or(leftSkewed(r)).and(r.shareAtLeast(Field.NEGATIVE_SHARE, NEGATIVE_SHARE))
            .and(r.shareAtLeast(Field.NEGATIVE_SHARE, 1 - NEGATIVE_SHARE).not()) : Test.FALSE,
        r -> Verdict.of(Action.POWER_TRANSFORM, "skewed (" + skewText(r) + ") with " + r.approxShare(Field.NEGATIVE_SHARE)
            + " negative values", Action.ROBUST_SCALE, Action.STANDARD_SCALE)));
    rules.add(ExpertRule.graded(RuleId.ROBUST_TAILS, ImputationKind.SKEWED, ROBUST_LIKELY,
        r -> numeric(r) ? rightSkewed(r).or(leftSkewed(r)).or(r.shareAtLeast(Field.OUTLIER_MASS, OUTLIER_SHARE)) : Test.FALSE,
        r -> Verdict.of(Action.ROBUST_SCALE, leftSkewed(r).likely() ? "a long left tail (" + skewText(r) + ")"
            : rightSkewed(r).likely() ? "right-skewed within " + r.approx(Field.MAGNITUDE_SPAN) + " decades (" + skewText(r) + ")"
            : r.approxShare(Field.OUTLIER_MASS) + " of values beyond the far-out fences",
            Action.STANDARD_SCALE, Action.LOG_TRANSFORM, Action.POWER_TRANSFORM)));
    rules.add(ExpertRule.decisive(RuleId.SYMMETRIC, ImputationKind.SYMMETRIC,
        r -> Test.of(numeric(r)),
        r -> Verdict.of(Action.STANDARD_SCALE, Double.isNaN(r.robustSkew()) ? "numbers, no skew known"
            : "roughly symmetric (" + skewText(r) + ")", Action.ROBUST_SCALE, Action.KEEP_AS_IS)));

    // ---- strings
    rules.add(ExpertRule.decisive(RuleId.LIST, ImputationKind.TEXT,
        r -> string(r) ? r.shareAtLeast(Field.LIST_SHARE, LIST_SHARE)
            .and(r.atMost(Field.MEAN_TOKENS, 6).or(r.shareAtLeast(Field.LIST_SHARE, 0.5)))
            .and(r.shareAtLeast(Field.DISTINCT_RATIO, 0.5).not().presumed()) : Test.FALSE,
        r -> Verdict.of(Action.SPLIT_LIST, r.approxShare(Field.LIST_SHARE) + " of values hold several items",
            Action.TARGET_ENCODE, Action.ONE_HOT_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.EMBEDDED_NUMBER, ImputationKind.SKEWED,
        r -> string(r) ? r.shareAtLeast(Field.NUMBER_WITH_UNIT_SHARE, UNIT_SHARE) : Test.FALSE,
        r -> Verdict.of(Action.PARSE_NUMERIC, r.approxShare(Field.NUMBER_WITH_UNIT_SHARE)
            + " of values are numbers with currency, separators or units", Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.DIGIT_ID, ImputationKind.NONE,
        r -> string(r) ? r.shareAtLeast(Field.NUMBER_PARSE_SHARE, 0.9).and(r.shareAtLeast(Field.DISTINCT_RATIO, 0.9)) : Test.FALSE,
        r -> Verdict.of(Action.DROP, "digit strings, " + r.approxShare(Field.DISTINCT_RATIO) + " distinct: one per row",
            Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.DIGIT_CODE, ImputationKind.CATEGORY,
        r -> string(r) ? r.shareAtLeast(Field.NUMBER_PARSE_SHARE, 0.9) : Test.FALSE,
        r -> category(r, "digit strings with leading zeros (codes)", Action.PARSE_NUMERIC, Action.DROP)));
    rules.add(ExpertRule.decisive(RuleId.PERSON_NAME, ImputationKind.NONE,
        r -> Test.of(string(r) && PERSON_NAME.matcher(r.name()).find()),
        r -> Verdict.of(Action.DROP, "names ('" + r.name() + "'), " + r.approx(Field.DISTINCT_ESTIMATE) + " distinct",
            Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.TEXT, ImputationKind.TEXT,
        r -> string(r) ? r.atLeast(Field.MEAN_TOKENS, TEXT_TOKENS).or(r.atLeast(Field.MEAN_LENGTH, TEXT_LENGTH))
            .and(r.shareAtLeast(Field.DISTINCT_RATIO, TEXT_DISTINCT_RATIO)) : Test.FALSE,
        r -> Verdict.of(Action.VECTORIZE_TEXT, r.approx(Field.MEAN_TOKENS) + " words, " + r.approx(Field.MEAN_LENGTH)
            + " characters per value, " + r.approxShare(Field.DISTINCT_RATIO) + " distinct", Action.TARGET_ENCODE, Action.DROP)));
    rules.add(ExpertRule.decisive(RuleId.STRING_ID_NAME, ImputationKind.NONE,
        r -> string(r) && ID_NAME.matcher(r.name()).find() ? r.shareAtLeast(Field.DISTINCT_RATIO, KEY_RATIO) : Test.FALSE,
        r -> Verdict.of(Action.DROP, "name '" + r.name() + "' is an identifier, " + r.approxShare(Field.DISTINCT_RATIO)
            + " distinct", Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.STRING_ID, ImputationKind.NONE,
        r -> string(r) ? r.shareAtLeast(Field.DISTINCT_RATIO, IDENTIFIER_RATIO).and(r.atLeast(Field.DISTINCT_ESTIMATE, 20)) : Test.FALSE,
        r -> Verdict.of(Action.DROP, "short strings, " + r.approxShare(Field.DISTINCT_RATIO) + " distinct: one per row",
            Action.VECTORIZE_TEXT, Action.TARGET_ENCODE)));
    rules.add(ExpertRule.decisive(RuleId.STRING_LEVELS, ImputationKind.CATEGORY,
        r -> Test.TRUE,
        r -> category(r, "strings", Action.DROP, Action.VECTORIZE_TEXT)));
    return List.copyOf(rules);
  }

  /**
   * Serial numbers leave few gaps: their range (1st to 99th percentile) is at most a few times their
   * number of distinct values. Measurements that happen to be all different spread over far more.
   */
  private static Test dense(Reading r) {
    double range = r.quantile(0.99) - r.quantile(0.01);
    double d = r.value(Field.DISTINCT_ESTIMATE);
    if (Double.isNaN(range) || !(d > 0)) {
      return Test.FALSE;
    }
    double std = Math.hypot(Math.hypot(r.quantileStd(0.99), r.quantileStd(0.01)), 3 * r.std(Field.DISTINCT_ESTIMATE));
    return Test.atMost(range, 3 * d, std);
  }

  /** An identifier's numbers fill their range evenly: no tail to either side. */
  private static Test evenlySpread(Reading r) {
    double k = r.robustSkew();
    if (Double.isNaN(k)) {
      return r.has(Field.SKEWNESS) ? r.atMost(Field.SKEWNESS, 1).and(r.atLeast(Field.SKEWNESS, -1)) : Test.FALSE;
    }
    double s = r.robustSkewStd();
    return Test.atMost(k, 0.15, s).and(Test.atLeast(k, -0.15, s));
  }

  /**
   * Whether a mean has the size of a time written as a number: Unix epoch seconds (1979–2049) or
   * milliseconds, or the digits of a calendar date {@code yyyymmdd}, {@code yyyymmddhhmm},
   * {@code yyyymmddhhmmss} (years 1900–2100).
   */
  private static boolean datetimeMagnitude(double mean) {
    return (mean >= 3e8 && mean <= 2.5e9) || (mean >= 3e11 && mean <= 2.5e12)
        || (mean >= 1.9e7 && mean <= 2.1e7) || (mean >= 1.9e11 && mean <= 2.1e11) || (mean >= 1.9e13 && mean <= 2.1e13);
  }

  /** A share released with noise may fall slightly outside [0, 1]; null means "not applicable" = 0. */
  public static double share(Double value) {
    if (value == null || value.isNaN()) {
      return 0.0;
    }
    return Math.max(0.0, Math.min(1.0, value));
  }

  static String pct(double share) {
    return Reading.pct(share);
  }

  static String round(Double v) {
    return Reading.round(v == null ? Double.NaN : v);
  }

  @Override
  public String toString() {
    return "ExpertRules[" + RULES.size() + " rules]";
  }

  /** For {@link Locale}-independent formatting in rule texts. */
  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
