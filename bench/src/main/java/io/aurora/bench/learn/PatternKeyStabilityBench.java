package io.aurora.bench.learn;

import io.aurora.bench.profile.SeededNoise;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.learn.PatternKey;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/**
 * How stable the coarse pattern key of a kind of column is under the release noise, by table size:
 * for each size, {@code tables} tables of nine column kinds are generated (each table with its own
 * data and parameters, as similar columns of a tenant's datasets differ), read as CSV, profiled and
 * released at ε with seeded noise; for each kind the bench prints the share of tables whose column
 * got the kind's most frequent key, and that key. Kinds of different actions must not share a key.
 *
 * <p>Arguments: {@code tables (10) epsilon (1.0) sizes (1000,5000,20000,100000)}.
 */
public final class PatternKeyStabilityBench {
  private static final String[] KINDS = {"amount", "measure", "exponential", "signed", "id", "count", "flag",
      "sparse_amount", "region"};

  private PatternKeyStabilityBench() {}

  public static void main(String[] args) throws IOException {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double epsilon = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    String sizes = args.length > 2 ? args[2] : "1000,5000,20000,100000";
    SparkSession spark = SparkSession.builder().appName("aurora-bench-key-stability")
        .master(System.getProperty("spark.master", "local[*]")).config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    Path dir = Files.createTempDirectory("aurora-key-stability");
    System.out.printf(Locale.ROOT, "# coarse pattern key of nine column kinds, %d tables per size, eps %.3g: share of tables "
        + "with the kind's most frequent key%n", tables, epsilon);
    for (String size : sizes.split(",")) {
      int rows = Integer.parseInt(size.trim());
      Map<String, Map<String, Integer>> keys = new LinkedHashMap<>();
      for (int t = 0; t < tables; t++) {
        Path csv = write(dir.resolve("t" + rows + "_" + t + ".csv"), rows, new Random(1_000L * rows + t));
        RawProfile raw = new Profiler().scan(new DatasetReader(spark).read(ReadOptions.of(csv.toString())).rows());
        Files.delete(csv);
        List<Fingerprint> fps = new FingerprintRelease(new SeededNoise(7_919L * t + rows)).release(raw,
            ReleaseBudget.of(epsilon, 1e-9), new FingerprintRelease.RunIdentity("bench", "t", "r" + t, null, new Timestamp(0)))
            .fingerprints();
        for (Fingerprint fp : fps) {
          keys.computeIfAbsent(fp.columnName(), k -> new HashMap<>())
              .merge(PatternKey.coarse(fp).value().substring("v2|coarse|".length()), 1, Integer::sum);
        }
      }
      System.out.printf(Locale.ROOT, "%n%d rows%n", rows);
      Map<String, String> modal = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Integer>> e : keys.entrySet()) {
        Map.Entry<String, Integer> top = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        modal.put(e.getKey(), top.getKey());
        System.out.printf(Locale.ROOT, "  %-14s %5.0f%%  %s%s%n", e.getKey(), 100.0 * top.getValue() / tables, top.getKey(),
            e.getValue().size() > 1 ? "   (" + (e.getValue().size() - 1) + " other keys)" : "");
      }
      List<String> shared = new ArrayList<>();
      for (String a : modal.keySet()) {
        for (String b : modal.keySet()) {
          if (a.compareTo(b) < 0 && modal.get(a).equals(modal.get(b))) {
            shared.add(a + " = " + b);
          }
        }
      }
      System.out.println("  kinds sharing their most frequent key: " + (shared.isEmpty() ? "none" : String.join(", ", shared)));
    }
    spark.stop();
  }

  /**
   * One table: log-normal amounts (own scale, σ 1 to 2), a symmetric measurement, exponential
   * durations, signed log-normal differences, a row number, small counts, a 0/1 flag, amounts 30 %
   * missing, a five-level region.
   */
  private static Path write(Path file, int rows, Random r) throws IOException {
    double mu = 1 + 5 * r.nextDouble();
    double sigma = 1 + r.nextDouble();
    double mu2 = 1 + 5 * r.nextDouble();
    double sigma2 = 1 + r.nextDouble();
    String[] regions = {"north", "south", "east", "west", "central"};
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", KINDS));
    for (int i = 0; i < rows; i++) {
      lines.add(String.join(",",
          fmt(Math.exp(mu + sigma * r.nextGaussian())),
          String.format(Locale.ROOT, "%.1f", 20 + 5 * r.nextGaussian()),
          fmt(-30 * Math.log(1 - r.nextDouble())),
          fmt(50 * (Math.exp(1.2 * r.nextGaussian()) - 1.5)),
          Integer.toString(100_000 + i),
          Integer.toString((int) Math.floor(-3 * Math.log(1 - r.nextDouble()))),
          r.nextDouble() < 0.3 ? "1" : "0",
          r.nextDouble() < 0.3 ? "" : fmt(Math.exp(mu2 + sigma2 * r.nextGaussian())),
          regions[r.nextInt(regions.length)]));
    }
    Files.write(file, lines);
    return file;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
