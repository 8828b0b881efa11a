package io.aurora.profile;

import java.io.Serializable;
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

/** How to read one column from an {@code InternalRow} and which family of statistics it gets. */
record ColumnPlan(int ordinal, ColumnFamily family, Reader reader, int precision, int scale) implements Serializable {

  /** The physical accessor of {@code InternalRow} for a Spark type. */
  enum Reader { BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP, STRING, BINARY, ARRAY, MAP, OPAQUE }

  static ColumnPlan of(int ordinal, DataType type) {
    ColumnFamily family = ColumnFamily.of(type);
    Reader reader;
    int precision = 0;
    int scale = 0;
    if (type instanceof ByteType) {
      reader = Reader.BYTE;
    } else if (type instanceof ShortType) {
      reader = Reader.SHORT;
    } else if (type instanceof IntegerType) {
      reader = Reader.INT;
    } else if (type instanceof LongType) {
      reader = Reader.LONG;
    } else if (type instanceof FloatType) {
      reader = Reader.FLOAT;
    } else if (type instanceof DoubleType) {
      reader = Reader.DOUBLE;
    } else if (type instanceof DecimalType d) {
      reader = Reader.DECIMAL;
      precision = d.precision();
      scale = d.scale();
    } else if (type instanceof BooleanType) {
      reader = Reader.BOOLEAN;
    } else if (type instanceof DateType) {
      reader = Reader.DATE;
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      reader = Reader.TIMESTAMP;
    } else if (type instanceof StringType) {
      reader = Reader.STRING;
    } else if (type instanceof BinaryType) {
      reader = Reader.BINARY;
    } else if (type instanceof ArrayType) {
      reader = Reader.ARRAY;
    } else if (type instanceof MapType) {
      reader = Reader.MAP;
    } else {
      reader = Reader.OPAQUE;
    }
    return new ColumnPlan(ordinal, family, reader, precision, scale);
  }
}
