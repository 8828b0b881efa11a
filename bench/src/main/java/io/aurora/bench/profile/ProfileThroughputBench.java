package io.aurora.bench.profile;

import com.amazon.deequ.profiles.ColumnProfilerRunner;
import com.amazon.deequ.profiles.ColumnProfiles;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.profile.FingerprintRelease;
import io.aurora.profile.ReleaseBudget;
import io.aurora.profile.Profiler;
import io.aurora.profile.RawProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Profile throughput, side by side in one process on the same generated data: a bare full scan
 * (Spark {@code noop} write), AURORA's one-pass profile + release (with the production noise
 * source), and Deequ's
 * {@code ColumnProfilerRunner}, for CSV and Parquet. Prints times and ratios.
 *
 * <p>Three inputs: the CSV read by Spark's CSV source, the Parquet copy, and the CSV read by
 * AURORA's own {@code DatasetReader} ("reader": the path {@code aurora profile} takes, with sniffing,
 * malformed-row counting and byte ranges); for the last, both the bare scan and the profile read
 * through it, and one more line sets its profile against Spark CSV's bare scan. The profile of
 * "reader" folds the files' bytes as {@code aurora profile} does ({@link Profiler#scan(io.aurora.ingest.CsvSource)});
 * "reader-rows" (not in the default list) folds the reader's rows instead.
 *
 * <p>The bare scan and AURORA run {@code repeats} times interleaved after one warm-up each, and the
 * best time counts (a shared machine's load only ever adds time; the runs and their medians are
 * printed too); Deequ, several times slower, runs
 * once after its own warm-up on a slice. Next to the wall-clock ratio it prints the ratio of the
 * executors' CPU time (Spark task metrics): on a shared machine other processes stretch wall time
 * but not the CPU time the tasks themselves used.
 *
 * <p>Arguments: {@code rows (default 10000000) columns (20) deequ (true|false, default true) repeats (3) dir (a temp dir)}.
 * Full size: {@code 10000000 20 true}; wide: {@code 1000000 1000 false}. {@code -Daurora.bench.formats=csv,reader}
 * measures only those inputs (default {@code csv,parquet,reader}; "reader" needs "csv" before it for its last line);
 * {@code -Daurora.bench.bare-only=csv} times only the bare scan of those, {@code -Daurora.bench.profile-only=reader}
 * only the profile (wide table: {@code -Daurora.bench.formats=csv,reader -Daurora.bench.bare-only=csv
 * -Daurora.bench.profile-only=reader}).
 */
public final class ProfileThroughputBench {
  private ProfileThroughputBench() {}

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int columns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    boolean deequ = args.length <= 2 || Boolean.parseBoolean(args[2]);
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("aurora-profile-bench");
    SparkSession spark = BenchSpark.session("profile-throughput");
    int partitions = Math.max(2, (int) Math.min(64, rows * columns / 4_000_000));
    String csv = dir.resolve("data.csv").toString();
    String parquet = dir.resolve("data.parquet").toString();
    // a kept directory (5th argument) holding data of the same shape is reused: generating 10M rows takes minutes
    Path marker = dir.resolve("generated-" + rows + "x" + columns);
    if (Files.exists(marker)) {
      System.out.printf(Locale.ROOT, "reusing %d rows x %d columns under %s%n", rows, columns, dir);
    } else {
      long t0 = System.nanoTime();
      try (Stream<Path> old = Files.list(dir)) { // data of another shape is about to be overwritten
        for (Path p : old.filter(p -> p.getFileName().toString().startsWith("generated-")).toList()) {
          Files.delete(p);
        }
      }
      Dataset<Row> generated = GeneratedData.mixed(spark, rows, columns, partitions);
      generated.write().mode("overwrite").option("header", "true").csv(csv);
      generated.write().mode("overwrite").parquet(parquet);
      Files.createFile(marker);
      System.out.printf(Locale.ROOT, "generated %d rows x %d columns as CSV and Parquet in %.1f s under %s%n",
          rows, columns, (System.nanoTime() - t0) / 1e9, dir);
    }
    TaskCpu cpu = new TaskCpu();
    spark.sparkContext().addSparkListener(cpu);
    System.out.printf(Locale.ROOT, "%-8s %12s %12s %12s %14s %14s %16s %11s %12s%n", "format", "bare scan s", "aurora s", "deequ s", "aurora/scan",
        "deequ/aurora", "cpu aurora/scan", "cpu scan s", "cpu aurora s");
    // "reader": the same CSV through AURORA's own DatasetReader, the path `aurora profile` takes
    // (sniffing, malformed-row counting, byte ranges); bare scan and profile both read through it
    double csvScan = Double.NaN;
    double csvScanCpu = Double.NaN;
    double csvScanMedian = Double.NaN;
    for (String format : System.getProperty("aurora.bench.formats", "csv,parquet,reader").split(",")) {
      Supplier<Dataset<Row>> read = () -> switch (format) {
        case "csv" -> spark.read().option("header", "true").csv(csv); // all strings: type inference is AURORA's job
        case "parquet" -> spark.read().parquet(parquet);
        default -> new DatasetReader(spark).read(ReadOptions.of(csv)).rows();
      };
      Runnable bareScan = () -> read.get().write().format("noop").mode("overwrite").save();
      double[] releaseSeconds = {Double.POSITIVE_INFINITY};
      Runnable profile = () -> {
        // "reader" profiles as `aurora profile` does: straight from the CSV's bytes (CsvSource);
        // "reader-rows" folds the reader's rows, the path every other input takes
        RawProfile raw;
        if (format.equals("reader")) {
          io.aurora.ingest.CsvSource source = new DatasetReader(spark).read(ReadOptions.of(csv)).csv();
          raw = new Profiler().scan(source);
          System.out.printf(Locale.ROOT, "reader   %d rows read, %d of %d splits through the row path%n", raw.rowsRead(),
              source.rowPathSplits(), source.splits());
        } else {
          raw = new Profiler().scan(read.get());
        }
        long releaseStart = System.nanoTime();
        // production noise: the exact samplers draw a few million values for a wide table
        new FingerprintRelease(new io.aurora.privacy.SecureNoiseSource()).release(raw, ReleaseBudget.of(1.0, 1e-9),
            new FingerprintRelease.RunIdentity("bench", "throughput", "r", null, new Timestamp(0)));
        releaseSeconds[0] = Math.min(releaseSeconds[0], (System.nanoTime() - releaseStart) / 1e9);
      };
      Runnable rowsOnly = () -> read.get().queryExecution().toRdd().toJavaRDD().count();
      if (Boolean.getBoolean("aurora.bench.rows-only")) {
        rowsOnly.run();
        long c0 = cpu.nanos();
        double t = time(rowsOnly);
        System.out.printf(Locale.ROOT, "%-8s internal rows only (toRdd().count()): %.2f s, cpu %.2f s%n", format, t, (cpu.nanos() - c0) / 1e9);
      }
      // -Daurora.bench.bare-only=csv: only the bare scan of those inputs (the wide table's reference for "reader")
      // -Daurora.bench.profile-only=reader: only the profile (the reader's own bare scan is not the wide table's reference)
      boolean bareOnly = java.util.Arrays.asList(System.getProperty("aurora.bench.bare-only", "").split(",")).contains(format);
      boolean profileOnly = java.util.Arrays.asList(System.getProperty("aurora.bench.profile-only", "").split(",")).contains(format);
      Runnable measured = bareOnly ? () -> { } : profile;
      Runnable bare = profileOnly ? () -> { } : bareScan;
      bare.run(); // warm-up: JIT and file cache, not measured
      measured.run();
      double scan = Double.POSITIVE_INFINITY;
      double aurora = Double.POSITIVE_INFINITY;
      double scanCpu = Double.POSITIVE_INFINITY;
      double auroraCpu = Double.POSITIVE_INFINITY;
      double[] scans = new double[repeats];
      double[] auroras = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long before = cpu.nanos();
        scans[r] = time(bare);
        scan = Math.min(scan, scans[r]);
        long between = cpu.nanos();
        auroras[r] = time(measured);
        aurora = Math.min(aurora, auroras[r]);
        scanCpu = Math.min(scanCpu, between - before);
        auroraCpu = Math.min(auroraCpu, cpu.nanos() - between);
      }
      System.out.printf(Locale.ROOT, "%-8s runs: bare scan %s s, aurora %s s; medians %.2f / %.2f = %.2f%n", format,
          java.util.Arrays.toString(rounded(scans)), java.util.Arrays.toString(rounded(auroras)), median(scans), median(auroras),
          median(auroras) / median(scans));
      double deequTime = Double.NaN;
      if (deequ && !format.equals("reader")) {
        ColumnProfilerRunner.apply().onData(read.get().limit(1000)).run(); // warm-up
        deequTime = time(() -> {
          ColumnProfiles profiles = ColumnProfilerRunner.apply().onData(read.get()).run();
          if (profiles.profiles().size() != columns) {
            throw new IllegalStateException("deequ profiled " + profiles.profiles().size() + " columns");
          }
        });
      }
      System.out.printf(Locale.ROOT, "%-8s %12.2f %12.2f %12.2f %14.2f %14.2f %16.2f %11.2f %12.2f%n", format, scan, aurora, deequTime,
          aurora / scan, deequTime / aurora, auroraCpu / scanCpu, scanCpu / 1e9, auroraCpu / 1e9);
      System.out.printf(Locale.ROOT, "%-8s (of AURORA's time, the release on the driver: %.2f s)%n", format, releaseSeconds[0]);
      if (format.equals("csv")) {
        csvScan = scan;
        csvScanCpu = scanCpu;
        csvScanMedian = median(scans);
      } else if (format.startsWith("reader")) {
        // what `aurora profile` costs on this CSV against the bare scan of Spark's own CSV source
        System.out.printf(Locale.ROOT, "%-8s AURORA through its reader / Spark CSV bare scan: %.2f (cpu %.2f; medians %.2f)%n",
            format, aurora / csvScan, auroraCpu / csvScanCpu, median(auroras) / csvScanMedian);
      }
    }
    spark.stop();
    if (args.length <= 4) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Sums the executor CPU time of finished tasks (task metrics arrive before the job's end event). */
  private static final class TaskCpu extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        total.addAndGet(end.taskMetrics().executorCpuTime());
      }
    }

    long nanos() {
      return total.get();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double[] rounded(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.round(values[i] * 100) / 100.0;
    }
    return out;
  }

  private static double time(Runnable body) {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }
}
