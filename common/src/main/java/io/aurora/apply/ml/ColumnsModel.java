package io.aurora.apply.ml;

import static java.util.Objects.requireNonNull;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * A fitted stage that maps each of its {@code inputCols} to the output column at the same place of
 * {@code outputCols}; the counterpart of {@link ColumnsEstimator}. Subclasses keep their own
 * {@code copy}, which must carry what is not a param.
 *
 * @param <M> the model itself
 */
public abstract class ColumnsModel<M extends ColumnsModel<M>> extends Model<M> {
  private final String uid;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;

  protected ColumnsModel(String uid, String inputDoc, String outputDoc) {
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

  /** The input columns as set. */
  protected final String[] inputs() {
    return getOrDefault(inputCols);
  }

  /** The output columns as set. */
  protected final String[] outputs() {
    return getOrDefault(outputCols);
  }
}
