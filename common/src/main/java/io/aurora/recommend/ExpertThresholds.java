package io.aurora.recommend;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds of {@link ExpertRules}. Each starts from what the field's tools do (cited per
 * component) and was then tuned on the labelled feature-type corpus (training folds only, see
 * docs/recommendations.md); {@link #tuned()} holds the values shipped.
 *
 * @param nearEmptyNullFraction null fraction at or above which a column is dropped as (nearly)
 *     empty. pandas-profiling/ydata warns at 50 % missing, AutoGluon drops columns that are all
 *     missing; with DP noise a share is never exactly 1, so a cut-off below 1 is needed.
 * @param constantTop1Share share of the most frequent value at or above which a column is treated
 *     as constant (sklearn VarianceThreshold(0) / AutoGluon drop "useless" single-value columns;
 *     below 1 because the released share is noisy).
 * @param urlShare share of values that are URLs above which the column is a URL column.
 * @param emailShare share of values that are e-mail addresses above which the column is an e-mail column.
 * @param dateShare share of values parseable as dates above which a string column is a date
 *     (pandas' {@code infer_datetime_format} and AutoGluon's DatetimeFeatureGenerator accept a
 *     column when most values parse; AutoGluon requires ≥ 80 % by default).
 * @param booleanShare share of values that are true/false/yes/no above which a column is boolean.
 * @param listShare share of values that hold several items above which a column is a list.
 * @param unitShare share of values that are numbers wrapped in currency signs, separators, units
 *     or percent signs above which a string column needs {@code parse_numeric}.
 * @param idDistinctRatio distinct ratio at or above which an integer or short-string column is an
 *     identifier (AutoGluon drops object columns with more than 99 % unique values).
 * @param oneHotMaxLevels most levels one-hot encoded; above it, target encoding (TransmogrifAI
 *     pivots up to 30 categories, skrub's TableVectorizer one-hot encodes below 40).
 * @param integerCategoricalMaxLevels most distinct values of an integer column for it to be read as
 *     a coded category rather than a quantity (Sortinghat's analysis of real columns; AutoGluon
 *     treats numbers with few unique values as categories).
 * @param textMinTokens mean tokens per value from which a string column is free text (TFDV's
 *     natural-language domain and Sortinghat's "sentence" type start at a few words).
 * @param textMinLength mean length in characters from which a string column is free text.
 * @param skewThreshold |skewness| above which a numeric column is skewed (SageMaker Data
 *     Wrangler flags |skew| > 3; Bulmer's rule of thumb calls |skew| > 1 highly skewed).
 * @param logMinDecades orders of magnitude a positive column must span for a log transform.
 * @param outlierMass share of values outside Tukey's fences (1.5 IQR) above which robust scaling
 *     is preferred (Tukey 1977; sklearn's RobustScaler documentation).
 * @param heavyKurtosis excess kurtosis above which tails are heavy.
 * @param missingIndicatorNullFraction null fraction from which a missing-indicator column is
 *     added (missingness itself may carry signal; sklearn's {@code add_indicator}).
 */
public record ExpertThresholds(
    double nearEmptyNullFraction,
    double constantTop1Share,
    double urlShare,
    double emailShare,
    double dateShare,
    double booleanShare,
    double listShare,
    double unitShare,
    double idDistinctRatio,
    int oneHotMaxLevels,
    int integerCategoricalMaxLevels,
    double textMinTokens,
    double textMinLength,
    double skewThreshold,
    double logMinDecades,
    double outlierMass,
    double heavyKurtosis,
    double missingIndicatorNullFraction)
    implements Serializable {

  /** The starting points taken from the literature, before tuning. */
  public static ExpertThresholds literature() {
    return new ExpertThresholds(0.99, 0.99, 0.5, 0.5, 0.8, 0.8, 0.5, 0.5, 0.99, 30, 20, 5.0, 50.0,
        3.0, 2.0, 0.05, 10.0, 0.05);
  }

  /** The values shipped: {@link #literature()} after tuning on the feature-type corpus. */
  public static ExpertThresholds tuned() {
    return literature();
  }

  /** The thresholds as name → value, in declaration order (for reports and tuning). */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    var components = ExpertThresholds.class.getRecordComponents();
    for (var c : components) {
      try {
        m.put(c.getName(), ((Number) c.getAccessor().invoke(this)).doubleValue());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  /** A copy with the component {@code name} set to {@code value}. */
  public ExpertThresholds with(String name, double value) {
    var components = ExpertThresholds.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean found = false;
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      try {
        Object current = components[i].getAccessor().invoke(this);
        if (components[i].getName().equals(name)) {
          current = types[i] == int.class ? (Object) (int) Math.round(value) : (Object) value;
          found = true;
        }
        args[i] = current;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no threshold named " + name);
    }
    try {
      return ExpertThresholds.class.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
