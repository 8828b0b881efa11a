package io.aurora.bench.profile;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Generated columns covering the situations of every recommendation action (SPEC §2.2), built with
 * Spark expressions from {@code spark.range} so any size can be produced without the driver holding it.
 */
final class GeneratedData {
  private GeneratedData() {}

  /** The 20 mixed column kinds, cycled when more columns are asked for. */
  static final String[] KINDS = {
      "lognormal", "normal", "skewed_signed", "heavy_tail", "count", "flag01", "category_few", "category_many",
      "identifier", "free_text", "money", "date_text", "yes_no", "mostly_null", "list", "zip", "constant",
      "double_with_nan", "timestamp", "measure_unit"};

  static Dataset<Row> mixed(SparkSession spark, long rows, int columns, int partitions) {
    Dataset<Row> base = spark.range(0, rows, 1, partitions).withColumnRenamed("id", "i");
    List<Column> out = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      String kind = KINDS[c % KINDS.length];
      out.add(column(kind, c).as(kind + "_" + c));
    }
    return base.select(out.toArray(new Column[0]));
  }

  private static Column u(int c, int salt) {
    return functions.rand(31L * c + salt);
  }

  private static Column gauss(int c, int salt) {
    return functions.randn(31L * c + salt);
  }

  private static Column column(String kind, int c) {
    Column i = functions.col("i");
    return switch (kind) {
      case "lognormal" -> functions.exp(gauss(c, 1).multiply(2.0)).multiply(100);
      case "normal" -> gauss(c, 2).multiply(15).plus(170);
      case "skewed_signed" -> functions.exp(gauss(c, 3).multiply(1.5)).minus(2).multiply(50);
      case "heavy_tail" -> gauss(c, 4).divide(functions.abs(gauss(c, 5)).plus(0.05));
      case "count" -> functions.floor(functions.exp(u(c, 6).multiply(6))).cast("int");
      case "flag01" -> functions.when(u(c, 7).lt(0.3), 1).otherwise(0);
      case "category_few" -> functions.element_at(functions.array(functions.lit("red"), functions.lit("green"),
          functions.lit("blue"), functions.lit("black"), functions.lit("white")), functions.floor(functions.pow(u(c, 8), 2).multiply(5)).cast("int").plus(1));
      case "category_many" -> functions.concat(functions.lit("sku-"), functions.floor(functions.pow(u(c, 9), 3).multiply(5000)).cast("string"));
      case "identifier" -> functions.concat(functions.lit("id-"), functions.hex(i.multiply(2654435761L).plus(c)));
      case "free_text" -> functions.concat_ws(" ", functions.lit("the"), functions.element_at(functions.array(
          functions.lit("quick"), functions.lit("lazy"), functions.lit("brown"), functions.lit("red")), functions.floor(u(c, 10).multiply(4)).cast("int").plus(1)),
          functions.lit("fox number"), functions.floor(u(c, 11).multiply(1000)).cast("string"), functions.lit("jumped over it"));
      case "money" -> functions.format_string("$%,d", functions.floor(functions.exp(gauss(c, 12).plus(7))).cast("long"));
      case "date_text" -> functions.date_format(functions.timestamp_seconds(functions.lit(1_500_000_000L).plus(functions.floor(u(c, 13).multiply(200_000_000)))), "yyyy-MM-dd");
      case "yes_no" -> functions.when(u(c, 14).lt(0.6), "yes").otherwise("no");
      case "mostly_null" -> functions.when(u(c, 15).lt(0.97), functions.lit(null).cast("double")).otherwise(gauss(c, 16));
      case "list" -> functions.concat_ws(";", functions.lit("a"), functions.floor(u(c, 17).multiply(10)).cast("string"), functions.lit("z"));
      case "zip" -> functions.format_string("%05d", functions.floor(u(c, 18).multiply(9000)).cast("int"));
      case "constant" -> functions.lit("same");
      case "double_with_nan" -> functions.when(u(c, 19).lt(0.05), functions.lit(Double.NaN)).otherwise(u(c, 20).multiply(10));
      case "timestamp" -> functions.timestamp_seconds(functions.lit(1_600_000_000L).plus(functions.floor(u(c, 21).multiply(10_000_000))));
      case "measure_unit" -> functions.concat(functions.format_number(u(c, 22).multiply(80).plus(2), 1), functions.lit(" kg"));
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }
}
