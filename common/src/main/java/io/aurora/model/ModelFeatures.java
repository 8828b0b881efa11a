package io.aurora.model;

import static java.util.Objects.requireNonNull;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertCalibration;
import io.aurora.recommend.ExpertTypeTrees;
import io.aurora.recommend.NameTokenRates;
import io.aurora.recommend.RuleFiring;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The features the retrained model reads, {@link #NAMES} in order: the fingerprint's released
 * statistics (never a value), the expert rule that fired (one indicator per rule id), what the
 * column name says (its kind, its shape, and the name-word rates learned from public labelled
 * columns) and the stratum calibration's rates for the rule's candidates. The same vector as the
 * shipped re-ranker's ({@link ExpertTypeTrees#features}), computed with the shipped calibration and
 * name-word table, so a model trained on a tenant's labels adds that tenant's evidence to what the
 * public corpus taught. Missing statistics are {@code NaN}.
 */
public final class ModelFeatures implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Feature names in vector order; stored with every model, which is refused when they differ. */
  public static final List<String> NAMES = ExpertTypeTrees.FEATURES;

  private final ExpertCalibration calibration;
  private final List<Set<Action>> acceptable;
  private final NameTokenRates names;

  public ModelFeatures(ExpertCalibration calibration, List<Set<Action>> acceptable, NameTokenRates names) {
    this.calibration = requireNonNull(calibration, "calibration is null");
    this.acceptable = List.copyOf(requireNonNull(acceptable, "acceptable is null"));
    this.names = requireNonNull(names, "names is null");
  }

  /** With the calibration and name-word table AURORA ships (fitted on the public feature-type corpus). */
  public static ModelFeatures shipped() {
    ExpertTypeTrees trees = ExpertTypeTrees.shipped();
    return new ModelFeatures(ExpertCalibration.shipped(), trees.acceptableSets(), trees.nameRates());
  }

  /** The feature vector of {@code f}, decided by {@code firing}. */
  public float[] of(Fingerprint f, RuleFiring firing) {
    return ExpertTypeTrees.features(f, firing, calibration, acceptable, names);
  }

  /** {@code x} with every missing value as 0, for learners that cannot take {@code NaN} (the linear half). */
  public static double[] filled(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Float.isNaN(x[i]) ? 0.0 : x[i];
    }
    return out;
  }
}
