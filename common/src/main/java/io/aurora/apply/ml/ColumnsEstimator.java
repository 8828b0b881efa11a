package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * An estimator that maps each of its {@code inputCols} to the output column at the same place of
 * {@code outputCols}: the uid and the two column params every such AURORA stage has, so each stage
 * declares only what it learns. Public because Spark finds a stage's params by reflection.
 *
 * @param <M> the model it fits
 * @param <S> the stage itself, so that setters chain
 */
public abstract class ColumnsEstimator<M extends Model<M>, S extends ColumnsEstimator<M, S>> extends Estimator<M> {
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;

  protected ColumnsEstimator(String uid, String inputDoc, String outputDoc) {
    // the params read uid() while they are built
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCols = new StringArrayParam(this, "inputCols", inputDoc);
    this.outputCols = new StringArrayParam(this, "outputCols", outputDoc);
  }

  @Override
  public final String uid() {
    return uid;
  }

  public final StringArrayParam inputCols() {
    return inputCols;
  }

  public final StringArrayParam outputCols() {
    return outputCols;
  }

  public final S setInputCols(String... value) {
    set(inputCols, value);
    return self();
  }

  public final S setOutputCols(String... value) {
    set(outputCols, value);
    return self();
  }

  /** The input columns as set. */
  protected final String[] inputs() {
    return getOrDefault(inputCols);
  }

  /** The output columns as set. */
  protected final String[] outputs() {
    return getOrDefault(outputCols);
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  @Override
  public S copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
