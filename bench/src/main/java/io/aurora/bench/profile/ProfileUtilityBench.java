package io.aurora.bench.profile;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.privacy.NoiseSource;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.NoiseCalibration;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import io.aurora.profile.ReleasedProfile;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Utility of the private fingerprints: how often a noisy release leads to the same key decisions as
 * the noiseless one ({@link NoiseSource#none()}), by dataset size, on generated mixed columns.
 * Arguments: {@code sizes (comma list, default 1000,10000,100000,1000000) columns (20) repetitions (50) epsilon (1.0)}.
 */
public final class ProfileUtilityBench {
  private ProfileUtilityBench() {}

  public static void main(String[] args) {
    String sizes = args.length > 0 ? args[0] : "1000,10000,100000,1000000";
    int columns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    double epsilon = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
    SparkSession spark = BenchSpark.session("profile-utility");
    System.out.printf(Locale.ROOT, "profile utility: %d columns, epsilon %.2f, delta 1e-9, %d noisy releases per size%n", columns, epsilon, repetitions);
    System.out.printf(Locale.ROOT, "%10s %12s %14s %12s %14s  %s%n", "rows", "agreement", "share error", "low utility", "worst column", "per-kind agreement");
    for (String size : sizes.split(",")) {
      long rows = Long.parseLong(size.trim());
      RawProfile raw = new Profiler().scan(GeneratedData.mixed(spark, rows, columns, 2));
      NoiseCalibration calibration = NoiseCalibration.of(raw.columns(), epsilon, 1e-9);
      FingerprintRelease.RunIdentity id = new FingerprintRelease.RunIdentity("bench", "utility", "r", null, new Timestamp(0));
      List<Fingerprint> reference = new FingerprintRelease(NoiseSource.none()).release(raw, calibration, id).fingerprints();
      int[] agree = new int[columns];
      boolean low = false;
      double shareError = 0;
      for (int r = 0; r < repetitions; r++) {
        ReleasedProfile noisy = new FingerprintRelease(new SeededNoise(1000L * rows + r)).release(raw, calibration, id);
        low |= noisy.lowUtility();
        shareError = noisy.expectedShareError();
        for (int c = 0; c < columns; c++) {
          if (Decision.of(noisy.fingerprints().get(c)).equals(Decision.of(reference.get(c)))) {
            agree[c]++;
          }
        }
      }
      long total = 0;
      int worst = 0;
      List<String> perKind = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        total += agree[c];
        if (agree[c] < agree[worst]) {
          worst = c;
        }
        if (agree[c] < repetitions) {
          perKind.add(String.format(Locale.ROOT, "%s=%.0f%%", reference.get(c).columnName(), 100.0 * agree[c] / repetitions));
        }
      }
      System.out.printf(Locale.ROOT, "%10d %11.2f%% %14.5f %12s %14s  %s%n", rows, 100.0 * total / ((long) columns * repetitions),
          shareError, low ? "yes" : "no", reference.get(worst).columnName(), perKind.isEmpty() ? "all 100%" : String.join(" ", perKind));
    }
    spark.stop();
  }
}
