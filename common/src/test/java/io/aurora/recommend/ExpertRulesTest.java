package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class ExpertRulesTest {
  private final ExpertRules rules = ExpertRules.shipped();

  private Proposal propose(TestFingerprints b) {
    return rules.propose(b.build()).orElseThrow();
  }

  private Action decide(TestFingerprints b) {
    return rules.decide(b.build()).action();
  }

  @Test
  void emptyColumnIsDroppedWithReason() {
    TestFingerprints b = TestFingerprints.string();
    b.typeClass = TypeClass.EMPTY;
    b.nullFraction = 1.0;
    b.distinct(0);
    Proposal p = propose(b);
    assertThat(p.top().action()).isEqualTo(Action.DROP);
    assertThat(p.explanation()).contains("missing").contains("drop");
    assertThat(p.imputation()).isEqualTo(Imputation.NONE);
  }

  @Test
  void dateInsideAnotherWordDoesNotMakeADateName() {
    // "Candidate", "validated": the name rule must not read them as dates
    assertThat(rules.decide(TestFingerprints.string().name("Votes for Candidate").distinct(40).build()).ruleId())
        .isNotEqualTo("datetime_name");
    assertThat(rules.decide(TestFingerprints.string().name("delivery date").distinct(40).build()).ruleId())
        .isEqualTo("datetime_name");
    assertThat(ColumnNameKind.of("Votes for Candidate")).isNotEqualTo(ColumnNameKind.DATE);
  }

  @Test
  void nearlyEmptyWithNoisyNullShareAboveOneIsDropped() {
    TestFingerprints b = TestFingerprints.numeric();
    b.nullFraction = 1.003; // DP noise can push a released share past 1
    assertThat(decide(b)).isEqualTo(Action.DROP);
  }

  @Test
  void constantIsDropped() {
    TestFingerprints b = TestFingerprints.string().distinct(1);
    assertThat(rules.decide(b.build()).ruleId()).isEqualTo("constant");
  }

  @Test
  void rightSkewedPositiveSpanningDecadesIsLogTransformed() {
    TestFingerprints b = TestFingerprints.numeric();
    b.skewness = 4.2;
    b.magnitudeSpan = 5.0;
    Proposal p = propose(b);
    assertThat(rules.decide(b.build()).action()).isEqualTo(Action.LOG_TRANSFORM);
    assertThat(p.explanation()).contains("skew≈4.2").contains("spans 5 decades");
    assertThat(p.imputation()).isEqualTo(Imputation.NONE);
  }

  @Test
  void skewedWithNegativesIsPowerTransformed() {
    TestFingerprints b = TestFingerprints.numeric();
    b.skewness = -5.0;
    b.negativeShare = 0.4;
    assertThat(decide(b)).isEqualTo(Action.POWER_TRANSFORM);
  }

  @Test
  void heavyTailsAreRobustScaledAndSymmetricStandardScaled() {
    TestFingerprints heavy = TestFingerprints.numeric();
    heavy.outlierMass = 0.12;
    assertThat(decide(heavy)).isEqualTo(Action.ROBUST_SCALE);
    assertThat(decide(TestFingerprints.numeric())).isEqualTo(Action.STANDARD_SCALE);
  }

  @Test
  void valuesOnUnitScaleAreKept() {
    TestFingerprints b = TestFingerprints.numeric();
    b.mean = 0.3;
    b.stddev = 0.1;
    b.quantiles = List.of(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
    assertThat(decide(b)).isEqualTo(Action.KEEP_AS_IS);
  }

  @Test
  void zipCodesWithLeadingZerosAreCategoriesNotNumbers() {
    TestFingerprints b = TestFingerprints.numeric().name("zip").distinct(900);
    b.integerShare = 1.0;
    assertThat(decide(b)).isEqualTo(Action.TARGET_ENCODE);
    TestFingerprints s = TestFingerprints.string().name("postal").distinct(12);
    s.numberParse = 1.0;
    s.leadingZero = 0.4;
    assertThat(decide(s)).isEqualTo(Action.ONE_HOT_ENCODE);
  }

  @Test
  void uniqueIntegersAreDroppedAsIdentifiers() {
    TestFingerprints b = TestFingerprints.numeric().name("row").distinct(10_000);
    b.integerShare = 1.0;
    b.skewness = 0.0;
    assertThat(rules.decide(b.build()).ruleId()).isEqualTo("numeric_id");
    TestFingerprints named = TestFingerprints.numeric().name("customer_id").distinct(7_000);
    named.integerShare = 1.0;
    assertThat(decide(named)).isEqualTo(Action.DROP);
  }

  @Test
  void repeatedIntegerKeysAreCategoriesNotQuantities() {
    // city_id in a table of events: a reference to a category, its magnitude means nothing
    TestFingerprints few = TestFingerprints.numeric().name("city_id").distinct(9);
    few.integerShare = 1.0;
    assertThat(rules.decide(few.build()).ruleId()).isEqualTo("numeric_key");
    assertThat(decide(few)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints many = TestFingerprints.numeric().name("topicId").distinct(1_600);
    many.integerShare = 1.0;
    many.skewness = 5.0;
    many.magnitudeSpan = 3.0;
    assertThat(decide(many)).isEqualTo(Action.TARGET_ENCODE);
    // "Paid" ends in i-d but is no key
    TestFingerprints paid = TestFingerprints.numeric().name("PercentPaid").distinct(1_600);
    paid.integerShare = 1.0;
    assertThat(rules.decide(paid.build()).ruleId()).isNotEqualTo("numeric_key");
  }

  @Test
  void levelLimitsLieHalfwayBetweenWholeCounts() {
    // one-hot up to 30 levels: an estimate of an exact 30 may read a little above 30 and still be 30
    for (double d : new double[] {30, 30.4}) {
      assertThat(decide(TestFingerprints.string().name("colour").distinct(d))).as("%s levels", d)
          .isEqualTo(Action.ONE_HOT_ENCODE);
    }
    for (double d : new double[] {30.6, 31}) {
      assertThat(decide(TestFingerprints.string().name("colour").distinct(d))).as("%s levels", d)
          .isEqualTo(Action.TARGET_ENCODE);
    }
    // integers read as levels up to 20 values
    java.util.function.DoubleFunction<String> integerRule = d -> {
      TestFingerprints b = TestFingerprints.numeric().name("rating").distinct(d);
      b.integerShare = 1.0;
      return rules.decide(b.build()).ruleId();
    };
    assertThat(integerRule.apply(20.4)).isEqualTo("integer_levels");
    assertThat(integerRule.apply(20.6)).isNotEqualTo("integer_levels");
  }

  @Test
  void stratumOrdersTheSameEvidenceThreeWays() {
    TestFingerprints b = TestFingerprints.numeric().name("Number of bedrooms").distinct(7);
    b.integerShare = 1.0;
    String[] paths = ExpertRules.stratum(b.build()).split(java.util.regex.Pattern.quote(ExpertCalibration.PATH_SEPARATOR));
    assertThat(paths).hasSize(3);
    assertThat(paths[0]).startsWith("d10-int/count/");
    assertThat(paths[1]).startsWith("count/d10-int/");
    assertThat(paths[2]).endsWith("/d10-int/count");
  }

  @Test
  void distinctBucketsAreInterpolatedAroundTheUpperLimits() {
    // far from a limit, or below 10.5 values: one stratum, the one stratum() names
    for (double d : new double[] {2, 3, 8, 30, 100, 5_000}) {
      TestFingerprints b = TestFingerprints.string().distinct(d);
      assertThat(ExpertRules.strata(b.build())).singleElement()
          .satisfies(s -> assertThat(s.stratum()).isEqualTo(ExpertRules.stratum(b.build())));
    }
    // at a limit: half of each bucket; the upper share rises with the estimate
    List<ExpertRules.WeightedStratum> at = ExpertRules.strata(TestFingerprints.string().distinct(50.5).build());
    assertThat(at).extracting(ExpertRules.WeightedStratum::weight).containsExactly(0.5, 0.5);
    assertThat(at.get(0).stratum()).startsWith("d50/");
    assertThat(at.get(1).stratum()).startsWith("d200/");
    List<ExpertRules.WeightedStratum> below = ExpertRules.strata(TestFingerprints.string().distinct(47).build());
    List<ExpertRules.WeightedStratum> above = ExpertRules.strata(TestFingerprints.string().distinct(51).build());
    assertThat(below.get(1).weight()).isBetween(0.0, 0.5);
    assertThat(above.get(1).weight()).isBetween(0.5, 1.0);
    assertThat(below.get(0).weight() + below.get(1).weight()).isEqualTo(1.0);
    // 12 values sit in d20 but near 10.5: mostly d20, partly d10
    List<ExpertRules.WeightedStratum> twelve = ExpertRules.strata(TestFingerprints.string().distinct(12).build());
    assertThat(twelve.get(0).stratum()).startsWith("d10/");
    assertThat(twelve.get(1).stratum()).startsWith("d20/");
    assertThat(twelve.get(1).weight()).isGreaterThan(0.5);
  }

  @Test
  void calibratedConfidenceHasNoStepAtADistinctLimit() {
    // labelled columns: one_hot right just below 50.5 values, parse_numeric right above (strata d50 / d200)
    ExpertCalibration.Builder b = new ExpertCalibration.Builder();
    List<Action> ranked = List.of(Action.PARSE_NUMERIC, Action.ONE_HOT_ENCODE, Action.TARGET_ENCODE);
    for (int i = 0; i < 40; i++) {
      TestFingerprints lower = TestFingerprints.string().name("amount paid").distinct(30);
      lower.unit = 0.6;
      TestFingerprints upper = TestFingerprints.string().name("amount paid").distinct(100);
      upper.unit = 0.6;
      b.add("embedded_number", ExpertRules.stratum(lower.build()), ranked, Set.of(Action.ONE_HOT_ENCODE));
      b.add("embedded_number", ExpertRules.stratum(upper.build()), ranked, Set.of(Action.PARSE_NUMERIC));
    }
    ExpertRules calibrated = new ExpertRules(ExpertThresholds.tuned(), b.build());
    double[] parse = new double[3];
    double[] d = {50.4, 50.6, 51};
    for (int i = 0; i < d.length; i++) {
      TestFingerprints f = TestFingerprints.string().name("amount paid").distinct(d[i]);
      f.unit = 0.6;
      assertThat(calibrated.decide(f.build()).ruleId()).isEqualTo("embedded_number");
      parse[i] = calibrated.propose(f.build()).orElseThrow().ranked().stream()
          .filter(s -> s.action() == Action.PARSE_NUMERIC).findFirst().orElseThrow().confidence();
    }
    // a step at 50.5 moved the confidence from about 0.1 to about 0.9 between 50.4 and 50.6
    assertThat(Math.abs(parse[1] - parse[0])).isLessThan(0.05);
    assertThat(parse[2]).isGreaterThan(parse[1]);
  }

  @Test
  void numbersThatAreTimesAreExtractedWhenTheNameSaysSo() {
    TestFingerprints epoch = TestFingerprints.numeric().name("published_date").distinct(2_000);
    epoch.mean = 1.34e9;
    epoch.integerShare = 1.0;
    assertThat(rules.decide(epoch.build()).ruleId()).isEqualTo("numeric_datetime");
    TestFingerprints digits = TestFingerprints.numeric().name("publish_time").distinct(2_000);
    digits.mean = 2.01e11; // yyyymmddhhmm
    assertThat(decide(digits)).isEqualTo(Action.EXTRACT_DATETIME);
    // the same magnitude under another name is a quantity
    TestFingerprints money = TestFingerprints.numeric().name("revenue").distinct(2_000);
    money.mean = 1.34e9;
    assertThat(rules.decide(money.build()).ruleId()).isNotEqualTo("numeric_datetime");
    // a date name on small numbers (durations, day counts) is no timestamp
    TestFingerprints duration = TestFingerprints.numeric().name("TimeSurvived").distinct(2_000);
    duration.mean = 1_500.0;
    assertThat(rules.decide(duration.build()).ruleId()).isNotEqualTo("numeric_datetime");
  }

  @Test
  void numbersInStringsWithCurrencyOrUnitsAreParsed() {
    TestFingerprints b = TestFingerprints.string().distinct(800);
    b.unit = 0.95;
    Proposal p = propose(b);
    assertThat(rules.decide(b.build()).action()).isEqualTo(Action.PARSE_NUMERIC);
    assertThat(p.explanation()).contains("currency");
  }

  @Test
  void datesInStringsAndByNameAreExtracted() {
    TestFingerprints b = TestFingerprints.string().distinct(300);
    b.dateParse = 0.97;
    assertThat(decide(b)).isEqualTo(Action.EXTRACT_DATETIME);
    TestFingerprints hashes = TestFingerprints.string().name("EndDate").distinct(300);
    assertThat(decide(hashes)).isEqualTo(Action.EXTRACT_DATETIME);
    TestFingerprints typed = TestFingerprints.numeric();
    typed.typeClass = TypeClass.DATETIME;
    assertThat(decide(typed)).isEqualTo(Action.EXTRACT_DATETIME);
  }

  @Test
  void listsBooleansTextUrlsAndCategories() {
    TestFingerprints list = TestFingerprints.string().distinct(400);
    list.list = 0.9;
    assertThat(decide(list)).isEqualTo(Action.SPLIT_LIST);
    TestFingerprints yesNo = TestFingerprints.string().distinct(2);
    yesNo.booleanParse = 1.0;
    assertThat(decide(yesNo)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints text = TestFingerprints.string().distinct(9_000);
    text.meanTokens = 24.0;
    text.meanLength = 140.0;
    assertThat(decide(text)).isEqualTo(Action.VECTORIZE_TEXT);
    TestFingerprints url = TestFingerprints.string().distinct(9_000);
    url.url = 0.99;
    assertThat(decide(url)).isEqualTo(Action.DROP);
    assertThat(decide(TestFingerprints.string().distinct(12))).isEqualTo(Action.ONE_HOT_ENCODE);
    assertThat(decide(TestFingerprints.string().distinct(300))).isEqualTo(Action.TARGET_ENCODE);
  }

  @Test
  void binaryZeroOneIsOneHotAndIntegerLevelsAreCategories() {
    TestFingerprints flag = TestFingerprints.numeric().distinct(2);
    flag.integerShare = 1.0;
    assertThat(decide(flag)).isEqualTo(Action.ONE_HOT_ENCODE);
    TestFingerprints levels = TestFingerprints.numeric().distinct(4);
    levels.integerShare = 1.0;
    assertThat(decide(levels)).isEqualTo(Action.ONE_HOT_ENCODE);
  }

  @Test
  void everyActionOfTheVocabularyCanBeProposed() {
    Set<Action> seen = EnumSet.noneOf(Action.class);
    TestFingerprints skew = TestFingerprints.numeric();
    skew.skewness = 4.0;
    skew.magnitudeSpan = 4.0;
    TestFingerprints neg = TestFingerprints.numeric();
    neg.skewness = 4.0;
    neg.negativeShare = 0.3;
    TestFingerprints heavy = TestFingerprints.numeric();
    heavy.outlierMass = 0.2;
    TestFingerprints unit = TestFingerprints.numeric();
    unit.mean = 0.2;
    unit.stddev = 0.1;
    TestFingerprints date = TestFingerprints.string().distinct(100);
    date.dateParse = 1.0;
    TestFingerprints text = TestFingerprints.string().distinct(9000);
    text.meanTokens = 30.0;
    TestFingerprints num = TestFingerprints.string().distinct(100);
    num.unit = 1.0;
    TestFingerprints list = TestFingerprints.string().distinct(100);
    list.list = 1.0;
    for (TestFingerprints b : List.of(skew, neg, heavy, unit, TestFingerprints.numeric(), date, text, num, list,
        TestFingerprints.string().distinct(5), TestFingerprints.string().distinct(500), TestFingerprints.string().distinct(1))) {
      seen.add(decide(b));
    }
    assertThat(seen).containsExactlyInAnyOrder(Action.values());
  }

  @Test
  void missingValuesGetImputationAndIndicator() {
    TestFingerprints b = TestFingerprints.numeric();
    b.nullFraction = 0.3;
    Proposal p = propose(b);
    assertThat(p.imputation()).isEqualTo(Imputation.MEAN);
    assertThat(p.missingIndicator()).isTrue();
    TestFingerprints skewed = TestFingerprints.numeric();
    skewed.nullFraction = 0.02;
    skewed.skewness = 5.0;
    skewed.magnitudeSpan = 3.0;
    Proposal q = propose(skewed);
    assertThat(q.imputation()).isEqualTo(Imputation.MEDIAN);
    assertThat(q.missingIndicator()).isFalse();
    TestFingerprints cat = TestFingerprints.string().distinct(8);
    cat.nullFraction = 0.4;
    assertThat(propose(cat).imputation()).isEqualTo(Imputation.CONSTANT);
  }

  @Test
  void noisySharesOutsideTheUnitIntervalAreClampedAndConfidencesStayProbabilities() {
    TestFingerprints b = TestFingerprints.string().distinct(50);
    b.list = -0.02;
    b.url = 1.04;
    Proposal p = propose(b);
    assertThat(p.top().action()).isEqualTo(Action.DROP);
    assertThat(p.explanation()).contains("100% of values are URLs");
    for (ScoredAction a : p.ranked()) {
      assertThat(a.confidence()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void lowUtilityFingerprintsAreLessCertain() {
    // named neutrally: the builder's default name "amount" says quantity, and the shipped type trees weigh names
    TestFingerprints sure = TestFingerprints.string().name("visit").distinct(300);
    sure.dateParse = 1.0;
    TestFingerprints noisy = TestFingerprints.string().name("visit").distinct(300);
    noisy.dateParse = 1.0;
    noisy.lowUtility = true;
    double confident = propose(sure).top().confidence();
    double shrunk = propose(noisy).top().confidence();
    // (0.83: the shipped type trees are less sure than the strata of this synthetic date column)
    assertThat(confident).isGreaterThan(0.8);
    assertThat(shrunk).isLessThan(confident).isGreaterThanOrEqualTo(0.5);
    assertThat(propose(noisy).explanation()).contains("noisy");
  }

  /** The default review threshold (aurora.recommend.uncertain-below). */
  private static final double UNCERTAIN_BELOW = 0.6;

  @Test
  void lowUtilityDecisionsRestingOnNoisyStatisticsGoToReview() {
    // a 20-level category and a string-parsed date, both from a fingerprint marked low utility
    TestFingerprints category = TestFingerprints.string().distinct(20);
    TestFingerprints exactCategory = TestFingerprints.string().distinct(20);
    category.lowUtility = true;
    category.noiseScales = java.util.Map.of("kinds", 69.0, "buckets", 69.0);
    TestFingerprints parsedDate = TestFingerprints.string().distinct(300);
    parsedDate.dateParse = 1.0;
    parsedDate.lowUtility = true;
    for (TestFingerprints b : List.of(category, parsedDate)) {
      Proposal p = propose(b);
      assertThat(p.top().confidence()).isLessThan(UNCERTAIN_BELOW).isGreaterThanOrEqualTo(0.5);
      assertThat(p.ranked()).hasSizeGreaterThan(1);
      assertThat(p.explanation()).contains("low utility");
    }
    assertThat(propose(exactCategory).top().confidence()).isGreaterThanOrEqualTo(UNCERTAIN_BELOW);
    // a near-constant column (top value 97 %) is not provably constant when the noise std is 69 of 1,575 rows
    TestFingerprints nearConstant = TestFingerprints.string().distinct(1);
    nearConstant.rowCount = 1575;
    nearConstant.top1 = 0.97;
    nearConstant.lowUtility = true;
    nearConstant.noiseScales = java.util.Map.of("kinds", 69.0, "buckets", 69.0);
    assertThat(propose(nearConstant).top().confidence()).isLessThan(UNCERTAIN_BELOW);
  }

  @Test
  void lowUtilityKeepsConfidenceWhenTheDecisionIsRobustToTheNoise() {
    // a natively typed date column: its type is public metadata, not a noisy statistic
    TestFingerprints typedDate = TestFingerprints.numeric();
    typedDate.typeClass = TypeClass.DATETIME;
    typedDate.sparkType = "date";
    typedDate.mean = null;
    typedDate.stddev = null;
    typedDate.skewness = null;
    typedDate.kurtosis = null;
    typedDate.integerShare = null;
    double exact = propose(typedDate).top().confidence();
    typedDate.lowUtility = true;
    Proposal noisyDate = propose(typedDate);
    assertThat(noisyDate.top().action()).isEqualTo(Action.EXTRACT_DATETIME);
    assertThat(noisyDate.top().confidence()).isGreaterThanOrEqualTo(UNCERTAIN_BELOW).isGreaterThanOrEqualTo(exact * 0.75);
    // a truly constant column: 100 % top share minus 3 std (8 rows) of 100,000 rows is still constant
    TestFingerprints constant = TestFingerprints.string().distinct(1);
    constant.rowCount = 100_000;
    constant.top1 = 1.0;
    constant.lowUtility = true;
    constant.noiseScales = java.util.Map.of("kinds", 8.0, "buckets", 8.0);
    Proposal p = propose(constant);
    assertThat(p.top().action()).isEqualTo(Action.DROP);
    assertThat(p.top().confidence()).isGreaterThanOrEqualTo(UNCERTAIN_BELOW);
  }

  @Test
  void calibrationIsShippedAndUnseenRulesAreUncertain() {
    assertThat(rules.calibration().observations("datetime")).isGreaterThan(100);
    ExpertRules blank = new ExpertRules(ExpertThresholds.tuned(), ExpertCalibration.uninformed());
    assertThat(blank.propose(TestFingerprints.numeric().build()).orElseThrow().top().confidence()).isEqualTo(0.5);
  }

  @Test
  void explanationsCarryNoMoreThanRoundedStatistics() {
    TestFingerprints b = TestFingerprints.numeric();
    b.skewness = 4.2371;
    b.magnitudeSpan = 5.0123;
    assertThat(propose(b).explanation()).doesNotContain("4.2371").doesNotContain("5.0123");
  }

  @Test
  void rulesAreSerializableForExecutors() throws Exception {
    ExpertRules copy = SerializationUtils.roundtrip(rules);
    Fingerprint f = TestFingerprints.numeric().build();
    assertThat(copy.propose(f)).isEqualTo(rules.propose(f));
  }
}
