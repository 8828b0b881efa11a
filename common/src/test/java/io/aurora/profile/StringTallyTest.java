package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

class StringTallyTest {
  private static final String[] REPEATED = {"yes", "12 kg", "$1,200", "2024-01-31", "NA", "", "  ", "a;b;c",
      "the quick fox 12", "-3.25", "0042", "x@example.org", "https://a.example", "[1, 2]", "1e5", "nan", "héllo wörld"};

  /** Every histogram built value by value, independently of the tally. */
  private static final class Expected {
    final long[] kinds = new long[ValueKind.COUNT];
    final long[] magnitudes = new long[MagnitudeBins.COUNT];
    final long[] buckets = new long[HashBuckets.BUCKETS];
    final long[] lengths = new long[SizeBins.COUNT];
    final long[] tokens = new long[SizeBins.COUNT];
    final DistinctSample sample = new DistinctSample(Profiler.DEFAULT_SAMPLE_SIZE);
    final java.util.Set<Long> distinct = new java.util.HashSet<>();
    final StringShape shape = new StringShape();

    void add(String value) {
      byte[] b = value.getBytes(StandardCharsets.UTF_8);
      long hash = ValueHash.bytes(b, Platform.BYTE_ARRAY_OFFSET, b.length);
      ValueKind kind = shape.classify(b);
      kinds[kind.ordinal()]++;
      if (kind == ValueKind.MISSING_TOKEN || kind == ValueKind.BLANK) {
        return;
      }
      if (kind == ValueKind.TEXT_INT || kind == ValueKind.TEXT_FRAC || kind == ValueKind.TEXT_NUMBER_WITH_UNIT) {
        magnitudes[MagnitudeBins.index(shape.number)]++;
      }
      buckets[(int) (hash & (HashBuckets.BUCKETS - 1))]++;
      sample.add(hash, 1);
      distinct.add(hash == 0 ? 1L : hash);
      lengths[SizeBins.index(shape.chars)]++;
      tokens[SizeBins.index(shape.tokens)]++;
    }

    long[] frequencies() {
      long[] fof = new long[FrequencyBins.COUNT];
      sample.finish();
      for (long count : sample.counts()) {
        fof[FrequencyBins.index(count)]++;
      }
      return fof;
    }
  }

  private static void assertSame(ColumnState column, Expected expected) {
    assertThat(column.kinds.counts).containsExactly(expected.kinds);
    assertThat(column.magnitudes.fine).containsExactly(expected.magnitudes);
    assertThat(column.exact(Statistic.BUCKETS)).containsExactly(expected.buckets);
    assertThat(column.lengths.counts).containsExactly(expected.lengths);
    assertThat(column.tokens.counts).containsExactly(expected.tokens);
    assertThat(column.exact(Statistic.FREQUENCIES)).containsExactly(expected.frequencies());
    assertThat(column.exact(Statistic.DISTINCT)).containsExactly(Math.min(expected.distinct.size(), DistinctCount.CAP));
  }

  private static void add(StringTally tally, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    tally.add(b, Platform.BYTE_ARRAY_OFFSET, b.length);
  }

  /** A string column whose tally may grow to {@code limit} entries. */
  private static ColumnState stringColumn(int limit) {
    return new ColumnState(ColumnPlan.of(0, DataTypes.StringType), Profiler.DEFAULT_SAMPLE_SIZE, limit);
  }

  /** Value {@code i} of 120,000: few values, then 3,000 (the table grows), then unique ones (it turns off), then few. */
  private static String growingThenUnique(int i, Random random) {
    if (i < 20_000) {
      return REPEATED[random.nextInt(REPEATED.length)]; // few values: the first table suffices
    } else if (i < 60_000) {
      return "sku-" + random.nextInt(3000); // 3,000 values: the table grows
    } else if (i < 100_000) {
      return random.nextInt(10) == 0 ? REPEATED[random.nextInt(REPEATED.length)] : "v" + random.nextLong(); // unique: off
    }
    return REPEATED[random.nextInt(REPEATED.length)];
  }

  /** The 120,000 values both tallying tests add, seeded: the table grows, then turns off. */
  private static List<String> growingThenUniqueValues() {
    Random random = new Random(7);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 120_000; i++) {
      values.add(growingThenUnique(i, random));
    }
    return values;
  }

  /** Flushes {@code tally} and checks {@code column} holds the histograms of adding each of {@code values} on its own. */
  private static void assertSameAsEachOnItsOwn(ColumnState column, StringTally tally, List<String> values) {
    tally.flush();
    Expected expected = new Expected();
    values.forEach(expected::add);
    assertSame(column, expected);
  }

  @Test
  void tallyingGivesTheHistogramsOfAddingEveryValueOnItsOwnWhileTheTableGrowsAndTurnsOff() {
    ColumnState column = stringColumn(4096);
    StringTally tally = new StringTally(column, 4096);
    List<String> values = growingThenUniqueValues();
    List<Integer> capacities = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      add(tally, values.get(i));
      if (i == 19_999 || i == 59_999 || i == 99_999) {
        capacities.add(tally.capacity());
      }
    }
    assertThat(capacities).containsExactly(1024, 4096, 0);
    assertSameAsEachOnItsOwn(column, tally, values);
  }

  @Test
  void addingValuesInBatchesGivesTheSameHistogramsAsOneByOne() {
    // the batch path of RowBatch.addStrings: hashes first, then the lookups; batches of 1 to 1,024
    // values across the table's growth and its turning off
    ColumnState column = stringColumn(4096);
    StringTally tally = new StringTally(column, 4096);
    List<String> values = growingThenUniqueValues();
    Random batches = new Random(11);
    byte[] buffer = new byte[64 << 10];
    long[] offsets = new long[RowBatch.MAX_ROWS];
    int[] sizes = new int[RowBatch.MAX_ROWS];
    int i = 0;
    while (i < values.size()) {
      int batch = Math.min(values.size() - i, 1 + batches.nextInt(RowBatch.MAX_ROWS));
      int used = 0;
      for (int k = 0; k < batch; k++, i++) {
        byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, buffer, used, b.length);
        offsets[k] = Platform.BYTE_ARRAY_OFFSET + used;
        sizes[k] = b.length;
        used += b.length;
      }
      tally.addAll(buffer, offsets, sizes, new long[RowBatch.MAX_ROWS], batch);
    }
    assertThat(tally.capacity()).isZero(); // it turned off on the unique values
    assertSameAsEachOnItsOwn(column, tally, values);
  }

  @Test
  void valuesSharingAHashButNotALengthAreKeptApart() {
    ColumnState column = stringColumn(1024);
    StringTally tally = new StringTally(column, 1024);
    byte[] date = "2024-01-31".getBytes(StandardCharsets.UTF_8);
    byte[] word = "yes".getBytes(StandardCharsets.UTF_8);
    tally.add(99L, date, Platform.BYTE_ARRAY_OFFSET, date.length);
    tally.add(99L, word, Platform.BYTE_ARRAY_OFFSET, word.length);
    tally.add(99L, word, Platform.BYTE_ARRAY_OFFSET, word.length);
    tally.flush();
    assertThat(column.kinds.counts[ValueKind.TEXT_DATE.ordinal()]).isEqualTo(1);
    assertThat(column.kinds.counts[ValueKind.TEXT_BOOLEAN.ordinal()]).isEqualTo(2);
    assertThat(column.lengths.counts[SizeBins.index(3)]).isEqualTo(2);
    assertThat(column.lengths.counts[SizeBins.index(10)]).isEqualTo(1);
  }

  @Test
  void twoValuesWhoseHashesShareASetDoNotEvictEachOther() {
    ColumnState column = stringColumn(1024);
    StringTally tally = new StringTally(column, 1024);
    byte[] yes = "yes".getBytes(StandardCharsets.UTF_8);
    byte[] no = "no".getBytes(StandardCharsets.UTF_8);
    byte[] maybe = "maybe".getBytes(StandardCharsets.UTF_8);
    // same high half: the same set of the table; different hashes: different values
    long yesHash = 5L << 32 | 1;
    long noHash = 5L << 32 | 2;
    for (int i = 0; i < 50; i++) {
      tally.add(yesHash, yes, Platform.BYTE_ARRAY_OFFSET, yes.length);
      tally.add(noHash, no, Platform.BYTE_ARRAY_OFFSET, no.length);
    }
    assertThat(column.kinds.counts).as("both values still pending: neither evicted the other").containsOnly(0L);
    // a third value in the full set evicts the way with fewer pending occurrences
    tally.add(yesHash, yes, Platform.BYTE_ARRAY_OFFSET, yes.length);
    tally.add(5L << 32 | 3, maybe, Platform.BYTE_ARRAY_OFFSET, maybe.length);
    assertThat(column.kinds.counts[ValueKind.TEXT_BOOLEAN.ordinal()]).as("'no' (50 pending) released, 'yes' (51) kept").isEqualTo(50);
    tally.flush();
    assertThat(column.kinds.counts[ValueKind.TEXT_BOOLEAN.ordinal()]).isEqualTo(101);
    assertThat(column.kinds.counts[ValueKind.TEXT_OTHER.ordinal()]).isEqualTo(1);
  }

  @Test
  void extremeContributionsSurviveThePackedTable() {
    ColumnState column = stringColumn(1024);
    StringTally tally = new StringTally(column, 1024);
    Expected expected = new Expected();
    String longText = "word ".repeat(300_000).trim(); // the largest length and token bins
    for (String value : new String[] {"-1e308", "1e-300", "inf", "nan", "0", "7777777", "ééé", longText, "a,b"}) {
      for (int i = 0; i < 3; i++) {
        add(tally, value);
        expected.add(value);
      }
    }
    tally.flush();
    assertSame(column, expected);
  }

  @Test
  void aColumnStateShippedFromATaskHoldsItsPendingCounts() {
    ColumnState column = stringColumn(1024);
    ColumnState other = stringColumn(1024);
    for (int i = 0; i < 10; i++) {
      column.add(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(
          new Object[] {org.apache.spark.unsafe.types.UTF8String.fromString("yes")}));
      other.add(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(
          new Object[] {org.apache.spark.unsafe.types.UTF8String.fromString("no")}));
    }
    assertThat(column.kinds.counts[ValueKind.TEXT_BOOLEAN.ordinal()]).as("still pending in the tally").isZero();
    column.merge(other);
    assertThat(column.kinds.counts[ValueKind.TEXT_BOOLEAN.ordinal()]).isEqualTo(20);
  }
}
