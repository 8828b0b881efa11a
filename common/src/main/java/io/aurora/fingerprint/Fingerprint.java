package io.aurora.fingerprint;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What AURORA keeps about one column of one profile run: statistics released under differential
 * privacy (or derived from released statistics by post-processing), never a raw value. One row of
 * the {@code fingerprints} Delta table.
 *
 * <p>Shares are fractions in [0, 1]. Boxed {@code Double} fields are null when the statistic does
 * not apply to the column (e.g. skewness of a text column). Numeric shape statistics describe the
 * column's numeric values: native numbers, or numbers parsed from strings when the column's strings
 * are mostly numeric. Only {@code io.aurora.privacy} / {@code io.aurora.profile} construct these
 * from raw statistics; every other module only reads them.
 */
public record Fingerprint(
    // identity (public metadata, not data)
    String tenant,
    String dataset,
    String runId,
    String partition,
    int columnIndex,
    String columnName,
    String sparkType,
    // type inference
    TypeClass typeClass,
    double typeAgreement,
    // counts and missingness
    double rowCount,
    double nullFraction,
    // cardinality and frequency shape (no labels)
    double distinctEstimate,
    double distinctRatio,
    double top1Share,
    double top10Share,
    double entropyNormalized,
    double singletonShare,
    // numeric shape
    double numericShare,
    Double mean,
    Double stddev,
    Double skewness,
    Double kurtosis,
    Double outlierMass,
    Double negativeShare,
    Double zeroShare,
    Double integerShare,
    Double nonFiniteShare,
    Double magnitudeSpan,
    List<Double> quantiles,
    // string shape (over non-null string values; null for non-string columns)
    Double meanLength,
    Double stddevLength,
    Double meanTokens,
    Double digitCharShare,
    Double alphaCharShare,
    Double punctuationCharShare,
    Double whitespaceCharShare,
    Double numberParseShare,
    Double dateParseShare,
    Double booleanParseShare,
    Double urlShare,
    Double emailShare,
    Double listShare,
    Double numberWithUnitShare,
    Double leadingZeroShare,
    // privacy accounting and utility
    double epsilon,
    Map<String, Double> noiseScales,
    boolean lowUtility,
    Timestamp createdAt)
    implements Serializable {

  /** Probabilities at which {@link #quantiles()} are given. */
  public static final double[] QUANTILE_LEVELS = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  public Fingerprint {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(columnName, "columnName is null");
    requireNonNull(sparkType, "sparkType is null");
    requireNonNull(typeClass, "typeClass is null");
    quantiles = quantiles == null ? null : List.copyOf(quantiles);
    noiseScales = noiseScales == null ? Map.of() : Map.copyOf(noiseScales);
  }

  /** Delta schema of the {@code fingerprints} table; column order matches the record components. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("tenant", DataTypes.StringType, false),
      field("dataset", DataTypes.StringType, false),
      field("run_id", DataTypes.StringType, false),
      field("partition", DataTypes.StringType, true),
      field("column_index", DataTypes.IntegerType, false),
      field("column_name", DataTypes.StringType, false),
      field("spark_type", DataTypes.StringType, false),
      field("type_class", DataTypes.StringType, false),
      field("type_agreement", DataTypes.DoubleType, false),
      field("row_count", DataTypes.DoubleType, false),
      field("null_fraction", DataTypes.DoubleType, false),
      field("distinct_estimate", DataTypes.DoubleType, false),
      field("distinct_ratio", DataTypes.DoubleType, false),
      field("top1_share", DataTypes.DoubleType, false),
      field("top10_share", DataTypes.DoubleType, false),
      field("entropy_normalized", DataTypes.DoubleType, false),
      field("singleton_share", DataTypes.DoubleType, false),
      field("numeric_share", DataTypes.DoubleType, false),
      field("mean", DataTypes.DoubleType, true),
      field("stddev", DataTypes.DoubleType, true),
      field("skewness", DataTypes.DoubleType, true),
      field("kurtosis", DataTypes.DoubleType, true),
      field("outlier_mass", DataTypes.DoubleType, true),
      field("negative_share", DataTypes.DoubleType, true),
      field("zero_share", DataTypes.DoubleType, true),
      field("integer_share", DataTypes.DoubleType, true),
      field("non_finite_share", DataTypes.DoubleType, true),
      field("magnitude_span", DataTypes.DoubleType, true),
      field("quantiles", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
      field("mean_length", DataTypes.DoubleType, true),
      field("stddev_length", DataTypes.DoubleType, true),
      field("mean_tokens", DataTypes.DoubleType, true),
      field("digit_char_share", DataTypes.DoubleType, true),
      field("alpha_char_share", DataTypes.DoubleType, true),
      field("punctuation_char_share", DataTypes.DoubleType, true),
      field("whitespace_char_share", DataTypes.DoubleType, true),
      field("number_parse_share", DataTypes.DoubleType, true),
      field("date_parse_share", DataTypes.DoubleType, true),
      field("boolean_parse_share", DataTypes.DoubleType, true),
      field("url_share", DataTypes.DoubleType, true),
      field("email_share", DataTypes.DoubleType, true),
      field("list_share", DataTypes.DoubleType, true),
      field("number_with_unit_share", DataTypes.DoubleType, true),
      field("leading_zero_share", DataTypes.DoubleType, true),
      field("epsilon", DataTypes.DoubleType, false),
      field("noise_scales", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false),
      field("low_utility", DataTypes.BooleanType, false),
      field("created_at", DataTypes.TimestampType, false),
  });

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty());
  }

  /** This fingerprint as a row of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(
        tenant, dataset, runId, partition, columnIndex, columnName, sparkType, typeClass.wireName(),
        typeAgreement, rowCount, nullFraction, distinctEstimate, distinctRatio, top1Share, top10Share,
        entropyNormalized, singletonShare, numericShare, mean, stddev, skewness, kurtosis, outlierMass,
        negativeShare, zeroShare, integerShare, nonFiniteShare, magnitudeSpan,
        quantiles,
        meanLength, stddevLength, meanTokens, digitCharShare, alphaCharShare, punctuationCharShare,
        whitespaceCharShare, numberParseShare, dateParseShare, booleanParseShare, urlShare, emailShare,
        listShare, numberWithUnitShare, leadingZeroShare, epsilon,
        noiseScales,
        lowUtility, createdAt);
  }

  /** Reads a fingerprint from a row that has (at least) the columns of {@link #SCHEMA}, by name. */
  public static Fingerprint fromRow(Row r) {
    List<Double> q = null;
    int qi = r.fieldIndex("quantiles");
    if (!r.isNullAt(qi)) {
      q = new ArrayList<>(r.<Double>getList(qi));
    }
    Map<String, Double> scales = new LinkedHashMap<>();
    int si = r.fieldIndex("noise_scales");
    if (!r.isNullAt(si)) {
      scales.putAll(r.<String, Double>getJavaMap(si));
    }
    return new Fingerprint(
        r.getAs("tenant"), r.getAs("dataset"), r.getAs("run_id"), r.getAs("partition"),
        r.<Integer>getAs("column_index"), r.getAs("column_name"), r.getAs("spark_type"),
        TypeClass.fromWire(r.getAs("type_class")), d(r, "type_agreement"), d(r, "row_count"),
        d(r, "null_fraction"), d(r, "distinct_estimate"), d(r, "distinct_ratio"), d(r, "top1_share"),
        d(r, "top10_share"), d(r, "entropy_normalized"), d(r, "singleton_share"), d(r, "numeric_share"),
        o(r, "mean"), o(r, "stddev"), o(r, "skewness"), o(r, "kurtosis"), o(r, "outlier_mass"),
        o(r, "negative_share"), o(r, "zero_share"), o(r, "integer_share"), o(r, "non_finite_share"),
        o(r, "magnitude_span"), q, o(r, "mean_length"), o(r, "stddev_length"), o(r, "mean_tokens"),
        o(r, "digit_char_share"), o(r, "alpha_char_share"), o(r, "punctuation_char_share"),
        o(r, "whitespace_char_share"), o(r, "number_parse_share"), o(r, "date_parse_share"),
        o(r, "boolean_parse_share"), o(r, "url_share"), o(r, "email_share"), o(r, "list_share"),
        o(r, "number_with_unit_share"), o(r, "leading_zero_share"), d(r, "epsilon"), scales,
        r.<Boolean>getAs("low_utility"), r.getAs("created_at"));
  }

  private static double d(Row r, String name) {
    return r.<Double>getAs(name);
  }

  private static Double o(Row r, String name) {
    int i = r.fieldIndex(name);
    return r.isNullAt(i) ? null : r.getDouble(i);
  }
}
