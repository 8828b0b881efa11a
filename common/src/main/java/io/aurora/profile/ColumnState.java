package io.aurora.profile;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
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
  /** Fixed, public hash seed: the bucket and sample bins are data-independent functions of a value. */
  static final long HASH_SEED = 0x5EEDA0A0L;
  static final int BUCKETS = 256;
  static final int CHARACTER_CLASSES = 4;
  /** Per-value character shares are counted in thousandths (integer statistics for exact noise). */
  static final int CHARACTER_SCALE = 1000;

  final ColumnPlan plan;
  final long[] kinds = new long[ValueKind.COUNT];
  final long[] magnitudes;
  final long[] buckets;
  final DistinctSample sample;
  final long[] lengths;
  final long[] tokens;
  final long[] characters;
  private transient StringShape shape;

  ColumnState(ColumnPlan plan, int sampleSize) {
    this.plan = plan;
    var stats = plan.family().statistics();
    magnitudes = stats.contains(Statistic.MAGNITUDES) ? new long[MagnitudeBins.COUNT] : null;
    buckets = stats.contains(Statistic.BUCKETS) ? new long[BUCKETS] : null;
    sample = stats.contains(Statistic.FREQUENCIES) ? new DistinctSample(sampleSize) : null;
    lengths = stats.contains(Statistic.LENGTHS) ? new long[SizeBins.COUNT] : null;
    tokens = stats.contains(Statistic.TOKENS) ? new long[SizeBins.COUNT] : null;
    characters = stats.contains(Statistic.CHARACTERS) ? new long[CHARACTER_CLASSES] : null;
  }

  void add(InternalRow row) {
    int ord = plan.ordinal();
    if (row.isNullAt(ord)) {
      kinds[ValueKind.NULL.ordinal()]++;
      return;
    }
    switch (plan.reader()) {
      case BYTE -> addIntegral(row.getByte(ord));
      case SHORT -> addIntegral(row.getShort(ord));
      case INT -> addIntegral(row.getInt(ord));
      case LONG -> addIntegral(row.getLong(ord));
      case FLOAT -> addFractional(row.getFloat(ord));
      case DOUBLE -> addFractional(row.getDouble(ord));
      case DECIMAL -> addFractional(row.getDecimal(ord, plan.precision(), plan.scale()).toDouble());
      case BOOLEAN -> kinds[(row.getBoolean(ord) ? ValueKind.BOOLEAN_TRUE : ValueKind.BOOLEAN_FALSE).ordinal()]++;
      case DATE -> addHashed(ValueKind.TEMPORAL, XXH64.hashInt(row.getInt(ord), HASH_SEED));
      case TIMESTAMP -> addHashed(ValueKind.TEMPORAL, XXH64.hashLong(row.getLong(ord), HASH_SEED));
      case STRING -> addString(row.getUTF8String(ord));
      case BINARY -> addBinary(row.getBinary(ord));
      case ARRAY -> addSized(row.getArray(ord).numElements());
      case MAP -> addSized(row.getMap(ord).numElements());
      case OPAQUE -> kinds[ValueKind.OTHER_VALUE.ordinal()]++;
      default -> throw new IllegalStateException("unhandled reader " + plan.reader());
    }
  }

  private void addIntegral(long v) {
    kinds[ValueKind.NUMBER_INT.ordinal()]++;
    magnitudes[MagnitudeBins.index(v)]++;
    hashed(XXH64.hashLong(v, HASH_SEED));
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
    hashed(XXH64.hashLong(Double.doubleToLongBits(normalized), HASH_SEED));
  }

  private void addHashed(ValueKind kind, long hash) {
    kinds[kind.ordinal()]++;
    hashed(hash);
  }

  private void hashed(long hash) {
    buckets[(int) (hash & (BUCKETS - 1))]++;
    sample.add(hash);
  }

  private void addString(UTF8String value) {
    if (shape == null) {
      shape = new StringShape();
    }
    Object base = value.getBaseObject();
    long offset = value.getBaseOffset();
    int numBytes = value.numBytes();
    long hash = XXH64.hashUnsafeBytes(base, offset, numBytes, HASH_SEED);
    ValueKind kind = shape.classify(hash, base, offset, numBytes);
    kinds[kind.ordinal()]++;
    if (kind == ValueKind.MISSING_TOKEN || kind == ValueKind.BLANK) {
      return;
    }
    if (kind == ValueKind.TEXT_INT || kind == ValueKind.TEXT_FRAC || kind == ValueKind.TEXT_NUMBER_WITH_UNIT) {
      magnitudes[MagnitudeBins.index(shape.number)]++;
    }
    hashed(hash);
    lengths[SizeBins.index(shape.chars)]++;
    tokens[SizeBins.index(shape.tokens)]++;
    int chars = shape.chars;
    if (chars > 0) {
      // floor of each share in thousandths: the four add up to at most 1000 (the stated sensitivity)
      double perChar = (double) CHARACTER_SCALE / chars;
      characters[0] += (long) (shape.digits * perChar);
      characters[1] += (long) (shape.letters * perChar);
      characters[2] += (long) (shape.punctuation * perChar);
      characters[3] += (long) (shape.whitespace * perChar);
    }
  }

  private void addBinary(byte[] bytes) {
    kinds[ValueKind.OTHER_VALUE.ordinal()]++;
    hashed(XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, HASH_SEED));
    lengths[SizeBins.index(bytes.length)]++;
  }

  private void addSized(int elements) {
    kinds[ValueKind.OTHER_VALUE.ordinal()]++;
    lengths[SizeBins.index(elements)]++;
  }

  void merge(ColumnState other) {
    add(kinds, other.kinds);
    add(magnitudes, other.magnitudes);
    add(buckets, other.buckets);
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
