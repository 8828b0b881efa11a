package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import io.aurora.ingest.CsvSource;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Computes every per-column statistic of a dataset in ONE pass: each partition folds its rows into a
 * {@link ProfileState} (one small mergeable analyzer per statistic and column, working on Spark's
 * internal rows without boxing), and the partition states are merged in a tree on the executors.
 * No Catalyst aggregate expressions are built, so a thousand columns cost a thousand small states,
 * not a giant generated plan.
 */
public final class Profiler {
  /** Default size of the bottom-k distinct sample per column. */
  public static final int DEFAULT_SAMPLE_SIZE = 2048;

  private final int sampleSize;

  public Profiler() {
    this(DEFAULT_SAMPLE_SIZE);
  }

  public Profiler(int sampleSize) {
    if (sampleSize < 16) {
      throw new IllegalArgumentException("sample size must be at least 16, was " + sampleSize);
    }
    this.sampleSize = sampleSize;
  }

  /** The column metadata and families {@code schema} would be profiled with. */
  public static List<ProfileColumn> columnsOf(StructType schema) {
    List<ProfileColumn> columns = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      columns.add(new ProfileColumn(i, fields[i].name(), fields[i].dataType().simpleString(), ColumnFamily.of(fields[i].dataType())));
    }
    return columns;
  }

  /** Scans {@code rows} once (one Spark job) and returns the raw statistics, held on the driver. */
  public RawProfile scan(Dataset<Row> rows) {
    requireNonNull(rows, "rows is null");
    StructType schema = rows.schema();
    ColumnPlan[] plans = new ColumnPlan[schema.fields().length];
    for (int i = 0; i < plans.length; i++) {
      plans[i] = ColumnPlan.of(i, schema.fields()[i].dataType());
    }
    int k = sampleSize;
    Optional<ColumnarInput> columnar = ColumnarInput.of(rows);
    JavaRDD<ProfileState> states;
    if (columnar.isPresent()) {
      int[] vectors = columnar.get().vectors();
      states = columnar.get().batches().mapPartitions((Iterator<ColumnarBatch> it) -> {
        ProfileState state = new ProfileState(plans, k);
        while (it.hasNext()) {
          state.add(it.next(), vectors);
        }
        return List.of(state.flush()).iterator();
      });
    } else {
      states = rows.queryExecution().toRdd().toJavaRDD()
          .mapPartitions((Iterator<InternalRow> it) -> List.of(fold(it, plans, k, true)).iterator());
    }
    return merged(states, plans, schema);
  }

  /**
   * Scans the columns of {@code rows} at positions {@code picked} (ascending; null: all) once: only
   * those are read (a columnar source prunes the others) and their fingerprints keep their positions
   * in {@code rows}.
   */
  public RawProfile scan(Dataset<Row> rows, int[] picked) {
    requireNonNull(rows, "rows is null");
    if (picked == null) {
      return scan(rows);
    }
    String[] names = rows.schema().fieldNames();
    org.apache.spark.sql.Column[] selected = new org.apache.spark.sql.Column[picked.length];
    for (int i = 0; i < picked.length; i++) {
      selected[i] = rows.col("`" + names[picked[i]].replace("`", "``") + "`");
    }
    return scan(rows.select(selected)).atPositions(picked);
  }

  /**
   * Scans the delimited files of {@code source} once, as {@link #scan(Dataset)} scans its rows, with
   * the same result: each split's fields are folded from the file's bytes where the reader can
   * tokenise them exactly, which skips making strings and rows (most of a CSV scan's cost).
   */
  public RawProfile scan(CsvSource source) {
    return scan(source, null);
  }

  /** {@link #scan(CsvSource)} of the fields at positions {@code picked} (ascending; null: all); the others are skipped. */
  public RawProfile scan(CsvSource source, int[] picked) {
    requireNonNull(source, "source is null");
    List<String> names = source.columns();
    int[] fields = picked != null ? picked.clone() : java.util.stream.IntStream.range(0, names.size()).toArray();
    ColumnPlan[] plans = new ColumnPlan[fields.length];
    StructType schema = new StructType();
    for (int i = 0; i < plans.length; i++) {
      plans[i] = ColumnPlan.of(i, DataTypes.StringType);
      schema = schema.add(names.get(fields[i]), DataTypes.StringType, true);
    }
    RawProfile raw = merged(source.fold(new CsvFold(plans, fields, sampleSize)).map(ProfileState::flush), plans, schema);
    return picked == null ? raw : raw.atPositions(picked);
  }

  /** The tasks' states merged in a tree on the executors, held on the driver. */
  private RawProfile merged(JavaRDD<ProfileState> states, ColumnPlan[] plans, StructType schema) {
    ProfileState merged = states.getNumPartitions() == 0 ? new ProfileState(plans, sampleSize) : states.treeReduce(ProfileState::merge, 2);
    return new RawProfile(columnsOf(schema), merged);
  }

  /**
   * Folds one task's rows into a new state: rows in Spark's binary format are gathered into
   * {@link RowBatch}es and folded column by column when {@code columnMajor}, any other row (and
   * every row when not) one by one. Both give the same state.
   */
  static ProfileState fold(Iterator<InternalRow> rows, ColumnPlan[] plans, int sampleSize, boolean columnMajor) {
    ProfileState state = new ProfileState(plans, sampleSize);
    RowBatch batch = new RowBatch(plans.length);
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      if (columnMajor && RowBatch.holds(row)) {
        if (batch.add((UnsafeRow) row)) {
          state.add(batch);
        }
      } else {
        if (batch.rows() > 0) {
          state.add(batch); // keep each column's values in row order
        }
        state.add(row);
      }
    }
    if (batch.rows() > 0) {
      state.add(batch);
    }
    return state.flush();
  }
}
