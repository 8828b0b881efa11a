package io.aurora.apply.ml;

import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Learns each column's list separator — the one of {@code ; | , / tab} that most values contain once
 * enclosing brackets are removed ({@code "[1, 2]"} splits on commas) — and yields a
 * {@link ListSplitterModel} that turns each value into an array of trimmed, unquoted, non-empty items.
 */
public final class ListSplitter extends ColumnsEstimator<ListSplitterModel, ListSplitter> implements DefaultParamsWritable {
  /** Candidate separators, in order of preference on a tie. */
  static final List<String> SEPARATORS = List.of(";", "|", ",", "/", "\t");

  public ListSplitter() {
    this(Identifiable$.MODULE$.randomUID("listSplitter"));
  }

  public ListSplitter(String uid) {
    super(uid, "columns holding several values per cell", "array<string> columns, one per input column");
  }

  @Override
  public ListSplitterModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] inputs = inputs();
    List<Column> aggregates = new ArrayList<>();
    for (String input : inputs) {
      Column inner = ListSplitterModel.unbracketed(StageSchemas.col(input));
      for (String separator : SEPARATORS) {
        aggregates.add(sum(when(inner.contains(separator), 1L).otherwise(0L)));
      }
    }
    Row counts = dataset.toDF().select(aggregates.toArray(Column[]::new)).first();
    String[] separators = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      long best = 0;
      separators[i] = SEPARATORS.get(0);
      for (int s = 0; s < SEPARATORS.size(); s++) {
        int at = i * SEPARATORS.size() + s;
        long c = counts.isNullAt(at) ? 0 : counts.getLong(at);
        if (c > best) {
          best = c;
          separators[i] = SEPARATORS.get(s);
        }
      }
    }
    ListSplitterModel model = new ListSplitterModel(uid()).setSeparators(separators);
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ListSplitterModel.outputSchema(schema, inputs(), outputs());
  }

  public static MLReader<ListSplitter> read() {
    return new DefaultParamsReader<>();
  }

  public static ListSplitter load(String path) {
    return read().load(path);
  }
}
