package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The delimited files behind a {@link ReadResult}'s rows, for a consumer that folds them without
 * rows: each split is read straight from its bytes into {@link FieldBatch}es where that path
 * reproduces the row path exactly, else through the row path's {@link CsvFileScan}; either way
 * the split reports to the same {@link MalformedTally}, so the read's malformed rows are the same.
 * The columns are those of the rows, all strings.
 */
public final class CsvSource {

  /**
   * Folds the splits of one task into states of type {@code S}: each split into a fresh state,
   * either from batches or from rows, merged into the task's state once the split is complete.
   */
  public interface SplitFold<S> extends Serializable {
    S start();

    /** A fresh state for a split to be merged into {@code task} when complete (may skip what the merge would drop). */
    default S startAfter(S task) {
      return start();
    }

    void add(S state, FieldBatch batch);

    void addRows(S state, Iterator<Row> rows);

    S merge(S task, S split);
  }

  private final JavaSparkContext jsc;
  private final List<FileSplit> splits;
  private final int tasks;
  private final CsvFileScan scan;
  private final LongAccumulator rowPathSplits;

  CsvSource(JavaSparkContext jsc, List<FileSplit> splits, int tasks, CsvFileScan scan, LongAccumulator rowPathSplits) {
    this.jsc = requireNonNull(jsc, "jsc is null");
    this.splits = List.copyOf(splits);
    this.tasks = tasks;
    this.scan = requireNonNull(scan, "scan is null");
    this.rowPathSplits = requireNonNull(rowPathSplits, "rowPathSplits is null");
  }

  public List<String> columns() {
    return scan.columns();
  }

  /** Splits read through the row path so far (the dialect or the split held what the byte path does not reproduce). */
  public long rowPathSplits() {
    return rowPathSplits.value();
  }

  /** Splits of the read. */
  public int splits() {
    return splits.size();
  }

  /** One state per task (planned, not run). */
  public <S> JavaRDD<S> fold(SplitFold<S> fold) {
    return jsc.parallelize(splits, tasks).mapPartitions(new Task<>(scan, fold, rowPathSplits));
  }

  private record Task<S>(CsvFileScan scan, SplitFold<S> fold, LongAccumulator rowPathSplits)
      implements FlatMapFunction<Iterator<FileSplit>, S> {
    @Override
    public Iterator<S> call(Iterator<FileSplit> it) {
      // the task's first complete split is its state (a wide table's state is tens of MB to make and merge)
      S task = null;
      CsvByteSplit bytes = scan.byteSplit();
      while (it.hasNext()) {
        FileSplit split = it.next();
        S part = fresh(task);
        MalformedTally.FileReport report = bytes == null ? null : bytes.read(split, batch -> fold.add(part, batch));
        S done;
        if (report == null) {
          done = fresh(task);
          fold.addRows(done, scan.call(List.of(split).iterator()));
          rowPathSplits.add(1);
        } else {
          scan.tally().add(report);
          done = part;
        }
        task = task == null ? done : fold.merge(task, done);
      }
      return List.of(task == null ? fold.start() : task).iterator();
    }

    /** A state for the next split: one that starts where merging into {@code task} (if any) would cut. */
    private S fresh(S task) {
      return task == null ? fold.start() : fold.startAfter(task);
    }
  }
}
