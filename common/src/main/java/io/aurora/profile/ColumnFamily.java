package io.aurora.profile;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * How a column is profiled, decided from its Spark type alone (public metadata): which statistics
 * the scan collects for it. Which of them are released is decided per column by {@link ColumnBranch}
 * from the first stage of the release.
 */
public enum ColumnFamily {
  NUMERIC(EnumSet.of(ValueKind.NULL, ValueKind.NUMBER_INT, ValueKind.NUMBER_FRAC, ValueKind.NUMBER_NONFINITE),
      EnumSet.of(Statistic.KINDS, Statistic.DISTINCT, Statistic.BUCKETS, Statistic.MAGNITUDES, Statistic.FREQUENCIES)),
  BOOLEAN(EnumSet.of(ValueKind.NULL, ValueKind.BOOLEAN_TRUE, ValueKind.BOOLEAN_FALSE),
      EnumSet.of(Statistic.KINDS)),
  TEMPORAL(EnumSet.of(ValueKind.NULL, ValueKind.TEMPORAL),
      EnumSet.of(Statistic.KINDS, Statistic.DISTINCT, Statistic.BUCKETS, Statistic.FREQUENCIES)),
  STRING(EnumSet.of(ValueKind.NULL, ValueKind.MISSING_TOKEN, ValueKind.BLANK, ValueKind.TEXT_BOOLEAN,
      ValueKind.TEXT_INT, ValueKind.TEXT_FRAC, ValueKind.TEXT_LEADING_ZERO, ValueKind.TEXT_DATE,
      ValueKind.TEXT_NUMBER_WITH_UNIT, ValueKind.TEXT_URL, ValueKind.TEXT_EMAIL, ValueKind.TEXT_LIST,
      ValueKind.TEXT_OTHER),
      EnumSet.of(Statistic.KINDS, Statistic.DISTINCT, Statistic.BUCKETS, Statistic.MAGNITUDES, Statistic.FREQUENCIES,
          Statistic.LENGTHS, Statistic.TOKENS)),
  /** Binary: hashed like strings for cardinality, plus byte length. */
  BINARY(EnumSet.of(ValueKind.NULL, ValueKind.OTHER_VALUE),
      EnumSet.of(Statistic.KINDS, Statistic.DISTINCT, Statistic.BUCKETS, Statistic.FREQUENCIES, Statistic.LENGTHS)),
  /** Arrays and maps: fingerprinted by shape only (missingness, number of elements). */
  SIZED(EnumSet.of(ValueKind.NULL, ValueKind.OTHER_VALUE), EnumSet.of(Statistic.KINDS, Statistic.LENGTHS)),
  /** Structs, intervals and anything else: missingness only. */
  OPAQUE(EnumSet.of(ValueKind.NULL, ValueKind.OTHER_VALUE), EnumSet.of(Statistic.KINDS));

  private final Set<ValueKind> kinds;
  private final Set<Statistic> statistics;

  ColumnFamily(Set<ValueKind> kinds, Set<Statistic> statistics) {
    this.kinds = kinds;
    this.statistics = statistics;
  }

  Set<ValueKind> kinds() {
    return kinds;
  }

  /** The statistics collected for a column of this family (those released are a subset). */
  public Set<Statistic> statistics() {
    return statistics;
  }

  /** The family of a Spark type. */
  public static ColumnFamily of(DataType type) {
    if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType || type instanceof FloatType || type instanceof DoubleType
        || type instanceof DecimalType) {
      return NUMERIC;
    }
    if (type instanceof BooleanType) {
      return BOOLEAN;
    }
    if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      return TEMPORAL;
    }
    if (type instanceof StringType) {
      return STRING;
    }
    if (type instanceof BinaryType) {
      return BINARY;
    }
    if (type instanceof ArrayType || type instanceof MapType) {
      return SIZED;
    }
    return OPAQUE;
  }
}
