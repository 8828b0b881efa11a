package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import io.aurora.privacy.NoiseSource;
import io.aurora.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class ProfilerTest {
  private final SparkSession spark = SharedSpark.session();

  /** Counts jobs started while {@code body} runs. */
  private int jobsDuring(Runnable body) throws java.util.concurrent.TimeoutException {
    return io.aurora.testing.SparkJobs.during(spark, body);
  }

  /**
   * Noiseless release; a large ε keeps the empty-bin thresholds of post-processing small, so these
   * tests check the statistics themselves on small data (noise is tested elsewhere).
   */
  private static List<Fingerprint> exact(RawProfile raw) {
    return new FingerprintRelease(NoiseSource.none()).release(raw, ReleaseBudget.of(1000.0, 1e-9),
        new FingerprintRelease.RunIdentity("t", "d", "r", null, new Timestamp(0))).fingerprints();
  }

  @Test
  void everyStatisticComesFromOneScanOfTheInput() throws Exception {
    LongAccumulator rowsRead = spark.sparkContext().longAccumulator("rows read");
    StructType schema = new StructType()
        .add("text", DataTypes.StringType).add("amount", DataTypes.StringType).add("n", DataTypes.LongType)
        .add("when", DataTypes.StringType);
    Dataset<Row> base = spark.range(0, 5000, 1, 3).selectExpr(
        "concat('item ', cast(id % 37 as string))", "concat('$', cast(id * 3 as string), '.50')", "id", "'2024-01-15'");
    Dataset<Row> counted = base.map((MapFunction<Row, Row>) r -> {
      rowsRead.add(1);
      return r;
    }, Encoders.row(schema)).toDF("text", "amount", "n", "when");
    RawProfile[] raw = new RawProfile[1];
    int jobs = jobsDuring(() -> raw[0] = new Profiler().scan(counted));
    assertThat(jobs).as("Spark jobs of one profile scan").isEqualTo(1);
    assertThat(rowsRead.value()).as("input rows read: each exactly once").isEqualTo(5000L);
    assertThat(raw[0].rowsRead()).isEqualTo(5000L);
    List<Fingerprint> fps = exact(raw[0]);
    assertThat(fps.get(1).numberWithUnitShare()).isEqualTo(1.0);
    assertThat(fps.get(3).typeClass()).isEqualTo(TypeClass.DATETIME);
    assertThat(fps.get(0).distinctEstimate()).isBetween(30.0, 45.0);
  }

  /** 3,000 rows of every Spark type (strings with nulls, NaN and ±Inf among the doubles, nested types). */
  private Dataset<Row> everyType() {
    StructType schema = new StructType()
        .add("s", DataTypes.StringType).add("b", DataTypes.ByteType).add("sh", DataTypes.ShortType)
        .add("i", DataTypes.IntegerType).add("l", DataTypes.LongType).add("f", DataTypes.FloatType)
        .add("d", DataTypes.DoubleType).add("dec", DataTypes.createDecimalType(12, 3))
        .add("flag", DataTypes.BooleanType).add("day", DataTypes.DateType).add("ts", DataTypes.TimestampType)
        .add("ntz", DataTypes.TimestampNTZType).add("bin", DataTypes.BinaryType)
        .add("arr", DataTypes.createArrayType(DataTypes.IntegerType))
        .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
        .add("st", new StructType().add("a", DataTypes.IntegerType))
        .add("nothing", DataTypes.NullType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double d = i % 100 == 0 ? Double.NaN : i % 100 == 1 ? Double.POSITIVE_INFINITY : i % 100 == 2 ? Double.NEGATIVE_INFINITY : i * 1.25;
      rows.add(RowFactory.create(
          i % 10 == 0 ? null : "v" + (i % 13), (byte) (i % 100), (short) i, i, (long) i * 1_000_000L, (float) (i / 7.0), d,
          new BigDecimal(i).movePointLeft(2), i % 3 == 0, Date.valueOf("2024-01-01"),
          new Timestamp(1_700_000_000_000L + i * 1000L), LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i),
          new byte[i % 7], List.of(i, i + 1), Map.of("k", i), RowFactory.create(i), null));
    }
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  @Test
  void everyColumnTypeIsProfiled() {
    Dataset<Row> df = everyType();
    StructType schema = df.schema();
    List<Fingerprint> fps = exact(new Profiler().scan(df));
    assertThat(fps).hasSize(schema.size());
    assertThat(fps).extracting(Fingerprint::typeClass).containsExactly(
        TypeClass.STRING, TypeClass.NUMERIC, TypeClass.NUMERIC, TypeClass.NUMERIC, TypeClass.NUMERIC, TypeClass.NUMERIC,
        TypeClass.NUMERIC, TypeClass.NUMERIC, TypeClass.BOOLEAN, TypeClass.DATETIME, TypeClass.DATETIME, TypeClass.DATETIME,
        TypeClass.OTHER, TypeClass.OTHER, TypeClass.OTHER, TypeClass.OTHER, TypeClass.EMPTY);
    assertThat(fps.get(0).nullFraction()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(fps.get(6).nonFiniteShare()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-4));
    // a typed date releases only its kinds: its action does not depend on its values
    assertThat(fps.get(9).distinctEstimate()).isNaN();
    assertThat(fps.get(9).noiseScales()).containsOnlyKeys("kinds");
    // sizes are released in power-of-two bins and read back from the bins' centres: within half a unit here
    assertThat(fps.get(12).meanLength()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(fps.get(13).meanLength()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(fps.get(16).nullFraction()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(fps).allSatisfy(f -> assertThat(f.rowCount()).isCloseTo(3000.0, org.assertj.core.data.Offset.offset(0.01)));
  }

  @Test
  void aThousandColumnsInOneScan() throws Exception {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Column id = functions.col("id");
      columns.add((switch (i % 3) {
        case 0 -> id.multiply(i);
        case 1 -> id.divide(i + 1.0);
        default -> functions.concat(functions.lit("c"), id.mod(i + 2).cast("string"));
      }).as("c" + i));
    }
    Dataset<Row> wide = spark.range(0, 400, 1, 2).select(columns.toArray(new Column[0]));
    RawProfile[] raw = new RawProfile[1];
    int jobs = jobsDuring(() -> raw[0] = new Profiler().scan(wide));
    assertThat(jobs).isEqualTo(1);
    assertThat(raw[0].columns()).hasSize(1000);
    assertThat(exact(raw[0])).hasSize(1000);
  }

  @Test
  void columnarFilesAreFoldedFromTheirBatchesWithTheSameResultAsRows(@TempDir Path dir) throws Exception {
    String path = dir.resolve("every-type.parquet").toString();
    everyType().drop("nothing").write().parquet(path); // Parquet cannot store the null type
    Dataset<Row> files = spark.read().parquet(path);
    // pruned and renamed columns are still read from the batches, in the projection's order
    Dataset<Row> renamed = files.select(files.col("d").alias("amount"), files.col("s"), files.col("ts"));
    assertThat(ColumnarInput.of(files)).isPresent();
    assertThat(ColumnarInput.of(renamed)).isPresent();
    assertThat(ColumnarInput.of(files.selectExpr("d * 2 AS twice"))).as("a computed column").isEmpty();
    assertThat(ColumnarInput.of(files.filter("i > 10"))).as("a filter").isEmpty();

    RawProfile[] fromBatches = new RawProfile[2];
    int jobs = jobsDuring(() -> fromBatches[0] = new Profiler().scan(files));
    assertThat(jobs).as("Spark jobs of one columnar profile scan").isEqualTo(1);
    fromBatches[1] = new Profiler().scan(renamed);
    RawProfile[] fromRows = new RawProfile[2];
    String vectorized = "spark.sql.parquet.enableVectorizedReader";
    spark.conf().set(vectorized, "false");
    try {
      Dataset<Row> rowFiles = spark.read().parquet(path);
      assertThat(ColumnarInput.of(rowFiles)).as("the row-based Parquet reader").isEmpty();
      fromRows[0] = new Profiler().scan(rowFiles);
      fromRows[1] = new Profiler().scan(rowFiles.select(rowFiles.col("d").alias("amount"), rowFiles.col("s"), rowFiles.col("ts")));
    } finally {
      spark.conf().unset(vectorized);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(fromBatches[i].rowsRead()).isEqualTo(3000L);
      assertThat(exact(fromBatches[i])).isEqualTo(exact(fromRows[i]));
    }
    assertThat(exact(fromBatches[1])).extracting(Fingerprint::columnName).containsExactly("amount", "s", "ts");
    assertThat(exact(fromBatches[1]).get(0).nonFiniteShare()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void dictionaryEncodedParquetStringsGiveTheSameStatisticsAsRows(@TempDir Path dir) throws Exception {
    String path = dir.resolve("dictionary.parquet").toString();
    // a few hundred values in small row groups: many column chunks, each with a dictionary of its own
    spark.range(0, 60_000, 1, 2).selectExpr(
            "CASE WHEN id % 11 = 0 THEN NULL ELSE concat('v', cast(pmod(id * 7919, 400) as string), CASE WHEN id % 3 = 0 THEN ' kg' ELSE '' END) END AS s",
            "CASE WHEN id % 13 = 0 THEN NULL ELSE cast(pmod(id * 31, 97) * 1.5 as string) END AS n")
        .write().option("parquet.block.size", 64 * 1024).parquet(path);
    Dataset<Row> files = spark.read().parquet(path);
    assertThat(ColumnarInput.of(files)).isPresent();
    RawProfile fromBatches = new Profiler().scan(files);
    RawProfile fromRows;
    String vectorized = "spark.sql.parquet.enableVectorizedReader";
    spark.conf().set(vectorized, "false");
    try {
      fromRows = new Profiler().scan(spark.read().parquet(path));
    } finally {
      spark.conf().unset(vectorized);
    }
    for (int c = 0; c < 2; c++) {
      ColumnState batches = fromBatches.column(c);
      ColumnState rows = fromRows.column(c);
      for (Statistic statistic : batches.plan.family().statistics()) {
        if (statistic != Statistic.MALFORMED) {
          assertThat(batches.exact(statistic)).as(c + " " + statistic).isEqualTo(rows.exact(statistic));
        }
      }
    }
    assertThat(exact(fromBatches)).isEqualTo(exact(fromRows));
  }

  @Test
  void rowsFoldedColumnByColumnGiveTheSameStatisticsAsRowByRow() {
    Dataset<Row> df = everyType();
    StructType schema = df.schema();
    ColumnPlan[] plans = new ColumnPlan[schema.size()];
    for (int i = 0; i < plans.length; i++) {
      plans[i] = ColumnPlan.of(i, schema.fields()[i].dataType());
    }
    List<InternalRow> rows = new ArrayList<>();
    List<InternalRow> binary = df.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect();
    for (int i = 0; i < binary.size(); i++) {
      InternalRow row = binary.get(i);
      // a few rows not in Spark's binary format: folded one by one between batches
      rows.add(i % 700 == 5 ? new GenericInternalRow(JavaConverters.seqAsJavaList(row.toSeq(schema)).toArray()) : row);
    }
    assertThat(rows).hasSizeGreaterThan(2 * RowBatch.MAX_ROWS);
    assertThat(rows).filteredOn(RowBatch::holds).hasSizeGreaterThan(2900);
    RawProfile byColumn = new RawProfile(Profiler.columnsOf(schema), Profiler.fold(rows.iterator(), plans, 512, true));
    RawProfile byRow = new RawProfile(Profiler.columnsOf(schema), Profiler.fold(rows.iterator(), plans, 512, false));
    assertThat(byColumn.rowsRead()).isEqualTo(3000L);
    assertThat(exact(byColumn)).isEqualTo(exact(byRow));
  }

  @Test
  void stringsReadFromTheRowBytesOfAWideBatchMatchRowByRow() {
    // 70 string columns: the null bits of columns 64 and up sit in the rows' second bit-set word
    StructType schema = new StructType();
    for (int c = 0; c < 70; c++) {
      schema = schema.add("s" + c, DataTypes.StringType);
    }
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      Object[] values = new Object[70];
      for (int c = 0; c < 70; c++) {
        values[c] = (i + c) % (c + 3) == 0 ? null : c % 2 == 0 ? "x" + (i % (c + 5)) : Integer.toString(i * c);
      }
      data.add(RowFactory.create(values));
    }
    Dataset<Row> df = spark.createDataFrame(data, schema);
    ColumnPlan[] plans = new ColumnPlan[schema.size()];
    for (int c = 0; c < plans.length; c++) {
      plans[c] = ColumnPlan.of(c, schema.fields()[c].dataType());
    }
    List<InternalRow> rows = df.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect();
    assertThat(rows).allMatch(RowBatch::holds);
    RawProfile byColumn = new RawProfile(Profiler.columnsOf(schema), Profiler.fold(rows.iterator(), plans, 512, true));
    RawProfile byRow = new RawProfile(Profiler.columnsOf(schema), Profiler.fold(rows.iterator(), plans, 512, false));
    assertThat(exact(byColumn)).isEqualTo(exact(byRow));
    assertThat(byColumn.columns()).hasSize(70);
  }
}
