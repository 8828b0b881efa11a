package io.aurora.model;

import java.io.IOException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The boosted trees as arrays, read from XGBoost's JSON form of the model: per tree, children,
 * split feature, threshold (the leaf value at leaves) and the side missing values take; per class
 * the sum of its trees' leaves, then the softmax. XGBoost's rule: go left when the value is below
 * the threshold (float comparison), missing values go to the default side. The constant base
 * score is the same for every class and drops out of the softmax.
 */
public record BoostedTrees(int classes, int[] treeClass, int[][] left, int[][] right, int[][] feature,
  float[][] threshold, boolean[][] defaultLeft) implements java.io.Serializable {
  public static BoostedTrees of(Booster booster) {
    try {
      com.fasterxml.jackson.databind.JsonNode learner = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(booster.toByteArray("json")).get("learner");
      int classes = Math.max(1, Integer.parseInt(learner.get("learner_model_param").get("num_class").asText()));
      com.fasterxml.jackson.databind.JsonNode model = learner.get("gradient_booster").get("model");
      com.fasterxml.jackson.databind.JsonNode trees = model.get("trees");
      int n = trees.size();
      int[] treeClass = new int[n];
      int[][] left = new int[n][];
      int[][] right = new int[n][];
      int[][] feature = new int[n][];
      float[][] threshold = new float[n][];
      boolean[][] defaultLeft = new boolean[n][];
      for (int t = 0; t < n; t++) {
        com.fasterxml.jackson.databind.JsonNode tree = trees.get(t);
        treeClass[t] = model.get("tree_info").get(t).asInt();
        left[t] = ints(tree.get("left_children"));
        right[t] = ints(tree.get("right_children"));
        feature[t] = ints(tree.get("split_indices"));
        com.fasterxml.jackson.databind.JsonNode cond = tree.get("split_conditions");
        threshold[t] = new float[cond.size()];
        for (int k = 0; k < cond.size(); k++) {
          threshold[t][k] = (float) cond.get(k).asDouble();
        }
        com.fasterxml.jackson.databind.JsonNode dl = tree.get("default_left");
        defaultLeft[t] = new boolean[dl.size()];
        for (int k = 0; k < dl.size(); k++) {
          defaultLeft[t][k] = dl.get(k).isBoolean() ? dl.get(k).asBoolean() : dl.get(k).asInt() != 0;
        }
        if (tree.has("categories_nodes") && tree.get("categories_nodes").size() > 0) {
          throw new IllegalStateException("categorical splits are not supported");
        }
      }
      return new BoostedTrees(classes, treeClass, left, right, feature, threshold, defaultLeft);
    } catch (XGBoostError | IOException e) {
      throw new IllegalStateException("cannot read the boosted trees: " + e.getMessage(), e);
    }
  }

  private static int[] ints(com.fasterxml.jackson.databind.JsonNode array) {
    int[] out = new int[array.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = array.get(k).asInt();
    }
    return out;
  }

  /** Class probabilities of one row of features ({@code NaN} = missing), as XGBoost's predictor computes them. */
  public double[] probabilities(float[] x) {
    double[] margin = new double[classes];
    for (int t = 0; t < treeClass.length; t++) {
      int node = 0;
      int[] l = left[t];
      while (l[node] != -1) {
        float v = x[feature[t][node]];
        boolean goLeft = Float.isNaN(v) ? defaultLeft[t][node] : v < threshold[t][node];
        node = goLeft ? l[node] : right[t][node];
      }
      margin[treeClass[t]] += threshold[t][node];
    }
    return classes == 1 ? new double[] {1 / (1 + Math.exp(-margin[0]))} : softmax(margin);
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] out = new double[z.length];
    for (int c = 0; c < z.length; c++) {
      out[c] = Math.exp(z[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < z.length; c++) {
      out[c] /= sum;
    }
    return out;
  }
}
