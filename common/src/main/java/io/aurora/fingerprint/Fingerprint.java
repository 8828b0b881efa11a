package io.aurora.fingerprint;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What AURORA keeps about one column of one profile run: statistics released under differential
 * privacy (or derived from released statistics by post-processing), never a raw value. One row of
 * the {@code fingerprints} Delta table.
 *
 * <p>Shares are fractions in [0, 1]. Boxed fields are null when the statistic does not apply to the
 * column or was not released for it (a text column has no skewness; a typed date column releases
 * no distinct count). Numeric shape statistics describe the column's numeric values: native
 * numbers, or numbers parsed from strings when the column's strings are mostly numeric. Every
 * released estimate a decision or a person reads has its noise in {@link #estimateStd} (standard
 * deviation of the estimate due to the noise, by field name) and a 90 % interval in
 * {@link #intervals}. The table's schema, the row conversion and the {@link Builder} all come from
 * one field table, {@link Field}.
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
    Double top10Share,
    Double entropyNormalized,
    Double singletonShare,
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
    Map<String, Double> estimateStd,
    Map<String, List<Double>> intervals,
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
    estimateStd = estimateStd == null ? Map.of() : Map.copyOf(estimateStd);
    if (intervals == null) {
      intervals = Map.of();
    } else {
      Map<String, List<Double>> copy = new LinkedHashMap<>();
      intervals.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      intervals = Map.copyOf(copy);
    }
  }

  /**
   * The noise standard deviation of the estimate in field {@code field} (a {@link Field#wireName()}),
   * or 0 when none was recorded (public metadata, or a fingerprint from exact statistics).
   */
  public double std(Field field) {
    Double s = estimateStd.get(field.wireName());
    return s == null || s.isNaN() ? 0 : s;
  }

  /**
   * The released value an entry of {@link #intervals()} is about: a field's wire name or a quantile
   * key ({@code q25}); null when the fingerprint has no such value (or the key is not a value's).
   */
  public Double intervalValue(String key) {
    if (key.matches("q\\d+")) {
      int percent = Integer.parseInt(key.substring(1));
      for (int q = 0; quantiles != null && q < QUANTILE_LEVELS.length; q++) {
        if (Math.round(QUANTILE_LEVELS[q] * 100) == percent) {
          return quantiles.get(q);
        }
      }
      return null;
    }
    for (Field field : Field.values()) {
      if (field.wireName().equals(key)) {
        return field.get(this) instanceof Number n ? n.doubleValue() : null;
      }
    }
    return null;
  }

  /** The 90 % interval of field {@code field}, or null when none was recorded. */
  public List<Double> interval(Field field) {
    return intervals.get(field.wireName());
  }

  /** A new builder with every field unset (null, 0 or false). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this fingerprint's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (Field f : Field.values()) {
      b.values[f.ordinal()] = f.getter.apply(this);
    }
    return b;
  }

  /** Delta schema of the {@code fingerprints} table; column order matches the record components. */
  public static final StructType SCHEMA;

  static {
    StructField[] fields = new StructField[Field.values().length];
    for (Field f : Field.values()) {
      fields[f.ordinal()] = new StructField(f.wireName(), f.type, f.nullable, Metadata.empty());
    }
    SCHEMA = new StructType(fields);
  }

  /** This fingerprint as a row of {@link #SCHEMA}. */
  public Row toRow() {
    Object[] values = new Object[Field.values().length];
    for (Field f : Field.values()) {
      values[f.ordinal()] = f.toSpark(f.getter.apply(this));
    }
    return RowFactory.create(values);
  }

  /**
   * Reads a fingerprint from a row that has (at least) the columns of {@link #SCHEMA}, by name. A
   * column missing from an older table reads as unset.
   */
  public static Fingerprint fromRow(Row r) {
    Builder b = new Builder();
    List<String> names = List.of(r.schema().fieldNames());
    for (Field f : Field.values()) {
      if (!names.contains(f.wireName())) {
        continue;
      }
      int i = r.fieldIndex(f.wireName());
      b.values[f.ordinal()] = r.isNullAt(i) ? null : f.fromSpark(r, i);
    }
    return b.build();
  }

  /**
   * The field table: one entry per component, in order, with its column name in the table, Spark
   * type, nullability and accessor. {@link #SCHEMA}, {@link #toRow()}, {@link #fromRow} and the
   * {@link Builder} are all derived from it.
   */
  public enum Field {
    TENANT(DataTypes.StringType, false, Fingerprint::tenant),
    DATASET(DataTypes.StringType, false, Fingerprint::dataset),
    RUN_ID(DataTypes.StringType, false, Fingerprint::runId),
    PARTITION(DataTypes.StringType, true, Fingerprint::partition),
    COLUMN_INDEX(DataTypes.IntegerType, false, Fingerprint::columnIndex),
    COLUMN_NAME(DataTypes.StringType, false, Fingerprint::columnName),
    SPARK_TYPE(DataTypes.StringType, false, Fingerprint::sparkType),
    TYPE_CLASS(DataTypes.StringType, false, Fingerprint::typeClass),
    TYPE_AGREEMENT(DataTypes.DoubleType, false, Fingerprint::typeAgreement),
    ROW_COUNT(DataTypes.DoubleType, false, Fingerprint::rowCount),
    NULL_FRACTION(DataTypes.DoubleType, false, Fingerprint::nullFraction),
    DISTINCT_ESTIMATE(DataTypes.DoubleType, false, Fingerprint::distinctEstimate),
    DISTINCT_RATIO(DataTypes.DoubleType, false, Fingerprint::distinctRatio),
    TOP1_SHARE(DataTypes.DoubleType, false, Fingerprint::top1Share),
    TOP10_SHARE(DataTypes.DoubleType, true, Fingerprint::top10Share),
    ENTROPY_NORMALIZED(DataTypes.DoubleType, true, Fingerprint::entropyNormalized),
    SINGLETON_SHARE(DataTypes.DoubleType, true, Fingerprint::singletonShare),
    NUMERIC_SHARE(DataTypes.DoubleType, false, Fingerprint::numericShare),
    MEAN(DataTypes.DoubleType, true, Fingerprint::mean),
    STDDEV(DataTypes.DoubleType, true, Fingerprint::stddev),
    SKEWNESS(DataTypes.DoubleType, true, Fingerprint::skewness),
    KURTOSIS(DataTypes.DoubleType, true, Fingerprint::kurtosis),
    OUTLIER_MASS(DataTypes.DoubleType, true, Fingerprint::outlierMass),
    NEGATIVE_SHARE(DataTypes.DoubleType, true, Fingerprint::negativeShare),
    ZERO_SHARE(DataTypes.DoubleType, true, Fingerprint::zeroShare),
    INTEGER_SHARE(DataTypes.DoubleType, true, Fingerprint::integerShare),
    NON_FINITE_SHARE(DataTypes.DoubleType, true, Fingerprint::nonFiniteShare),
    MAGNITUDE_SPAN(DataTypes.DoubleType, true, Fingerprint::magnitudeSpan),
    QUANTILES(DataTypes.createArrayType(DataTypes.DoubleType, false), true, Fingerprint::quantiles),
    MEAN_LENGTH(DataTypes.DoubleType, true, Fingerprint::meanLength),
    STDDEV_LENGTH(DataTypes.DoubleType, true, Fingerprint::stddevLength),
    MEAN_TOKENS(DataTypes.DoubleType, true, Fingerprint::meanTokens),
    DIGIT_CHAR_SHARE(DataTypes.DoubleType, true, Fingerprint::digitCharShare),
    ALPHA_CHAR_SHARE(DataTypes.DoubleType, true, Fingerprint::alphaCharShare),
    PUNCTUATION_CHAR_SHARE(DataTypes.DoubleType, true, Fingerprint::punctuationCharShare),
    WHITESPACE_CHAR_SHARE(DataTypes.DoubleType, true, Fingerprint::whitespaceCharShare),
    NUMBER_PARSE_SHARE(DataTypes.DoubleType, true, Fingerprint::numberParseShare),
    DATE_PARSE_SHARE(DataTypes.DoubleType, true, Fingerprint::dateParseShare),
    BOOLEAN_PARSE_SHARE(DataTypes.DoubleType, true, Fingerprint::booleanParseShare),
    URL_SHARE(DataTypes.DoubleType, true, Fingerprint::urlShare),
    EMAIL_SHARE(DataTypes.DoubleType, true, Fingerprint::emailShare),
    LIST_SHARE(DataTypes.DoubleType, true, Fingerprint::listShare),
    NUMBER_WITH_UNIT_SHARE(DataTypes.DoubleType, true, Fingerprint::numberWithUnitShare),
    LEADING_ZERO_SHARE(DataTypes.DoubleType, true, Fingerprint::leadingZeroShare),
    EPSILON(DataTypes.DoubleType, false, Fingerprint::epsilon),
    NOISE_SCALES(DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false, Fingerprint::noiseScales),
    ESTIMATE_STD(DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true, Fingerprint::estimateStd),
    INTERVALS(DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.DoubleType, false), false), true,
        Fingerprint::intervals),
    LOW_UTILITY(DataTypes.BooleanType, false, Fingerprint::lowUtility),
    CREATED_AT(DataTypes.TimestampType, false, Fingerprint::createdAt);

    private final DataType type;
    private final boolean nullable;
    private final Function<Fingerprint, Object> getter;

    Field(DataType type, boolean nullable, Function<Fingerprint, Object> getter) {
      this.type = type;
      this.nullable = nullable;
      this.getter = getter;
    }

    /** The column's name in the {@code fingerprints} table (and key in the uncertainty maps). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** This field's value in {@code f}. */
    public Object get(Fingerprint f) {
      return getter.apply(f);
    }

    private Object toSpark(Object v) {
      return this == TYPE_CLASS ? ((TypeClass) v).wireName() : v;
    }

    private Object fromSpark(Row r, int i) {
      return switch (this) {
        case TYPE_CLASS -> TypeClass.fromWire(r.getString(i));
        case QUANTILES -> new ArrayList<>(r.<Double>getList(i));
        case NOISE_SCALES, ESTIMATE_STD -> new LinkedHashMap<>(r.<String, Double>getJavaMap(i));
        case INTERVALS -> {
          Map<String, List<Double>> out = new LinkedHashMap<>();
          r.<String, Object>getJavaMap(i).forEach((k, seq) -> out.put(k, doubles(seq)));
          yield out;
        }
        default -> r.get(i);
      };
    }

    @SuppressWarnings("unchecked")
    private static List<Double> doubles(Object seq) {
      if (seq instanceof List<?> list) {
        return new ArrayList<>((List<Double>) list);
      }
      return new ArrayList<>(scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<Double>) seq));
    }
  }

  /** Builds a {@link Fingerprint} field by field; unset boxed fields are null, unset primitives 0/false. */
  public static final class Builder {
    private final Object[] values = new Object[Field.values().length];

    private Builder() {}

    /** Sets {@code field} to {@code value} (boxed; null for an unset nullable field). */
    public Builder set(Field field, Object value) {
      values[field.ordinal()] = value;
      return this;
    }

    public Object get(Field field) {
      return values[field.ordinal()];
    }

    public Fingerprint build() {
      return new Fingerprint(
          (String) v(Field.TENANT), (String) v(Field.DATASET), (String) v(Field.RUN_ID), (String) v(Field.PARTITION),
          i(Field.COLUMN_INDEX), (String) v(Field.COLUMN_NAME), (String) v(Field.SPARK_TYPE),
          (TypeClass) v(Field.TYPE_CLASS), d(Field.TYPE_AGREEMENT), d(Field.ROW_COUNT), d(Field.NULL_FRACTION),
          d(Field.DISTINCT_ESTIMATE), d(Field.DISTINCT_RATIO), d(Field.TOP1_SHARE), o(Field.TOP10_SHARE),
          o(Field.ENTROPY_NORMALIZED), o(Field.SINGLETON_SHARE), d(Field.NUMERIC_SHARE), o(Field.MEAN), o(Field.STDDEV),
          o(Field.SKEWNESS), o(Field.KURTOSIS), o(Field.OUTLIER_MASS), o(Field.NEGATIVE_SHARE), o(Field.ZERO_SHARE),
          o(Field.INTEGER_SHARE), o(Field.NON_FINITE_SHARE), o(Field.MAGNITUDE_SPAN), list(Field.QUANTILES),
          o(Field.MEAN_LENGTH), o(Field.STDDEV_LENGTH), o(Field.MEAN_TOKENS), o(Field.DIGIT_CHAR_SHARE),
          o(Field.ALPHA_CHAR_SHARE), o(Field.PUNCTUATION_CHAR_SHARE), o(Field.WHITESPACE_CHAR_SHARE),
          o(Field.NUMBER_PARSE_SHARE), o(Field.DATE_PARSE_SHARE), o(Field.BOOLEAN_PARSE_SHARE), o(Field.URL_SHARE),
          o(Field.EMAIL_SHARE), o(Field.LIST_SHARE), o(Field.NUMBER_WITH_UNIT_SHARE), o(Field.LEADING_ZERO_SHARE),
          d(Field.EPSILON), map(Field.NOISE_SCALES), map(Field.ESTIMATE_STD), intervals(), bool(Field.LOW_UTILITY),
          (Timestamp) v(Field.CREATED_AT));
    }

    private Object v(Field f) {
      return values[f.ordinal()];
    }

    private double d(Field f) {
      Object x = v(f);
      return x == null ? 0 : ((Number) x).doubleValue();
    }

    private int i(Field f) {
      Object x = v(f);
      return x == null ? 0 : ((Number) x).intValue();
    }

    private Double o(Field f) {
      Object x = v(f);
      return x == null ? null : ((Number) x).doubleValue();
    }

    private boolean bool(Field f) {
      Object x = v(f);
      return x != null && (Boolean) x;
    }

    @SuppressWarnings("unchecked")
    private List<Double> list(Field f) {
      return (List<Double>) v(f);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Double> map(Field f) {
      return (Map<String, Double>) v(f);
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Double>> intervals() {
      return (Map<String, List<Double>>) v(Field.INTERVALS);
    }
  }
}
