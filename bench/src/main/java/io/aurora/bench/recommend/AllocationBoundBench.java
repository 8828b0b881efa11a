package io.aurora.bench.recommend;

import io.aurora.bench.profile.BenchSpark;
import io.aurora.bench.profile.SeededNoise;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.privacy.NoiseSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.NoiseCalibration;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleaseBudget;
import io.aurora.recommend.Action;
import io.aurora.recommend.ExpertRules;
import io.aurora.recommend.RecommendationCombiner;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An upper bound on the agreement with the noiseless recommendation that any split of a run's budget
 * between its columns can reach with AURORA's statistics and rules: each column is profiled on its
 * own at a share f of the run's ρ (its kinds, then what its branch reads, as in a run), for shares
 * from 1/(4C) to 1, and its agreement over seeded noise is measured at each; then the split of ρ
 * that maximises the sum of the columns' agreements is chosen knowing every column's curve. No real
 * run can do as well: it would have to spend budget to learn which columns need it, and a run's
 * columns share one row count. A file whose bound is under a target cannot meet it by re-spending
 * the budget, only with statistics that say more per unit of ρ, more rows or a larger ε.
 *
 * {@code -Daurora.bench.explain=true} prints the explanation of every disagreement at the whole ρ.
 *
 * <p>Arguments: {@code input sample-rows|all seeds epsilon}, e.g.
 * {@code examples/ks_1033_data.csv all 20 1.0} or {@code examples/flights.csv.gz 3000 20 1.0}.
 */
public final class AllocationBoundBench {
  private static final Timestamp CREATED = new Timestamp(0);
  private static final double DELTA = 1e-9;

  private AllocationBoundBench() {}

  public static void main(String[] args) {
    String input = args.length > 0 ? args[0] : "examples/ks_1033_data.csv";
    String size = args.length > 1 ? args[1] : "all";
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    double epsilon = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    SparkSession spark = BenchSpark.session("allocation");
    RecommendationCombiner combiner = new RecommendationCombiner(List.of(ExpertRules.shipped()), 0.6, null);
    Dataset<Row> all = new DatasetReader(spark).read(ReadOptions.of(input)).rows().cache();
    long total = all.count();
    Dataset<Row> rows = AgreementBench.sample(all, total, size); // the sample AgreementBench draws
    String[] columns = rows.columns();
    int c = columns.length;
    double rho = ReleaseBudget.of(epsilon, DELTA).rho();
    // budget units of 1/(4C) of ρ: a column at one unit gets a quarter of an even split
    int units = 4 * c;
    int[] grid = gridOf(units);
    System.out.printf(Locale.ROOT, "allocation bound: %s (%s rows, %d columns), epsilon %.3g (rho %.4g), %d seeds%n",
        input, size.equals("all") ? Long.toString(total) : size, c, epsilon, rho, seeds);
    System.out.printf(Locale.ROOT, "%-32s %s%n", "column \\ share of rho", labels(grid, units));
    // the noiseless decision of every column, from the whole profile as AgreementBench takes it
    RawProfile whole = new Profiler().scan(rows);
    List<Fingerprint> exact = new FingerprintRelease(NoiseSource.none())
        .release(whole, ReleaseBudget.of(1e9, DELTA), id("noiseless")).fingerprints();
    double[][] agreement = new double[c][grid.length];
    double even = 0;
    for (int col = 0; col < c; col++) {
      var noiseless = combiner.recommend(exact.get(col), CREATED);
      Action truth = noiseless.action();
      if (Boolean.getBoolean("aurora.bench.explain")) {
        System.out.println("  " + columns[col] + " noiseless: " + noiseless.explanation());
      }
      RawProfile one = new Profiler().scan(rows.select(rows.col("`" + columns[col] + "`")));
      StringBuilder line = new StringBuilder();
      for (int g = 0; g < grid.length; g++) {
        ReleaseBudget share = new ReleaseBudget(NoiseCalibration.Mechanism.DISCRETE_GAUSSIAN, epsilon, DELTA,
            rho * grid[g] / units, 0, 0);
        int same = 0;
        for (int seed = 1; seed <= seeds; seed++) {
          Fingerprint f = new FingerprintRelease(new SeededNoise(seed * 7919L)).release(one, share, id("r" + seed))
              .fingerprints().get(0);
          var r = combiner.recommend(f, CREATED);
          same += r.action() == truth ? 1 : 0;
          if (r.action() != truth && g == grid.length - 1 && Boolean.getBoolean("aurora.bench.explain")) {
            System.out.println("  " + columns[col] + " at all of rho, seed " + seed + ": " + r.action().wireName() + " — "
                + r.explanation());
          }
        }
        agreement[col][g] = (double) same / seeds;
        line.append(String.format(Locale.ROOT, " %6.2f", agreement[col][g]));
      }
      System.out.printf(Locale.ROOT, "%-32s%s   (noiseless %s)%n", trim(columns[col]), line, truth.wireName());
    }
    // the best split knowing every curve: a knapsack over budget units (a column gets the agreement
    // of the largest measured share it can afford)
    double[][] best = new double[c + 1][units + 1];
    int[][] pick = new int[c + 1][units + 1];
    for (int col = 1; col <= c; col++) {
      for (int u = 0; u <= units; u++) {
        best[col][u] = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < grid.length; g++) {
          if (grid[g] <= u && best[col - 1][u - grid[g]] + agreement[col - 1][g] > best[col][u]) {
            best[col][u] = best[col - 1][u - grid[g]] + agreement[col - 1][g];
            pick[col][u] = g;
          }
        }
        if (best[col][u] == Double.NEGATIVE_INFINITY) {
          best[col][u] = best[col - 1][u]; // no share fits: the column gets nothing and agrees never
          pick[col][u] = -1;
        }
      }
    }
    List<String> split = new ArrayList<>();
    int u = units;
    for (int col = c; col >= 1; col--) {
      int g = pick[col][u];
      if (g >= 0) {
        split.add(0, String.format(Locale.ROOT, "%s %d/%d", trim(columns[col - 1]), grid[g], units));
        u -= grid[g];
      } else {
        split.add(0, trim(columns[col - 1]) + " 0");
      }
    }
    int evenIndex = indexOf(grid, 4);
    for (int col = 0; col < c; col++) {
      even += agreement[col][evenIndex];
    }
    System.out.printf(Locale.ROOT, "each column alone at an even share (1/%d of rho): %.1f %%%n", c, 100 * even / c);
    System.out.printf(Locale.ROOT, "best split knowing every column's curve: %.1f %% (%s)%n", 100 * best[c][units] / c,
        String.join(", ", split));
    spark.stop();
  }

  /** Shares in units of 1/units of ρ: 1, 2, 4 (an even split), 6, 8, 12, ... up to all of it. */
  private static int[] gridOf(int units) {
    int c = units / 4;
    List<Integer> g = new ArrayList<>(List.of(1, 2, 4, 6, 8, 12));
    for (int k = 4; k <= c; k *= 2) {
      g.add(4 * k);
    }
    g.add(units);
    return g.stream().filter(x -> x <= units).distinct().sorted().mapToInt(Integer::intValue).toArray();
  }

  private static String labels(int[] grid, int units) {
    StringBuilder b = new StringBuilder();
    for (int g : grid) {
      b.append(String.format(Locale.ROOT, " %6s", g + "/" + units));
    }
    return b.toString();
  }

  private static int indexOf(int[] grid, int value) {
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] == value) {
        return i;
      }
    }
    throw new IllegalStateException("no share " + value);
  }

  private static String trim(String name) {
    return name.length() <= 30 ? name : name.substring(0, 29) + "…";
  }

  private static FingerprintRelease.RunIdentity id(String runId) {
    return new FingerprintRelease.RunIdentity("bench", "allocation", runId, null, CREATED);
  }
}
