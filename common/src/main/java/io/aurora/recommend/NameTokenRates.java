package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How often each type was the label of columns whose names hold a word, learned from labelled
 * columns: for each lower-case name token ({@code land}, {@code codigo}, {@code count}), per type,
 * the number of source files voting for it (a file's columns with the token share one vote, so one
 * wide file cannot outvote the rest). Tokens seen in fewer than {@link #MIN_FILES} files are ignored:
 * evidence from one file is that file's naming, not a convention. Column names are metadata the
 * fingerprint keeps in clear; no value is involved.
 */
public final class NameTokenRates implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A token needs this many files behind it to count. */
  public static final double MIN_FILES = 2;
  /** Pseudo-files with which a token's rate leans on the overall rate of each type. */
  private static final double PRIOR_STRENGTH = 2;

  private final int classes;
  private final Map<String, double[]> votes;
  private final double[] prior;

  /** Per token, per class, the files' votes; {@code prior} is the overall share of each class. */
  public NameTokenRates(int classes, Map<String, double[]> votes, double[] prior) {
    this.classes = classes;
    this.votes = new HashMap<>(requireNonNull(votes, "votes is null"));
    this.prior = requireNonNull(prior, "prior is null").clone();
    if (this.prior.length != classes) {
      throw new IllegalArgumentException("one prior per class");
    }
  }

  /** No evidence: every class at the same rate. */
  public static NameTokenRates uninformed(int classes) {
    double[] prior = new double[classes];
    java.util.Arrays.fill(prior, 1.0 / classes);
    return new NameTokenRates(classes, Map.of(), prior);
  }

  /** Learns the rates from (file, column name, class) triples. */
  public static NameTokenRates fit(int classes, List<String> files, List<String> names, int[] labels) {
    // per (file, token): the file's columns with that token, by class
    Map<String, Map<String, double[]>> byFile = new TreeMap<>();
    double[] prior = new double[classes];
    for (int i = 0; i < names.size(); i++) {
      prior[labels[i]]++;
      for (String t : tokens(names.get(i))) {
        byFile.computeIfAbsent(t, k -> new TreeMap<>()).computeIfAbsent(files.get(i), k -> new double[classes])
            [labels[i]]++;
      }
    }
    for (int c = 0; c < classes; c++) {
      prior[c] /= Math.max(1, names.size());
    }
    Map<String, double[]> votes = new TreeMap<>();
    for (Map.Entry<String, Map<String, double[]>> e : byFile.entrySet()) {
      if (e.getValue().size() < MIN_FILES) {
        continue;
      }
      double[] v = new double[classes];
      for (double[] fileCounts : e.getValue().values()) {
        double n = java.util.Arrays.stream(fileCounts).sum();
        for (int c = 0; c < classes; c++) {
          v[c] += fileCounts[c] / n;
        }
      }
      votes.put(e.getKey(), v);
    }
    return new NameTokenRates(classes, votes, prior);
  }

  /** Distinct lower-case word tokens of a name (digits-only tokens left out: they are positions, not words). */
  static Set<String> tokens(String name) {
    Set<String> out = new HashSet<>();
    for (String t : ColumnNameKind.tokens(name == null ? "" : name)) {
      if (t.length() >= 2 && !t.chars().allMatch(Character::isDigit)) {
        out.add(t.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /**
   * For {@code name}: per class, the mean over its known tokens of the smoothed rate; then the number
   * of known tokens and the log of the files behind them. Unknown-name rows get the prior and zeros.
   */
  public double[] rates(String name) {
    double[] out = new double[classes + 2];
    int known = 0;
    double files = 0;
    for (String t : tokens(name)) {
      double[] v = votes.get(t);
      if (v == null) {
        continue;
      }
      known++;
      double n = java.util.Arrays.stream(v).sum();
      files += n;
      for (int c = 0; c < classes; c++) {
        out[c] += (v[c] + PRIOR_STRENGTH * prior[c]) / (n + PRIOR_STRENGTH);
      }
    }
    for (int c = 0; c < classes; c++) {
      out[c] = known == 0 ? prior[c] : out[c] / known;
    }
    out[classes] = known;
    out[classes + 1] = Math.log10(1 + files);
    return out;
  }

  public int classes() {
    return classes;
  }

  /** A compact text form ({@code prior;token:v0,v1,...;...}) that {@link #parse} reads back. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(join(prior));
    for (Map.Entry<String, double[]> e : new TreeMap<>(votes).entrySet()) {
      sb.append(';').append(e.getKey()).append(':').append(join(e.getValue()));
    }
    return sb.toString();
  }

  /** Reads {@link #format()}. */
  public static NameTokenRates parse(String text) {
    String[] parts = text.split(";");
    double[] prior = split(parts[0]);
    Map<String, double[]> votes = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int colon = parts[i].lastIndexOf(':');
      votes.put(parts[i].substring(0, colon), split(parts[i].substring(colon + 1)));
    }
    return new NameTokenRates(prior.length, votes, prior);
  }

  private static String join(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < v.length; c++) {
      sb.append(c == 0 ? "" : ",").append(v[c] == Math.rint(v[c]) ? Long.toString((long) v[c]) : Double.toString(v[c]));
    }
    return sb.toString();
  }

  private static double[] split(String s) {
    String[] p = s.split(",");
    double[] v = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      v[i] = Double.parseDouble(p[i]);
    }
    return v;
  }
}
