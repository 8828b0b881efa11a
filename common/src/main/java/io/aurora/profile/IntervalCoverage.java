package io.aurora.profile;

import io.aurora.fingerprint.Fingerprint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often a reference release's values (the estimator without noise) lie inside the 90 % intervals
 * noisy releases of the same columns state, per interval key and pooled: the check behind SPEC §4's
 * "every number a person reads carries its uncertainty" (IntervalCoverageTest, IntervalCoverageBench).
 */
public final class IntervalCoverage {
  private final Map<String, int[]> byKey = new TreeMap<>();
  private int inside;
  private int total;

  /** Counts every interval of {@code noisy} against the value of the same column in {@code reference}. */
  public void add(ReleasedProfile reference, ReleasedProfile noisy) {
    Map<String, Fingerprint> truth = new LinkedHashMap<>();
    for (Fingerprint f : reference.fingerprints()) {
      truth.put(f.columnName(), f);
    }
    for (Fingerprint f : noisy.fingerprints()) {
      Fingerprint t = truth.get(f.columnName());
      for (Map.Entry<String, List<Double>> e : f.intervals().entrySet()) {
        Double exact = t == null ? null : t.intervalValue(e.getKey());
        if (e.getKey().equals(FingerprintRelease.DISTINCT_FLOOR) || exact == null || exact.isNaN()) {
          continue;
        }
        boolean in = exact >= e.getValue().get(0) - 1e-9 && exact <= e.getValue().get(1) + 1e-9;
        int[] c = byKey.computeIfAbsent(e.getKey(), k -> new int[2]);
        c[0] += in ? 1 : 0;
        c[1]++;
        inside += in ? 1 : 0;
        total++;
      }
    }
  }

  /** Intervals counted. */
  public int total() {
    return total;
  }

  /** Intervals holding the reference value. */
  public int inside() {
    return inside;
  }

  /** The share of intervals holding the reference value (NaN before any). */
  public double share() {
    return total == 0 ? Double.NaN : inside / (double) total;
  }

  /** Per interval key: {inside, counted}. */
  public Map<String, int[]> byKey() {
    Map<String, int[]> out = new TreeMap<>();
    byKey.forEach((k, c) -> out.put(k, c.clone()));
    return out;
  }
}
