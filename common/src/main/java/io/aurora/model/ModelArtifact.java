package io.aurora.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.recommend.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The folder a registered version's artifact is ({@code model/} of its run):
 *
 * <pre>
 * MODEL.json      format, kind, feature names, classes (actions), soft-voting weights
 * xgboost.ubj     ensemble: the trees in XGBoost's own format (any XGBoost binding reads it)
 * mllib.json      ensemble: the logistic regression's coefficients and intercepts
 * spark/xgboost   ensemble: the fitted XGBoostClassificationModel in Spark ML's format
 * spark/mllib     ensemble: the fitted LogisticRegressionModel in Spark ML's format
 * </pre>
 *
 * Serving reads MODEL.json and the small files on the driver; the Spark ML folders are there for a
 * person who wants to load the model in Spark (Scala, PySpark).
 */
public final class ModelArtifact {
  public static final String MANIFEST = "MODEL.json";
  public static final String XGBOOST = "xgboost.ubj";
  public static final String MLLIB = "mllib.json";
  public static final String SPARK_XGBOOST = "spark/xgboost";
  public static final String SPARK_MLLIB = "spark/mllib";
  /** Kind of the retrained XGBoost + MLlib ensemble. */
  public static final String ENSEMBLE = "ensemble";
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelArtifact() {}

  /** A manifest of {@code kind} naming the current feature list and the actions as classes. */
  public static ObjectNode manifest(String kind) {
    ObjectNode m = JSON.createObjectNode();
    m.put("format", FORMAT);
    m.put("kind", kind);
    ArrayNode f = m.putArray("features");
    ModelFeatures.NAMES.forEach(f::add);
    ArrayNode c = m.putArray("classes");
    for (Action a : Action.values()) {
      c.add(a.wireName());
    }
    return m;
  }

  /** The coefficient file of the linear half. */
  public static byte[] linearJson(double[][] coefficients, double[] intercepts) throws IOException {
    ObjectNode m = JSON.createObjectNode();
    ArrayNode rows = m.putArray("coefficients");
    for (double[] row : coefficients) {
      ArrayNode r = rows.addArray();
      for (double v : row) {
        r.add(v);
      }
    }
    ArrayNode b = m.putArray("intercepts");
    for (double v : intercepts) {
      b.add(v);
    }
    return JSON.writeValueAsBytes(m);
  }

  /**
   * The model in {@code dir}, ready to serve. A model made for other features or actions than this
   * version of AURORA computes is refused (IllegalStateException naming why).
   */
  public static ServingModel load(Path dir) {
    try {
      JsonNode m = JSON.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
      if (m.path("format").asInt() != FORMAT) {
        throw new IllegalStateException("model format " + m.path("format").asText() + " is not " + FORMAT);
      }
      String kind = m.path("kind").asText();
      if (!kind.equals(ENSEMBLE)) {
        throw new IllegalStateException("unknown model kind '" + kind + "'");
      }
      List<String> features = new ArrayList<>();
      m.path("features").forEach(n -> features.add(n.asText()));
      if (!features.equals(ModelFeatures.NAMES)) {
        throw new IllegalStateException("the model was trained on other features than this version computes");
      }
      List<String> classes = new ArrayList<>();
      m.path("classes").forEach(n -> classes.add(n.asText()));
      if (!classes.equals(java.util.Arrays.stream(Action.values()).map(Action::wireName).toList())) {
        throw new IllegalStateException("the model predicts other actions than this version knows");
      }
      BoostedTrees trees = BoostedTrees.of(XGBoost.loadModel(Files.readAllBytes(dir.resolve(XGBOOST))));
      JsonNode lin = JSON.readTree(Files.readAllBytes(dir.resolve(MLLIB)));
      double[][] coefficients = new double[lin.path("coefficients").size()][];
      for (int c = 0; c < coefficients.length; c++) {
        JsonNode row = lin.path("coefficients").get(c);
        coefficients[c] = new double[row.size()];
        for (int j = 0; j < row.size(); j++) {
          coefficients[c][j] = row.get(j).asDouble();
        }
      }
      double[] intercepts = new double[lin.path("intercepts").size()];
      for (int c = 0; c < intercepts.length; c++) {
        intercepts[c] = lin.path("intercepts").get(c).asDouble();
      }
      return new EnsembleModel(trees, coefficients, intercepts, m.path("weights").path("xgboost").asDouble());
    } catch (IOException | XGBoostError e) {
      throw new IllegalStateException("unreadable model artifact: " + e.getClass().getSimpleName(), e);
    }
  }
}
