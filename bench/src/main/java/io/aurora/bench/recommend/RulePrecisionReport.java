package io.aurora.bench.recommend;

import io.aurora.recommend.RuleId;
import io.aurora.recommend.RulePrecision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How often each expert rule's action is acceptable when the rule fires, measured on the labelled
 * corpus at the bench's ε over its noise seeds, and what those precisions would do to confidence.
 * A seed repeats the same columns, so a rule's evidence counts columns (firings / seeds), and the
 * estimate is shrunk towards {@link RulePrecision#PRIOR} by {@link #PSEUDO_COLUMNS} columns. The
 * effect on the confident share and accuracy and on calibration (ECE) is shown leave-one-file-out:
 * each file's confidences use precisions measured on the other files only.
 */
final class RulePrecisionReport {
  /** Columns' worth of prior weight in each rule's estimate. */
  static final double PSEUDO_COLUMNS = 5;
  /** Fewest columns a rule must have fired on to ship a measured precision. */
  static final double MIN_COLUMNS = 5;

  private RulePrecisionReport() {}

  /** Firings and acceptable firings of one rule, in total and per file. */
  private static final class Tally {
    double fired;
    double right;
    final Map<String, double[]> byFile = new HashMap<>();

    void add(String file, boolean ok) {
      fired++;
      right += ok ? 1 : 0;
      double[] t = byFile.computeIfAbsent(file, k -> new double[2]);
      t[0]++;
      t[1] += ok ? 1 : 0;
    }

    double precision(double seeds, String without) {
      double[] out = without == null ? new double[2] : byFile.getOrDefault(without, new double[2]);
      double columns = (fired - out[0]) / seeds;
      return ((right - out[1]) / seeds + PSEUDO_COLUMNS * RulePrecision.PRIOR) / (columns + PSEUDO_COLUMNS);
    }
  }

  static void print(List<List<LabelledCorpusBench.Scored>> seeds, RulePrecision current, double uncertainBelow, String out) {
    Map<RuleId, Tally> tallies = new EnumMap<>(RuleId.class);
    for (List<LabelledCorpusBench.Scored> seed : seeds) {
      for (LabelledCorpusBench.Scored c : seed) {
        RuleId id = rule(c);
        if (id != null) {
          tallies.computeIfAbsent(id, k -> new Tally()).add(c.file(), c.right());
        }
      }
    }
    double n = seeds.size();
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %8s %10s %10s %9s%n", "expert rule", "columns", "acceptable", "precision", "shipped");
    tallies.forEach((id, t) -> System.out.printf(Locale.ROOT, "%-22s %8.1f %10.1f %10.3f %9.3f%n", id.wireName(),
        t.fired / n, t.right / n, t.precision(n, null), current.of(id)));

    // the same columns with confidences at the prior, as shipped, and with leave-one-file-out measured precisions
    List<double[]> prior = new ArrayList<>();
    List<double[]> shipped = new ArrayList<>();
    List<double[]> measured = new ArrayList<>();
    for (List<LabelledCorpusBench.Scored> seed : seeds) {
      for (LabelledCorpusBench.Scored c : seed) {
        RuleId id = rule(c);
        if (id == null) {
          continue;
        }
        double ok = c.right() ? 1 : 0;
        prior.add(new double[] {Math.min(1, c.confidence() * RulePrecision.PRIOR / current.of(id)), ok});
        shipped.add(new double[] {c.confidence(), ok});
        double p = tallies.get(id).precision(n, c.file());
        measured.add(new double[] {Math.min(1, c.confidence() * p / current.of(id)), ok});
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-28s %10s %11s %7s%n", "expert confidence", "confident", "conf. acc.", "ECE");
    row("prior " + RulePrecision.PRIOR + " for every rule", prior, uncertainBelow);
    row("as shipped", shipped, uncertainBelow);
    row("measured (leave-one-file-out)", measured, uncertainBelow);
    if (out != null) {
      write(Path.of(out), tallies, n);
    }
  }

  private static RuleId rule(LabelledCorpusBench.Scored c) {
    return c.ruleId() == null || !c.ruleId().startsWith("expert:") ? null : RuleId.fromWire(c.ruleId().substring(7));
  }

  private static void row(String name, List<double[]> scored, double threshold) {
    int confident = 0;
    int confidentRight = 0;
    double[] conf = new double[10];
    double[] acc = new double[10];
    int[] count = new int[10];
    for (double[] c : scored) {
      if (c[0] >= threshold) {
        confident++;
        confidentRight += (int) c[1];
      }
      int bin = Math.min(9, (int) (c[0] * 10));
      conf[bin] += c[0];
      acc[bin] += c[1];
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      if (count[b] > 0) {
        ece += Math.abs(conf[b] - acc[b]) / scored.size();
      }
    }
    System.out.printf(Locale.ROOT, "%-28s %10.3f %11.3f %7.3f%n", name, confident / (double) scored.size(),
        confident == 0 ? Double.NaN : confidentRight / (double) confident, ece);
    if (Boolean.getBoolean("aurora.bench.reliability")) {
      for (int b = 0; b < 10; b++) {
        if (count[b] > 0) {
          System.out.printf(Locale.ROOT, "    confidence %.1f-%.1f: %5d columns, mean confidence %.3f, accuracy %.3f%n", b / 10.0,
              (b + 1) / 10.0, count[b], conf[b] / count[b], acc[b] / count[b]);
        }
      }
    }
  }

  private static void write(Path path, Map<RuleId, Tally> tallies, double seeds) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      w.write("# How often each expert rule's action is acceptable when it fires, on the labelled corpus at the\n");
      w.write("# default epsilon (RulePrecisionReport; scripts/bench.sh LabelledCorpusBench with\n");
      w.write("# -Daurora.bench.precisionOut). Rules seen on fewer than " + (int) MIN_COLUMNS
          + " columns keep the prior " + RulePrecision.PRIOR + ".\n");
      for (Map.Entry<RuleId, Tally> e : tallies.entrySet()) {
        if (e.getValue().fired / seeds >= MIN_COLUMNS) {
          w.write(String.format(Locale.ROOT, "%s=%.3f%n", e.getKey().wireName(), e.getValue().precision(seeds, null)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("rule precisions written to " + path);
  }
}
