package io.aurora.train;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.model.ServingModel;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.Proposal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How a model does on labelled columns, the way it is served (the expert rule fires, the model ranks):
 * accuracy (the top action is one of the column's acceptable actions), macro-F1 and recall per
 * action, expected calibration error of the top action's probability (10 bins), the confusion
 * matrix and the number of labels per source. For a column with several acceptable actions, the
 * "true" action of the matrix is the predicted one when it is acceptable, else the first choice.
 */
public record Evaluation(int columns, double accuracy, double macroF1, Map<Action, Double> recall, double ece,
    long[][] confusion, Map<String, Long> labelsPerSource) {
  private static final StructType PREDICTIONS = new StructType()
      .add("label_source", DataTypes.StringType, false)
      .add("truth", DataTypes.IntegerType, false)
      .add("predicted", DataTypes.IntegerType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("correct", DataTypes.BooleanType, false);
  private static final int BINS = 10;

  public Evaluation {
    recall = Map.copyOf(recall);
    labelsPerSource = Map.copyOf(labelsPerSource);
  }

  /** Evaluates {@code model} on {@code labelled} (rows of {@link LabelledColumns#SCHEMA}), on the executors. */
  public static Evaluation of(JavaSparkContext jsc, ServingModel model, Dataset<Row> labelled) {
    Broadcast<ServingModel> b = jsc.broadcast(requireNonNull(model, "model is null"));
    MapPartitionsFunction<Row, Row> predict = (Iterator<Row> it) -> {
      ExpertRules rules = ExpertRules.shipped();
      ServingModel m = b.value();
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        Fingerprint f = Fingerprint.fromRow(r);
        Proposal expert = rules.propose(f).orElseThrow();
        double[] p = m.probabilities(f, expert);
        int best = expert.top().action().ordinal();
        double conf = 0;
        if (p != null) {
          // ties go to the expert rules' own choice (their runners-up may share its confidence)
          for (int c = 0; c < p.length; c++) {
            if (p[c] > p[best]) {
              best = c;
            }
          }
          conf = p[best];
        }
        Set<Action> accept = EnumSet.noneOf(Action.class);
        for (Object a : r.getList(r.fieldIndex("accept"))) {
          accept.add(Action.fromWire((String) a));
        }
        boolean correct = accept.contains(Action.values()[best]);
        int truth = correct ? best : Action.fromWire((String) r.getList(r.fieldIndex("accept")).get(0)).ordinal();
        out.add(RowFactory.create(r.<String>getAs("label_source"), truth, best, conf, correct));
      }
      return out.iterator();
    };
    List<Row> rows = labelled.mapPartitions(predict, Encoders.row(PREDICTIONS)).collectAsList();
    b.destroy();
    return of(rows);
  }

  static Evaluation of(List<Row> rows) {
    int k = Action.values().length;
    long[][] confusion = new long[k][k];
    double[] binConfidence = new double[BINS];
    double[] binCorrect = new double[BINS];
    long[] binCount = new long[BINS];
    Map<String, Long> sources = new LinkedHashMap<>();
    long correct = 0;
    for (Row r : rows) {
      int truth = r.getInt(1);
      int predicted = r.getInt(2);
      double conf = r.getDouble(3);
      boolean ok = r.getBoolean(4);
      confusion[truth][predicted]++;
      correct += ok ? 1 : 0;
      int bin = Math.min(BINS - 1, (int) (conf * BINS));
      binConfidence[bin] += conf;
      binCorrect[bin] += ok ? 1 : 0;
      binCount[bin]++;
      sources.merge(r.getString(0), 1L, Long::sum);
    }
    int n = rows.size();
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      if (binCount[b] > 0) {
        ece += binCount[b] / (double) n * Math.abs(binConfidence[b] / binCount[b] - binCorrect[b] / binCount[b]);
      }
    }
    Map<Action, Double> recall = new LinkedHashMap<>();
    double f1Sum = 0;
    int f1Classes = 0;
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long actual = 0;
      long predicted = 0;
      for (int j = 0; j < k; j++) {
        actual += confusion[c][j];
        predicted += confusion[j][c];
      }
      if (actual == 0 && predicted == 0) {
        continue;
      }
      double rec = actual == 0 ? 0 : tp / (double) actual;
      double prec = predicted == 0 ? 0 : tp / (double) predicted;
      if (actual > 0) {
        recall.put(Action.values()[c], rec);
      }
      f1Sum += prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
      f1Classes++;
    }
    return new Evaluation(n, n == 0 ? Double.NaN : correct / (double) n, f1Classes == 0 ? Double.NaN : f1Sum / f1Classes,
        recall, n == 0 ? Double.NaN : ece, confusion, sources);
  }

  /** The metrics under {@code prefix} ({@code holdout.accuracy}, {@code holdout.recall.drop}, ...). */
  public Map<String, Double> metrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + ".accuracy", accuracy);
    m.put(prefix + ".macro_f1", macroF1);
    m.put(prefix + ".ece", ece);
    m.put(prefix + ".columns", (double) columns);
    recall.forEach((a, r) -> m.put(prefix + ".recall." + a.wireName(), r));
    return m;
  }

  /** The confusion matrix as CSV: rows true action, columns predicted action. */
  public String confusionCsv() {
    StringBuilder sb = new StringBuilder("true\\predicted");
    for (Action a : Action.values()) {
      sb.append(',').append(a.wireName());
    }
    sb.append('\n');
    for (Action t : Action.values()) {
      sb.append(t.wireName());
      for (Action p : Action.values()) {
        sb.append(',').append(confusion[t.ordinal()][p.ordinal()]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d columns: accuracy %.3f, macro-F1 %.3f, ECE %.3f", columns, accuracy, macroF1, ece);
  }
}
