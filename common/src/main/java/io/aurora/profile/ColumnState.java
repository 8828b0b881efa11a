package io.aurora.profile;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The mergeable raw state of one column within one scan: the counters of every statistic of its
 * family (kind, magnitude, hash-bucket, size and character histograms; the bottom-k distinct
 * sample). Holds counts and hashes only. Never leaves the profile package except inside
 * {@link RawProfile}; it has no schema and its {@code toString} shows no counts.
 */
final class ColumnState implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * Hash buckets per column. 1,024 rather than 256: linear counting's collision error is half as
   * large (std 0.7 instead of 1.4 values at 30 values), which decides one-hot vs target encoding
   * for columns whose count sits at the limit; the sensitivity of the histogram does not depend on
   * the number of buckets (docs/fingerprints.md, utility).
   */
  static final int BUCKETS = 1024;
  static final int CHARACTER_CLASSES = 4;
  /** Per-value character shares are counted in thousandths (integer statistics for exact noise). */
  static final int CHARACTER_SCALE = 1000;

  final ColumnPlan plan;
  final long[] kinds = new long[ValueKind.COUNT];
  final long[] magnitudes;
  /**
   * Rows per hash bucket, as int: a column's 1,024 counters take 4 KB, half the cache lines of
   * longs, and a wide table's fold touches most of them once per column and batch (1,000 columns:
   * +7 % fold time over 256 buckets as ints, +14 % as longs). A count that would pass
   * {@link Integer#MAX_VALUE} moves to {@link #bucketOverflow}, so none ever wraps; read the
   * counts through {@link #bucketCounts()}.
   */
  private final int[] buckets;
  /** The part of each bucket's count moved out of {@link #buckets}; null until one would overflow. */
  private long[] bucketOverflow;
  final DistinctSample sample;
  final long[] lengths;
  final long[] tokens;
  final long[] characters;
  /** Largest table of this column's {@link StringTally}, from the task's number of string columns. */
  private final int tallyLimit;
  private transient StringTally tally;

  ColumnState(ColumnPlan plan, int sampleSize) {
    this(plan, sampleSize, StringTally.INITIAL_CAPACITY);
  }

  ColumnState(ColumnPlan plan, int sampleSize, int tallyLimit) {
    this.plan = plan;
    this.tallyLimit = tallyLimit;
    var stats = plan.family().statistics();
    magnitudes = stats.contains(Statistic.MAGNITUDES) ? new long[MagnitudeBins.COUNT] : null;
    buckets = stats.contains(Statistic.BUCKETS) ? new int[BUCKETS] : null;
    sample = stats.contains(Statistic.FREQUENCIES) ? new DistinctSample(sampleSize) : null;
    lengths = stats.contains(Statistic.LENGTHS) ? new long[SizeBins.COUNT] : null;
    tokens = stats.contains(Statistic.TOKENS) ? new long[SizeBins.COUNT] : null;
    characters = stats.contains(Statistic.CHARACTERS) ? new long[CHARACTER_CLASSES] : null;
  }

  void add(InternalRow row) {
    add(row, plan.ordinal());
  }

  /**
   * Adds the first {@code count} values of one column held as an array (a column of a columnar
   * batch): the same statistics as adding them row by row, with this column's state kept hot in
   * the cache for the whole batch.
   */
  void addAll(SpecializedGetters values, int count) {
    for (int i = 0; i < count; i++) {
      add(values, i);
    }
  }

  /** Adds this column's value of every row of {@code batch}. */
  void addAll(RowBatch batch) {
    int ord = plan.ordinal();
    if (plan.reader() == ColumnPlan.Reader.STRING) {
      batch.addStrings(ord, this);
      return;
    }
    int count = batch.rows();
    for (int i = 0; i < count; i++) {
      add(batch.row(i), ord);
    }
  }

  /** Counts one null value. */
  void addNull() {
    kinds[ValueKind.NULL.ordinal()]++;
  }

  /**
   * Adds {@code count} string values given as UTF-8 bytes at {@code base}/{@code offsets[i]},
   * {@code sizes[i]} bytes each; {@code hashes} is scratch space of at least {@code count} longs.
   */
  void addStrings(Object base, long[] offsets, int[] sizes, long[] hashes, int count) {
    tally().addAll(base, offsets, sizes, hashes, count);
  }

  /** Adds one string value given as UTF-8 bytes at {@code base}/{@code offset}. */
  void addString(Object base, long offset, int numBytes) {
    tally().add(base, offset, numBytes);
  }

  /** This task's tally of repeated strings, made on the first string value. */
  private StringTally tally() {
    if (tally == null) {
      tally = new StringTally(this, tallyLimit);
    }
    return tally;
  }

  /** Adds the value at {@code ord} of {@code values} (a row, or a column's values). */
  private void add(SpecializedGetters values, int ord) {
    if (values.isNullAt(ord)) {
      addNull();
      return;
    }
    switch (plan.reader()) {
      case BYTE -> addIntegral(values.getByte(ord));
      case SHORT -> addIntegral(values.getShort(ord));
      case INT -> addIntegral(values.getInt(ord));
      case LONG -> addIntegral(values.getLong(ord));
      case FLOAT -> addFractional(values.getFloat(ord));
      case DOUBLE -> addFractional(values.getDouble(ord));
      case DECIMAL -> addFractional(values.getDecimal(ord, plan.precision(), plan.scale()).toDouble());
      case BOOLEAN -> kinds[(values.getBoolean(ord) ? ValueKind.BOOLEAN_TRUE : ValueKind.BOOLEAN_FALSE).ordinal()]++;
      case DATE -> addHashed(ValueKind.TEMPORAL, ValueHash.ofInt(values.getInt(ord)));
      case TIMESTAMP -> addHashed(ValueKind.TEMPORAL, ValueHash.ofLong(values.getLong(ord)));
      case STRING -> addString(values.getUTF8String(ord));
      case BINARY -> addBinary(values.getBinary(ord));
      case ARRAY -> addSized(values.getArray(ord).numElements());
      case MAP -> addSized(values.getMap(ord).numElements());
      case OPAQUE -> kinds[ValueKind.OTHER_VALUE.ordinal()]++;
      default -> throw new IllegalStateException("unhandled reader " + plan.reader());
    }
  }

  private void addIntegral(long v) {
    kinds[ValueKind.NUMBER_INT.ordinal()]++;
    magnitudes[MagnitudeBins.index(v)]++;
    hashed(ValueHash.ofLong(v));
  }

  private void addFractional(double v) {
    ValueKind kind;
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      kind = ValueKind.NUMBER_NONFINITE;
    } else {
      kind = v == Math.rint(v) ? ValueKind.NUMBER_INT : ValueKind.NUMBER_FRAC;
    }
    kinds[kind.ordinal()]++;
    magnitudes[MagnitudeBins.index(v)]++;
    double normalized = v == 0.0 ? 0.0 : v; // -0.0 and 0.0 are one value
    hashed(ValueHash.ofLong(Double.doubleToLongBits(normalized)));
  }

  private void addHashed(ValueKind kind, long hash) {
    kinds[kind.ordinal()]++;
    hashed(hash);
  }

  private void hashed(long hash) {
    hashed(hash, 1);
  }

  private void hashed(long hash, long count) {
    addToBucket((int) (hash & (BUCKETS - 1)), count);
    sample.add(hash, count);
  }

  private void addToBucket(int bucket, long count) {
    long sum = buckets[bucket] + count;
    if (sum <= Integer.MAX_VALUE) {
      buckets[bucket] = (int) sum;
    } else {
      if (bucketOverflow == null) {
        bucketOverflow = new long[BUCKETS];
      }
      bucketOverflow[bucket] += sum;
      buckets[bucket] = 0;
    }
  }

  /** Rows per hash bucket (the {@link Statistic#BUCKETS} histogram), or null when the family has none. */
  long[] bucketCounts() {
    if (buckets == null) {
      return null;
    }
    long[] counts = new long[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
      counts[b] = buckets[b] + (bucketOverflow == null ? 0 : bucketOverflow[b]);
    }
    return counts;
  }

  private void addString(UTF8String value) {
    addString(value.getBaseObject(), value.getBaseOffset(), value.numBytes());
  }

  /**
   * Adds {@code count} occurrences of one string value whose contribution {@link StringTally} packed
   * at {@code d[at..]}: kind, magnitude bin (-1: none), length bin, token bin, four character shares.
   */
  void addShape(int[] d, int at, long hash, long count) {
    int kind = d[at];
    kinds[kind] += count;
    if (kind == ValueKind.MISSING_TOKEN.ordinal() || kind == ValueKind.BLANK.ordinal()) {
      return;
    }
    if (d[at + 1] >= 0) {
      magnitudes[d[at + 1]] += count;
    }
    hashed(hash, count);
    lengths[d[at + 2]] += count;
    tokens[d[at + 3]] += count;
    characters[0] += count * d[at + 4];
    characters[1] += count * d[at + 5];
    characters[2] += count * d[at + 6];
    characters[3] += count * d[at + 7];
  }

  /**
   * Adds what is still pending in this task's tally of repeated strings to the histograms; called
   * at the end of every task before its state is merged or shipped, and by {@link #merge}.
   */
  void flush() {
    if (tally != null) {
      tally.flush();
    }
  }

  private void addBinary(byte[] bytes) {
    kinds[ValueKind.OTHER_VALUE.ordinal()]++;
    hashed(ValueHash.bytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length));
    lengths[SizeBins.index(bytes.length)]++;
  }

  private void addSized(int elements) {
    kinds[ValueKind.OTHER_VALUE.ordinal()]++;
    lengths[SizeBins.index(elements)]++;
  }

  void merge(ColumnState other) {
    flush();
    other.flush();
    add(kinds, other.kinds);
    add(magnitudes, other.magnitudes);
    if (buckets != null) {
      long[] theirs = other.bucketCounts();
      for (int b = 0; b < BUCKETS; b++) {
        addToBucket(b, theirs[b]);
      }
    }
    add(lengths, other.lengths);
    add(tokens, other.tokens);
    add(characters, other.characters);
    if (sample != null) {
      sample.merge(other.sample);
    }
  }

  private static void add(long[] into, long[] from) {
    if (into == null) {
      return;
    }
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  /** Frequency-of-frequencies of the distinct sample on {@link FrequencyBins}. */
  long[] frequencies() {
    long[] fof = new long[FrequencyBins.COUNT];
    sample.finish();
    for (long count : sample.counts()) {
      fof[FrequencyBins.index(count)]++;
    }
    return fof;
  }

  @Override
  public String toString() {
    return "ColumnState[" + plan.ordinal() + ", " + plan.family() + "]";
  }
}
