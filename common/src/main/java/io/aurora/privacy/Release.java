package io.aurora.privacy;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;

/**
 * One release to record before anything is computed: under {@code key}, release {@code releaseId}
 * of profile run {@code runId} costs (ε, δ) and ρ (zCDP; ε²/2 for a pure-ε release), of which
 * {@code selectionDelta} is a δ spent outright rather than through ρ: the δ of a thresholded key
 * selection ((ρ, δ_sel)-approximate zCDP), which adds up over a dataset's lifetime beside ρ. The input's
 * {@code signature} (re-use of a completed run) and {@code identity} (the same rows under another
 * key) are nullable; {@code forceNewKey} records that the caller chose to profile an input already
 * profiled under another dataset or partition key.
 */
public record Release(LedgerKey key, String releaseId, String runId, double epsilon, double delta, double rho, double selectionDelta,
    String mechanisms, String inputSignature, String inputIdentity, boolean forceNewKey) {
  /** Longest signature or identity recorded. */
  public static final int DIGEST_MAX = 128;

  public Release {
    requireNonNull(key, "key is null");
    Identifiers.require("release id", releaseId);
    Identifiers.require("run id", runId);
    requireNonNull(mechanisms, "mechanisms is null");
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
    }
    if (!(delta >= 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1), got " + delta);
    }
    if (!(rho >= 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be finite and non-negative, got " + rho);
    }
    if (!(selectionDelta >= 0 && (selectionDelta == 0 || selectionDelta < delta))) {
      throw new IllegalArgumentException("selection delta must be 0 or in (0, delta), got " + selectionDelta + " of delta " + delta);
    }
    if (delta == 0 && rho < epsilon * epsilon / 2) {
      throw new IllegalArgumentException("a pure-epsilon release costs at least epsilon^2/2 of rho, got " + rho);
    }
    for (String digest : new String[] {inputSignature, inputIdentity}) {
      if (digest != null && (digest.isEmpty() || digest.length() > DIGEST_MAX)) {
        throw new IllegalArgumentException("input signature and identity must have 1 to " + DIGEST_MAX + " characters");
      }
    }
  }

  /** A release without a key selection: all of its δ is the conversion of its ρ. */
  public Release(LedgerKey key, String releaseId, String runId, double epsilon, double delta, double rho, String mechanisms,
      String inputSignature, String inputIdentity, boolean forceNewKey) {
    this(key, releaseId, runId, epsilon, delta, rho, 0, mechanisms, inputSignature, inputIdentity, forceNewKey);
  }

  /** The ρ a release of (ε, δ) costs: ε²/2 for pure ε-DP (δ = 0), else the largest ρ that converts to (ε, δ). */
  public static double rhoOf(double epsilon, double delta) {
    return delta == 0 ? epsilon * epsilon / 2 : PrivacyCost.largestRhoWithin(epsilon, delta);
  }
}
