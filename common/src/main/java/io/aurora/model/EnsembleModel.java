package io.aurora.model;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.Proposal;

/**
 * The retrained recommender: gradient-boosted trees (XGBoost) and a multinomial logistic regression
 * (Spark MLlib) over {@link ModelFeatures}, soft-voting with the trees' weight chosen on a
 * validation split. Classes are the actions ({@code Action.ordinal()}). Both halves are evaluated
 * in plain Java from arrays read out of the saved model, so serving needs neither a Spark job nor
 * a native call per fingerprint.
 */
public final class EnsembleModel implements ServingModel {
  private static final long serialVersionUID = 1L;

  private final BoostedTrees trees;
  private final double[][] coefficients;
  private final double[] intercepts;
  private final double treesWeight;

  /**
   * @param coefficients the linear model's coefficients, one row per action, one column per feature
   * @param treesWeight the trees' share in the vote, in [0, 1]
   */
  public EnsembleModel(BoostedTrees trees, double[][] coefficients, double[] intercepts, double treesWeight) {
    this.trees = requireNonNull(trees, "trees is null");
    this.coefficients = requireNonNull(coefficients, "coefficients is null");
    this.intercepts = requireNonNull(intercepts, "intercepts is null");
    int actions = Action.values().length;
    if (trees.classes() != actions || coefficients.length != actions || intercepts.length != actions) {
      throw new IllegalArgumentException("one class per action (" + actions + ")");
    }
    for (double[] row : coefficients) {
      if (row.length != ModelFeatures.NAMES.size()) {
        throw new IllegalArgumentException("one coefficient per feature (" + ModelFeatures.NAMES.size() + ")");
      }
    }
    if (!(treesWeight >= 0 && treesWeight <= 1)) {
      throw new IllegalArgumentException("treesWeight must be in [0, 1]: " + treesWeight);
    }
    this.treesWeight = treesWeight;
  }

  @Override
  public String kind() {
    return ModelArtifact.ENSEMBLE;
  }

  public double treesWeight() {
    return treesWeight;
  }

  @Override
  public double[] probabilities(Fingerprint fingerprint, Proposal expert) {
    return probabilities(ModelFeatures.of(fingerprint, expert));
  }

  /** The vote for one feature vector. */
  public double[] probabilities(float[] x) {
    double[] t = treesProbabilities(x);
    double[] l = linearProbabilities(x);
    double[] p = new double[t.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = treesWeight * t[c] + (1 - treesWeight) * l[c];
    }
    return p;
  }

  /** The trees' half of the vote. */
  public double[] treesProbabilities(float[] x) {
    return trees.probabilities(x);
  }

  /** The linear half of the vote: softmax(W·x + b) with missing values as 0, as MLlib's model computes it. */
  public double[] linearProbabilities(float[] x) {
    double[] filled = ModelFeatures.filled(x);
    double[] z = new double[intercepts.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < z.length; c++) {
      double s = intercepts[c];
      double[] w = coefficients[c];
      for (int j = 0; j < filled.length; j++) {
        s += w[j] * filled[j];
      }
      z[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return z;
  }
}
