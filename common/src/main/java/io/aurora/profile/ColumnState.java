package io.aurora.profile;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The mergeable raw state of one column within one scan: one object per statistic its family
 * collects ({@link KindCounts}, {@link DistinctCount}, {@link HashBuckets}, {@link MagnitudeCounts},
 * {@link FrequencySample}, {@link SizeCounts} for lengths and tokens), each owning its counters and
 * merge. Holds counts and hashes only. Never leaves the profile package except inside
 * {@link RawProfile}; it has no schema and its {@code toString} shows no counts.
 */
final class ColumnState implements Serializable {
  private static final long serialVersionUID = 1L;

  final ColumnPlan plan;
  final KindCounts kinds = new KindCounts();
  final DistinctCount distinct;
  final HashBuckets buckets;
  final MagnitudeCounts magnitudes;
  final FrequencySample sample;
  final SizeCounts lengths;
  final SizeCounts tokens;
  /** Largest table of this column's {@link StringTally}, from the task's number of string columns. */
  private final int tallyLimit;
  private transient StringTally tally;
  private transient DictionaryStrings dictionaryStrings;

  ColumnState(ColumnPlan plan, int sampleSize) {
    this(plan, sampleSize, StringTally.INITIAL_CAPACITY);
  }

  ColumnState(ColumnPlan plan, int sampleSize, int tallyLimit) {
    this.plan = plan;
    this.tallyLimit = tallyLimit;
    var stats = plan.family().statistics();
    distinct = stats.contains(Statistic.DISTINCT) ? new DistinctCount() : null;
    buckets = stats.contains(Statistic.BUCKETS) ? new HashBuckets() : null;
    magnitudes = stats.contains(Statistic.MAGNITUDES) ? new MagnitudeCounts() : null;
    sample = stats.contains(Statistic.FREQUENCIES) ? new FrequencySample(sampleSize) : null;
    lengths = stats.contains(Statistic.LENGTHS) ? new SizeCounts() : null;
    tokens = stats.contains(Statistic.TOKENS) ? new SizeCounts() : null;
  }

  /** The exact vector of {@code statistic}, which this column's family must collect (driver side, before noise). */
  long[] exact(Statistic statistic) {
    return switch (statistic) {
      case KINDS -> kinds.exact(plan.family());
      case DISTINCT -> distinct.exact();
      case BUCKETS -> buckets.exact();
      case MAGNITUDES -> magnitudes.exact();
      case FREQUENCIES -> sample.exact();
      case LENGTHS -> lengths.exact();
      case TOKENS -> tokens.exact();
      // the run's count, not a column's: the scan's malformed tally holds it
      case MALFORMED -> throw new IllegalArgumentException("the malformed count is the run's, not column " + plan.ordinal() + "'s");
    };
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

  /**
   * Adds the first {@code count} values of a column of a columnar batch. A string column that the
   * Parquet reader left dictionary-encoded is read through its dictionary ids: each entry of the
   * dictionary is decoded and hashed once per column chunk and task instead of once per row (the
   * reader's {@code getUTF8String} copies the entry's bytes into a new array for every row, which
   * took about as long as the rest of the fold). The values, their order and so every statistic
   * are those of reading them one by one.
   */
  void addAll(ColumnVector vector, int count) {
    if (plan.reader() == ColumnPlan.Reader.STRING && vector instanceof WritableColumnVector w && w.hasDictionary()) {
      Dictionary dictionary = DictionaryStrings.dictionaryOf(w);
      if (dictionary != null) {
        if (dictionaryStrings == null) {
          dictionaryStrings = new DictionaryStrings();
        }
        dictionaryStrings.addAll(w, dictionary, count, this, tally());
        return;
      }
    }
    addAll(new ColumnarArray(vector, 0, count), count);
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
    kinds.add(ValueKind.NULL);
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
      case BOOLEAN -> kinds.add(values.getBoolean(ord) ? ValueKind.BOOLEAN_TRUE : ValueKind.BOOLEAN_FALSE);
      case DATE -> addHashed(ValueKind.TEMPORAL, ValueHash.ofInt(values.getInt(ord)));
      case TIMESTAMP -> addHashed(ValueKind.TEMPORAL, ValueHash.ofLong(values.getLong(ord)));
      case STRING -> addString(values.getUTF8String(ord));
      case BINARY -> addBinary(values.getBinary(ord));
      case ARRAY -> addSized(values.getArray(ord).numElements());
      case MAP -> addSized(values.getMap(ord).numElements());
      case OPAQUE -> kinds.add(ValueKind.OTHER_VALUE);
      default -> throw new IllegalStateException("unhandled reader " + plan.reader());
    }
  }

  private void addIntegral(long v) {
    kinds.add(ValueKind.NUMBER_INT);
    magnitudes.add(MagnitudeBins.index(v), 1);
    hashed(ValueHash.ofLong(v));
  }

  private void addFractional(double v) {
    ValueKind kind;
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      kind = ValueKind.NUMBER_NONFINITE;
    } else {
      kind = v == Math.rint(v) ? ValueKind.NUMBER_INT : ValueKind.NUMBER_FRAC;
    }
    kinds.add(kind);
    magnitudes.add(MagnitudeBins.index(v), 1);
    double normalized = v == 0.0 ? 0.0 : v; // -0.0 and 0.0 are one value
    hashed(ValueHash.ofLong(Double.doubleToLongBits(normalized)));
  }

  private void addHashed(ValueKind kind, long hash) {
    kinds.add(kind);
    hashed(hash);
  }

  private void hashed(long hash) {
    hashed(hash, 1);
  }

  private void hashed(long hash, long count) {
    distinct.add(hash);
    buckets.add(hash, count);
    sample.add(hash, count);
  }

  private void addString(UTF8String value) {
    addString(value.getBaseObject(), value.getBaseOffset(), value.numBytes());
  }

  /**
   * Adds {@code count} occurrences of one string value whose contribution {@link StringTally} packed
   * at {@code d[at..]}: kind, magnitude bin (-1: none), length bin, token bin.
   */
  void addShape(int[] d, int at, long hash, long count) {
    int kind = d[at];
    kinds.add(kind, count);
    if (kind == ValueKind.MISSING_TOKEN.ordinal() || kind == ValueKind.BLANK.ordinal()) {
      return;
    }
    if (d[at + 1] >= 0) {
      magnitudes.add(d[at + 1], count);
    }
    hashed(hash, count);
    lengths.add(d[at + 2], count);
    tokens.add(d[at + 3], count);
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
    kinds.add(ValueKind.OTHER_VALUE);
    hashed(ValueHash.bytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length));
    lengths.add(SizeBins.index(bytes.length), 1);
  }

  private void addSized(int elements) {
    kinds.add(ValueKind.OTHER_VALUE);
    lengths.add(SizeBins.index(elements), 1);
  }

  /**
   * Prepares this fresh state of a later split to be merged into {@code task}: what the merge would
   * drop is not collected at all (samples start at the task's thresholds, a saturated distinct count
   * stays saturated) and the tally starts off if the task's turned itself off. The merged result is
   * the same as without.
   */
  void startAfter(ColumnState task) {
    if (distinct != null) {
      distinct.startAfter(task.distinct);
    }
    if (sample != null) {
      sample.startBelow(task.sample);
    }
    if (task.tally != null && task.tally.isOff()) {
      tally().turnOff();
    }
  }

  void merge(ColumnState other) {
    flush();
    other.flush();
    kinds.merge(other.kinds);
    if (distinct != null) {
      distinct.merge(other.distinct);
    }
    if (buckets != null) {
      buckets.merge(other.buckets);
    }
    if (magnitudes != null) {
      magnitudes.merge(other.magnitudes);
    }
    if (sample != null) {
      sample.merge(other.sample);
    }
    if (lengths != null) {
      lengths.merge(other.lengths);
    }
    if (tokens != null) {
      tokens.merge(other.tokens);
    }
  }

  @Override
  public String toString() {
    return "ColumnState[" + plan.ordinal() + ", " + plan.family() + "]";
  }
}
