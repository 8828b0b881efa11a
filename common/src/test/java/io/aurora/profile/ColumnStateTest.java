package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.junit.jupiter.api.Test;

class ColumnStateTest {
  /** One string value's packed contribution (see {@link ColumnState#addShape}): a word, no magnitude. */
  private static final int[] WORD = {ValueKind.TEXT_OTHER.ordinal(), -1, 0, 0};

  private static ColumnState strings() {
    return new ColumnState(ColumnPlan.of(0, DataTypes.StringType), Profiler.DEFAULT_SAMPLE_SIZE);
  }

  @Test
  void bucketCountsPastTheIntRangeAreExact() throws Exception {
    long hash = 0x1234_5678_9abc_def1L;
    int bucket = (int) (hash & (HashBuckets.BUCKETS - 1));
    ColumnState a = strings();
    a.addShape(WORD, 0, hash, Integer.MAX_VALUE - 5L);
    a.addShape(WORD, 0, hash, 10);
    a.addShape(WORD, 0, hash + 1, 7);
    ColumnState b = strings();
    b.addShape(WORD, 0, hash, Integer.MAX_VALUE);
    b.addShape(WORD, 0, hash + 1, 3);

    // the state crosses a JVM boundary between tasks and the driver: the moved part must travel too
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    ColumnState shipped;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (ColumnState) in.readObject();
    }
    shipped.merge(b);

    long[] counts = shipped.exact(Statistic.BUCKETS);
    assertThat(counts[bucket]).isEqualTo(2L * Integer.MAX_VALUE + 5);
    assertThat(counts[(bucket + 1) % HashBuckets.BUCKETS]).isEqualTo(10);
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    assertThat(total).isEqualTo(shipped.kinds.counts[ValueKind.TEXT_OTHER.ordinal()]);
    assertThat(shipped.exact(Statistic.DISTINCT)).as("two values").containsExactly(2);
  }

  @Test
  void aFamilyCollectsOnlyItsStatistics() {
    ColumnState bool = new ColumnState(ColumnPlan.of(0, DataTypes.BooleanType), Profiler.DEFAULT_SAMPLE_SIZE);
    assertThat(bool.buckets).isNull();
    assertThat(bool.distinct).isNull();
    assertThat(bool.magnitudes).isNull();
    ColumnState date = new ColumnState(ColumnPlan.of(0, DataTypes.DateType), Profiler.DEFAULT_SAMPLE_SIZE);
    assertThat(date.magnitudes).isNull();
    assertThat(date.lengths).isNull();
    assertThat(date.distinct).isNotNull();
  }

  @Test
  void theCappedDistinctCountIsExactUpToItsCapAndSaturatesAcrossMerges() {
    ColumnState a = strings();
    ColumnState b = strings();
    for (long v = 0; v < 3000; v++) {
      a.addShape(WORD, 0, v * 0x9E3779B97F4A7C15L, 2);
    }
    for (long v = 2000; v < 4000; v++) {
      b.addShape(WORD, 0, v * 0x9E3779B97F4A7C15L, 1);
    }
    a.merge(b);
    assertThat(a.exact(Statistic.DISTINCT)).containsExactly(4000);
    ColumnState c = strings();
    for (long v = 4000; v < 4200; v++) {
      c.addShape(WORD, 0, v * 0x9E3779B97F4A7C15L, 1);
    }
    a.merge(c);
    assertThat(a.exact(Statistic.DISTINCT)).as("more than the cap reads as the cap").containsExactly(DistinctCount.CAP);
  }

  /** A dictionary of strings, as the Parquet reader leaves one on a column vector: decodes to a new array each time. */
  private record Strings(String[] entries) implements Dictionary {
    @Override
    public int decodeToInt(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long decodeToLong(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float decodeToFloat(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double decodeToDouble(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] decodeToBinary(int id) {
      return entries[id].getBytes(StandardCharsets.UTF_8);
    }
  }

  @Test
  void dictionaryEncodedStringsGiveTheStatisticsOfTheirValuesOneByOne() {
    SplittableRandom random = new SplittableRandom(3);
    ColumnState byIds = strings();
    ColumnState byValues = strings();
    int rows = 4096;
    // two chunks with different dictionaries (the same ids mean other values in the second), each read in batches
    for (int chunk = 0; chunk < 2; chunk++) {
      String[] entries = new String[300 + 200 * chunk];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = switch (i % 5) {
          case 0 -> Integer.toString(i * (chunk + 7));
          case 1 -> "word " + chunk + " " + i;
          case 2 -> "2024-01-" + (10 + i % 20);
          case 3 -> " NA";
          default -> chunk + "." + i + " kg";
        };
      }
      Strings dictionary = new Strings(entries);
      for (int batch = 0; batch < 3; batch++) {
        try (OnHeapColumnVector vector = new OnHeapColumnVector(rows, DataTypes.StringType)) {
          var ids = vector.reserveDictionaryIds(rows);
          for (int i = 0; i < rows; i++) {
            if (random.nextInt(10) == 0) {
              vector.putNull(i);
            } else {
              ids.putInt(i, (int) Math.floor(Math.pow(random.nextDouble(), 2) * entries.length));
            }
          }
          vector.setDictionary(batch == 2 ? new Strings(entries.clone()) : dictionary); // a new wrapper: entries decoded again
          int count = rows - 100 * batch;
          byIds.addAll(vector, count);
          byValues.addAll(new ColumnarArray(vector, 0, count), count);
        }
      }
    }
    byIds.flush();
    byValues.flush();
    for (Statistic statistic : byIds.plan.family().statistics()) {
      if (statistic != Statistic.MALFORMED) {
        assertThat(byIds.exact(statistic)).as(statistic.name()).isEqualTo(byValues.exact(statistic));
      }
    }
    assertThat(byIds.exact(Statistic.KINDS)[ValueKind.NULL.ordinal()]).isPositive();
  }
}
