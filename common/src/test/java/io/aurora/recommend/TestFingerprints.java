package io.aurora.recommend;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** A builder of fingerprints for tests: defaults describe a symmetric numeric column of 10,000 rows. */
final class TestFingerprints {
  String tenant = "t";
  String dataset = "d";
  String runId = "r1";
  int columnIndex = 0;
  String name = "amount";
  String sparkType = "double";
  TypeClass typeClass = TypeClass.NUMERIC;
  double rowCount = 10_000;
  double nullFraction = 0;
  double distinct = 5_000;
  double distinctRatio = 0.5;
  double top1 = 0.001;
  Double mean = 50.0;
  Double stddev = 10.0;
  Double skewness = 0.1;
  Double kurtosis = 0.2;
  Double outlierMass = 0.001;
  Double negativeShare = 0.0;
  Double integerShare = 0.0;
  Double magnitudeSpan = 0.5;
  List<Double> quantiles = null;
  Double meanLength;
  Double meanTokens;
  Double numberParse;
  Double dateParse;
  Double booleanParse;
  Double url;
  Double email;
  Double list;
  Double unit;
  Double leadingZero;
  boolean lowUtility;
  java.util.Map<String, Double> noiseScales = Map.of();
  /** Noise std per field (none: exact statistics, every test reliable). */
  java.util.Map<String, Double> estimateStd = new java.util.HashMap<>();
  java.util.Map<String, List<Double>> intervals = Map.of();

  static TestFingerprints numeric() {
    return new TestFingerprints();
  }

  /** A string column: numeric shape cleared, string shape zeroed. */
  static TestFingerprints string() {
    TestFingerprints b = new TestFingerprints();
    b.typeClass = TypeClass.STRING;
    b.sparkType = "string";
    b.mean = null;
    b.stddev = null;
    b.skewness = null;
    b.kurtosis = null;
    b.outlierMass = null;
    b.negativeShare = null;
    b.integerShare = null;
    b.magnitudeSpan = null;
    b.meanLength = 8.0;
    b.meanTokens = 1.0;
    b.numberParse = 0.0;
    b.dateParse = 0.0;
    b.booleanParse = 0.0;
    b.url = 0.0;
    b.email = 0.0;
    b.list = 0.0;
    b.unit = 0.0;
    b.leadingZero = 0.0;
    return b;
  }

  TestFingerprints name(String n) {
    this.name = n;
    return this;
  }

  TestFingerprints distinct(double d) {
    this.distinct = d;
    this.distinctRatio = d / (rowCount * (1 - nullFraction));
    this.top1 = 1.0 / Math.max(1, d);
    return this;
  }

  /** Sets the noise std of one field (by its wire name): its tests become unreliable within about 2 std of a threshold. */
  TestFingerprints std(Fingerprint.Field field, double std) {
    estimateStd.put(field.wireName(), std);
    return this;
  }

  TestFingerprints quantiles(double... q) {
    this.quantiles = java.util.Arrays.stream(q).boxed().toList();
    return this;
  }

  Fingerprint build() {
    return new Fingerprint(tenant, dataset, runId, null, columnIndex, name, sparkType, typeClass, 1.0, rowCount,
        nullFraction, distinct, distinctRatio, top1, Math.min(1, 10 * top1), 0.9, 0.1,
        typeClass == TypeClass.NUMERIC ? 1.0 : 0.0, mean, stddev, skewness, kurtosis, outlierMass, negativeShare, 0.0,
        integerShare, typeClass == TypeClass.NUMERIC ? 0.0 : null, magnitudeSpan, quantiles, meanLength, null,
        meanTokens, null, null, null, null, numberParse, dateParse, booleanParse, url, email, list, unit, leadingZero,
        1.0, noiseScales, estimateStd, intervals, lowUtility, new Timestamp(0));
  }
}
