package io.aurora.profile;

import java.lang.reflect.Field;
import java.util.Arrays;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.unsafe.Platform;

/**
 * The decoded entries of the dictionary a string column of a columnar batch refers to, with their
 * hashes, for one column within one task: a dictionary-encoded value is decoded and hashed on its
 * first occurrence in a column chunk and read from here after that. The Parquet reader makes a new
 * {@link Dictionary} wrapper for every batch around the column chunk's one dictionary, so the
 * entries are kept for as long as that inner dictionary stays the same (compared by identity; a
 * reference to it is held, so no other dictionary can take its place in memory). Holds values of
 * the current chunk only, never beyond the task.
 */
final class DictionaryStrings {
  /** The Parquet wrapper's inner dictionary, or null where the field is not there (another Spark). */
  private static final Field INNER = field("org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary", "dictionary");
  private static final Field DICTIONARY = field(WritableColumnVector.class.getName(), "dictionary");

  private Object source;
  private byte[][] values = new byte[0][];
  private long[] hashes = new long[0];

  private static Field field(String className, String name) {
    try {
      Field f = Class.forName(className).getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The dictionary of {@code vector} (which has one), or null if it cannot be read here. */
  static Dictionary dictionaryOf(WritableColumnVector vector) {
    if (DICTIONARY == null) {
      return null;
    }
    try {
      return (Dictionary) DICTIONARY.get(vector);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  /**
   * Adds the first {@code count} values of dictionary-encoded {@code vector} to {@code column}: nulls
   * as nulls, every other value to {@code tally} in row order.
   */
  void addAll(WritableColumnVector vector, Dictionary dictionary, int count, ColumnState column, StringTally tally) {
    Object identity = identityOf(dictionary);
    if (identity != source) {
      source = identity;
      Arrays.fill(values, null);
    }
    WritableColumnVector ids = vector.getDictionaryIds();
    boolean nulls = vector.hasNull();
    for (int i = 0; i < count; i++) {
      if (nulls && vector.isNullAt(i)) {
        column.addNull();
        continue;
      }
      int id = ids.getDictId(i);
      if (id >= values.length) {
        int size = Math.max(id + 1, values.length * 2);
        values = Arrays.copyOf(values, size);
        hashes = Arrays.copyOf(hashes, size);
      }
      byte[] value = values[id];
      if (value == null) {
        value = dictionary.decodeToBinary(id);
        values[id] = value;
        hashes[id] = ValueHash.bytes(value, Platform.BYTE_ARRAY_OFFSET, value.length);
      }
      tally.add(hashes[id], value, Platform.BYTE_ARRAY_OFFSET, value.length);
    }
  }

  /** What stays the same while the dictionary does: Parquet's own dictionary under the wrapper, else the wrapper. */
  private static Object identityOf(Dictionary dictionary) {
    if (INNER != null && INNER.getDeclaringClass() == dictionary.getClass()) {
      try {
        Object inner = INNER.get(dictionary);
        if (inner != null) {
          return inner;
        }
      } catch (IllegalAccessException e) {
        // fall through: the wrapper itself, valid for this batch
      }
    }
    return dictionary;
  }
}
