package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.TypeClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost, {@code multi:softprob}) over the evidence of an expert-rule
 * decision that predict the column's type: which rule fired, what the column name says (its kind
 * and shape, never its words), the released shares, distinct and null ratios and shape statistics,
 * and the stratum calibration's probabilities. Trees capture interactions a linear model cannot
 * (name kind × distinct ratio × shape). The probability that an action is acceptable is the summed
 * probability of the types it is right for; it re-ranks and calibrates the rule's own candidates,
 * so the rules stay the explainable core. The model sees fingerprints only, never sample values.
 *
 * <p>The class list, the actions acceptable for each class, the model's share in a confidence and
 * the name-word rates are stored as attributes of the booster, so one XGBoost model file is the
 * whole model. Predictions are computed in Java from the trees' arrays (see {@link BoostedTrees}); the
 * native library only reads and writes the file.
 */
public final class ExpertTypeTrees implements ExpertTypeScorer {
  private static final long serialVersionUID = 1L;
  /** The rules of {@link ExpertRules}, one indicator each (an unknown rule sets none). */
  static final List<String> RULES = List.of("empty", "constant", "url", "email", "datetime", "datetime_name",
      "boolean", "numeric_datetime", "numeric_code", "numeric_id", "numeric_id_name", "numeric_key", "binary",
      "integer_levels", "log_skewed", "power_skewed", "robust_tails", "unit_scale", "symmetric", "nested", "list",
      "embedded_number", "digit_id", "digit_code", "text", "string_id", "string_levels");
  /** Names of the features, in the order of {@link #features}. */
  public static final List<String> FEATURES = featureNames();
  private static final String RESOURCE = "/io/aurora/recommend/expert-type-trees.ubj";
  private static final double CLIP = 1e-3;

  private final Booster booster;
  /** The same trees as plain arrays: evaluated in Java, no native call and no lock per fingerprint. */
  private final BoostedTrees forest;
  private final List<String> classes;
  private final List<Set<Action>> acceptable;
  private final double weight;
  private final NameTokenRates names;
  private final Set<TypeClass> typeClasses;

  /** Trees in {@code booster} over {@link #FEATURES}; class {@code c} is {@code classes[c]}, right for {@code acceptable[c]}. */
  public ExpertTypeTrees(Booster booster, List<String> classes, List<Set<Action>> acceptable, double weight,
      NameTokenRates names, Set<TypeClass> typeClasses) {
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in [0, 1]");
    }
    this.booster = requireNonNull(booster, "booster is null");
    this.forest = BoostedTrees.of(booster);
    if (forest.classes() != classes.size()) {
      throw new IllegalArgumentException("the trees predict " + forest.classes() + " classes, not " + classes.size());
    }
    this.classes = List.copyOf(requireNonNull(classes, "classes is null"));
    this.acceptable = requireNonNull(acceptable, "acceptable is null").stream()
        .map(s -> (Set<Action>) Collections.unmodifiableSet(s.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(s)))
        .toList();
    if (this.acceptable.size() != this.classes.size()) {
      throw new IllegalArgumentException("one acceptable set per class");
    }
    this.weight = weight;
    this.names = requireNonNull(names, "names is null");
    requireNonNull(typeClasses, "typeClasses is null");
    this.typeClasses = Collections.unmodifiableSet(
        typeClasses.isEmpty() ? EnumSet.noneOf(TypeClass.class) : EnumSet.copyOf(typeClasses));
    if (names.classes() != this.classes.size()) {
      throw new IllegalArgumentException("name token rates for another number of classes");
    }
  }

  /** The trees fitted on the feature-type corpus and shipped in the jar (ExpertTypeTreesFit writes them). */
  public static ExpertTypeTrees shipped() {
    try (InputStream in = ExpertTypeTrees.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return read(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A model written by {@link #toBytes()}. */
  public static ExpertTypeTrees read(byte[] model) {
    try {
      Booster b = XGBoost.loadModel(model);
      Map<String, String> attrs = b.getAttrs();
      String features = attrs.get("features");
      if (features == null || !features.equals(String.join(",", FEATURES))) {
        throw new IllegalStateException("type trees were fitted on other features than this version computes");
      }
      List<String> classes = List.of(attrs.get("classes").split(","));
      List<Set<Action>> acceptable = new ArrayList<>();
      for (String c : classes) {
        Set<Action> acc = EnumSet.noneOf(Action.class);
        for (String a : attrs.getOrDefault("acceptable." + c, "").split(",")) {
          if (!a.isEmpty()) {
            acc.add(Action.fromWire(a));
          }
        }
        acceptable.add(acc);
      }
      Set<TypeClass> typeClasses = EnumSet.noneOf(TypeClass.class);
      for (String t : attrs.getOrDefault("typeClasses", "").split(",")) {
        if (!t.isEmpty()) {
          typeClasses.add(TypeClass.valueOf(t));
        }
      }
      return new ExpertTypeTrees(b, classes, acceptable, Double.parseDouble(attrs.get("weight")),
          NameTokenRates.parse(attrs.get("nameTokens")), typeClasses);
    } catch (XGBoostError | IOException e) {
      throw new IllegalStateException("unreadable type trees: " + e.getMessage(), e);
    }
  }

  /** The model in XGBoost's UBJSON format, with classes, acceptable actions, weight and feature names as attributes. */
  public byte[] toBytes() {
    try {
      booster.setAttr("features", String.join(",", FEATURES));
      booster.setAttr("classes", String.join(",", classes));
      for (int c = 0; c < classes.size(); c++) {
        booster.setAttr("acceptable." + classes.get(c),
            String.join(",", acceptable.get(c).stream().map(Action::wireName).sorted().toList()));
      }
      booster.setAttr("weight", Double.toString(weight));
      booster.setAttr("nameTokens", names.format());
      booster.setAttr("typeClasses", String.join(",", typeClasses.stream().map(Enum::name).toList()));
      return booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot write type trees: " + e.getMessage(), e);
    }
  }

  /** The attributes stored with the trees: features, classes, weight and how they were fitted (depth, rounds, seed). */
  public Map<String, String> attributes() {
    try {
      return Map.copyOf(booster.getAttrs());
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot read type trees' attributes: " + e.getMessage(), e);
    }
  }

  /** This model with {@code weight} as its share in an action's confidence. */
  public ExpertTypeTrees withWeight(double weight) {
    return new ExpertTypeTrees(booster, classes, acceptable, weight, names, typeClasses);
  }

  @Override
  public double weight() {
    return weight;
  }

  public List<String> classes() {
    return classes;
  }

  /** Per class, the actions that are right for it. */
  public List<Set<Action>> acceptableSets() {
    return acceptable;
  }

  /** The name-word rates fitted with the trees (learned from public labelled columns). */
  public NameTokenRates nameRates() {
    return names;
  }

  /**
   * {@inheritDoc} Null (no opinion: the stratum calibration alone decides) for a type class the
   * trees never saw fitted, e.g. natively typed dates when the corpus only had CSV strings: trees
   * extrapolate arbitrarily outside their data.
   */
  @Override
  public double[] probabilities(Fingerprint f, RuleFiring firing, ExpertCalibration calibration) {
    if (!typeClasses.contains(f.typeClass())) {
      return null;
    }
    return probabilities(features(f, firing, calibration, acceptable, names));
  }

  /**
   * Class probabilities for many fingerprints in one native call (row {@code i} null where
   * {@link #probabilities(Fingerprint, RuleFiring, ExpertCalibration)} would be).
   */
  public double[][] probabilities(List<Fingerprint> fingerprints, List<RuleFiring> firings,
      ExpertCalibration calibration) {
    List<float[]> rows = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < fingerprints.size(); i++) {
      Fingerprint f = fingerprints.get(i);
      if (typeClasses.contains(f.typeClass())) {
        rows.add(features(f, firings.get(i), calibration, acceptable, names));
        at.add(i);
      }
    }
    double[][] out = new double[fingerprints.size()][];
    if (!rows.isEmpty()) {
      double[][] p = probabilities(rows.toArray(new float[0][]));
      for (int r = 0; r < p.length; r++) {
        out[at.get(r)] = p[r];
      }
    }
    return out;
  }

  /** Class probabilities for one row of {@link #FEATURES}. */
  public double[] probabilities(float[] x) {
    return probabilities(new float[][] {x})[0];
  }

  /** Class probabilities for rows of {@link #FEATURES}. */
  public double[][] probabilities(float[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = forest.probabilities(rows[i]);
    }
    return out;
  }

  /** Class probabilities for rows of {@link #FEATURES} by the native XGBoost predictor (the reference for {@link BoostedTrees}). */
  double[][] nativeProbabilities(float[][] rows) {
    int d = FEATURES.size();
    float[] flat = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    DMatrix m = null;
    try {
      m = new DMatrix(flat, rows.length, d, Float.NaN);
      float[][] p;
      // the native predictor keeps per-booster buffers: one prediction at a time per model
      synchronized (booster) {
        p = booster.predict(m);
      }
      return widened(p);
    } catch (XGBoostError e) {
      throw new IllegalStateException("type trees failed to predict: " + e.getMessage(), e);
    } finally {
      if (m != null) {
        m.dispose();
      }
    }
  }

  /** XGBoost's float predictions as doubles. */
  public static double[][] widened(float[][] p) {
    double[][] out = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      out[i] = new double[p[i].length];
      for (int c = 0; c < p[i].length; c++) {
        out[i][c] = p[i][c];
      }
    }
    return out;
  }

  @Override
  public double acceptable(double[] p, Action action) {
    return ExpertTypeScorer.acceptableMass(p, acceptable, action);
  }

  private static List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (String r : RULES) {
      names.add("rule=" + r);
    }
    for (ColumnNameKind k : ColumnNameKind.values()) {
      names.add("kind=" + k.key());
    }
    for (TypeClass t : TypeClass.values()) {
      names.add("type=" + t.name().toLowerCase(java.util.Locale.ROOT));
    }
    names.addAll(List.of("logRows", "nullFraction", "logDistinct", "distinctRatio", "top1Share", "typeAgreement",
        "singletonShare",
        // numbers
        "integerShare", "negativeShare", "zeroShare", "leadingZeroShare", "skew", "kurtosis", "outlierMass", "span",
        "signedLogMean", "logSd", "variation", "yearValues",
        // strings
        "meanLength", "sdLength", "meanTokens", "digitChars", "alphaChars", "punctuationChars", "whitespaceChars",
        "numberShare", "dateShare", "booleanShare", "urlShare", "emailShare", "listShare", "unitShare",
        // the name's shape (not its words)
        "nameLength", "nameTokens", "nameDigits", "nameUpperShare", "nameStartsWithDigit",
        // the stratum calibration
        "strataRuleAction", "strataBest", "logRuleEvidence"));
    for (int c = 0; c < NINE_CLASSES; c++) {
      names.add("strataClass" + c);
    }
    for (int c = 0; c < NINE_CLASSES; c++) {
      names.add("nameRateClass" + c);
    }
    names.add("nameKnownTokens");
    names.add("nameTokenFiles");
    return List.copyOf(names);
  }

  /** Per-class stratum features: one per class of the corpus (the nine Sortinghat types). */
  private static final int NINE_CLASSES = 9;

  /**
   * The evidence the trees weigh, in the order of {@link #FEATURES} ({@code NaN} = not applicable):
   * only released statistics of {@code f}, the shape and kind of its name, the rule that fired and
   * the calibration's probabilities for the rule's candidates (per class: the best probability among
   * the candidates acceptable for it, by {@code acceptable}).
   */
  public static float[] features(Fingerprint f, RuleFiring firing, ExpertCalibration calibration,
      List<Set<Action>> acceptable, NameTokenRates nameRates) {
    float[] x = new float[FEATURES.size()];
    java.util.Arrays.fill(x, Float.NaN);
    int i = 0;
    int rule = RULES.indexOf(firing.ruleId());
    for (int r = 0; r < RULES.size(); r++) {
      x[i++] = r == rule ? 1 : 0;
    }
    ColumnNameKind kind = ColumnNameKind.of(f.columnName());
    for (ColumnNameKind k : ColumnNameKind.values()) {
      x[i++] = k == kind ? 1 : 0;
    }
    for (TypeClass t : TypeClass.values()) {
      x[i++] = t == f.typeClass() ? 1 : 0;
    }
    double d = Math.max(0, f.distinctEstimate());
    x[i++] = (float) Math.log10(1 + Math.max(0, f.rowCount()));
    x[i++] = (float) ExpertRules.share(f.nullFraction());
    x[i++] = (float) Math.log10(1 + d);
    x[i++] = (float) ExpertRules.share(f.distinctRatio());
    x[i++] = (float) ExpertRules.share(f.top1Share());
    x[i++] = (float) Math.max(0, Math.min(1, f.typeAgreement()));
    x[i++] = (float) ExpertRules.share(f.singletonShare());
    boolean numeric = f.typeClass() == TypeClass.NUMERIC;
    x[i++] = numeric ? (float) ExpertRules.share(f.integerShare()) : Float.NaN;
    x[i++] = numeric ? (float) ExpertRules.share(f.negativeShare()) : Float.NaN;
    x[i++] = numeric ? (float) ExpertRules.share(f.zeroShare()) : Float.NaN;
    x[i++] = (float) ExpertRules.share(f.leadingZeroShare());
    x[i++] = finite(f.skewness(), 50);
    x[i++] = finite(f.kurtosis(), 1000);
    x[i++] = f.outlierMass() == null ? Float.NaN : (float) ExpertRules.share(f.outlierMass());
    x[i++] = finite(f.magnitudeSpan(), 30);
    Double mean = f.mean();
    Double sd = f.stddev();
    boolean hasMean = mean != null && !mean.isNaN() && !mean.isInfinite();
    boolean hasSd = sd != null && !sd.isNaN() && !sd.isInfinite();
    x[i++] = hasMean ? (float) (Math.signum(mean) * Math.log10(1 + Math.abs(mean))) : Float.NaN;
    x[i++] = hasSd ? (float) Math.log10(1 + Math.abs(sd)) : Float.NaN;
    x[i++] = hasMean && hasSd ? (float) Math.min(100, Math.abs(sd) / Math.max(1e-9, Math.abs(mean))) : Float.NaN;
    x[i++] = hasMean && hasSd ? (mean >= 1900 && mean <= 2100 && sd < 50 ? 1 : 0) : Float.NaN;
    x[i++] = finite(f.meanLength(), 1e6);
    x[i++] = finite(f.stddevLength(), 1e6);
    x[i++] = finite(f.meanTokens(), 1e5);
    x[i++] = shareOrNaN(f.digitCharShare());
    x[i++] = shareOrNaN(f.alphaCharShare());
    x[i++] = shareOrNaN(f.punctuationCharShare());
    x[i++] = shareOrNaN(f.whitespaceCharShare());
    x[i++] = shareOrNaN(f.numberParseShare());
    x[i++] = shareOrNaN(f.dateParseShare());
    x[i++] = shareOrNaN(f.booleanParseShare());
    x[i++] = shareOrNaN(f.urlShare());
    x[i++] = shareOrNaN(f.emailShare());
    x[i++] = shareOrNaN(f.listShare());
    x[i++] = shareOrNaN(f.numberWithUnitShare());
    String name = f.columnName() == null ? "" : f.columnName().trim();
    int digits = 0;
    int upper = 0;
    int letters = 0;
    for (int k = 0; k < name.length(); k++) {
      char ch = name.charAt(k);
      digits += Character.isDigit(ch) ? 1 : 0;
      letters += Character.isLetter(ch) ? 1 : 0;
      upper += Character.isUpperCase(ch) ? 1 : 0;
    }
    x[i++] = name.length();
    x[i++] = ColumnNameKind.tokens(name).size();
    x[i++] = digits;
    x[i++] = letters == 0 ? 0 : upper / (float) letters;
    x[i++] = !name.isEmpty() && Character.isDigit(name.charAt(0)) ? 1 : 0;
    List<Action> candidates = new ArrayList<>();
    candidates.add(firing.action());
    candidates.addAll(firing.runnersUp());
    List<ExpertRules.WeightedStratum> weighted = ExpertRules.strata(f);
    double[] strata = new double[candidates.size()];
    double best = 0;
    for (int k = 0; k < candidates.size(); k++) {
      strata[k] = ExpertRules.probability(calibration, firing.ruleId(), weighted, candidates.get(k));
      best = Math.max(best, strata[k]);
    }
    x[i++] = (float) strata[0];
    x[i++] = (float) best;
    x[i++] = (float) Math.log10(1 + calibration.observations(firing.ruleId()));
    for (int c = 0; c < NINE_CLASSES; c++) {
      double p = -1;
      if (c < acceptable.size()) {
        for (int k = 0; k < candidates.size(); k++) {
          if (acceptable.get(c).contains(candidates.get(k))) {
            p = Math.max(p, strata[k]);
          }
        }
      }
      x[i++] = p < 0 ? Float.NaN : (float) Math.max(CLIP, Math.min(1 - CLIP, p));
    }
    double[] rates = nameRates.rates(f.columnName());
    for (int c = 0; c < NINE_CLASSES; c++) {
      x[i++] = c < nameRates.classes() ? (float) rates[c] : Float.NaN;
    }
    x[i++] = (float) rates[nameRates.classes()];
    x[i++] = (float) rates[nameRates.classes() + 1];
    if (i != x.length) {
      throw new IllegalStateException("feature count mismatch: " + i + " vs " + x.length);
    }
    return x;
  }

  private static float finite(Double v, double limit) {
    if (v == null || v.isNaN()) {
      return Float.NaN;
    }
    return (float) Math.max(-limit, Math.min(limit, v));
  }

  private static float shareOrNaN(Double v) {
    return v == null || v.isNaN() ? Float.NaN : (float) ExpertRules.share(v);
  }
}
