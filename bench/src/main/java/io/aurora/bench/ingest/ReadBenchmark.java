package io.aurora.bench.ingest;

import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Full-scan cost of {@link DatasetReader} (sniff + parse + malformed counting) against Spark's own
 * CSV reader on the same generated file(s), in one process and one session, with driver heap use.
 *
 * <p>Usage: {@code ReadBenchmark [rows=2000000] [files=2] [dir=/tmp/aurora-read-bench] [repeat=2]}.
 * Full size: {@code rows=50000000} (about 5 GB). Start with -Xmx1g to show that driver memory stays
 * flat.
 */
public final class ReadBenchmark {
  private static final Logger LOG = LogManager.getLogger(ReadBenchmark.class);

  private ReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(arg(args, "rows", "2000000"));
    int files = Integer.parseInt(arg(args, "files", "2"));
    Path dir = Path.of(arg(args, "dir", "/tmp/aurora-read-bench"));
    int repeat = Integer.parseInt(arg(args, "repeat", "2"));
    Path data = dir.resolve("rows-" + rows + "-files-" + files);
    long malformedWritten = generate(data, rows, files);

    SparkSession spark = SparkSession.builder().appName("aurora-read-bench")
        .master(System.getProperty("spark.master", "local[*]"))
        .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    HeapWatch watch = new HeapWatch(memory);
    watch.start();

    String input = data.toString();
    double bytes = Files.walk(data).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    out(String.format(Locale.ROOT, "data: %,d rows in %d file(s), %.1f MB, %,d malformed rows written; max heap %d MB",
        rows, files, bytes / 1e6, malformedWritten, Runtime.getRuntime().maxMemory() >> 20));
    out(String.format(Locale.ROOT, "%-44s %10s %10s %12s", "reader", "seconds", "MB/s", "peak heap MB"));

    double plain = 0;
    double multi = 0;
    double aurora = 0;
    double sniff = 0;
    double wholeFiles = 0;
    long malformed = 0;
    for (int i = 0; i < repeat; i++) {
      plain = measure(watch, "spark csv (header, multiLine=false)", bytes, () -> noop(spark.read()
          .option("header", "true").csv(input)));
      multi = measure(watch, "spark csv (header, multiLine=true)", bytes, () -> noop(spark.read()
          .option("header", "true").option("multiLine", "true").csv(input)));
      long start = System.nanoTime();
      ReadResult result = new DatasetReader(spark).read(ReadOptions.of(input));
      sniff = (System.nanoTime() - start) / 1e9;
      aurora = sniff + measure(watch, "aurora DatasetReader (sniffed, counting)", bytes, () -> noop(result.rows()));
      malformed = result.malformed().count();
      // the same reader with every file parsed whole by one task: what byte ranges gain on large files
      ReadResult whole = new DatasetReader(spark, Long.MAX_VALUE, Long.MAX_VALUE).read(ReadOptions.of(input));
      wholeFiles = measure(watch, "aurora DatasetReader, whole files", bytes, () -> noop(whole.rows()));
    }
    out(String.format(Locale.ROOT, "sniff+plan %.3f s; malformed counted %,d (written %,d)", sniff, malformed,
        malformedWritten));
    out(String.format(Locale.ROOT, "ratio aurora / spark multiLine=false: %.2f", aurora / plain));
    out(String.format(Locale.ROOT, "ratio aurora / spark multiLine=true:  %.2f", aurora / multi));
    out(String.format(Locale.ROOT, "ratio aurora / aurora whole files:    %.2f", aurora / wholeFiles));
    watch.interrupt();
    spark.stop();
  }

  private static Void noop(Dataset<Row> rows) {
    rows.write().format("noop").mode("overwrite").save();
    return null;
  }

  private static double measure(HeapWatch watch, String label, double bytes, Supplier<Void> run) {
    System.gc();
    watch.peak.set(0);
    long start = System.nanoTime();
    run.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    out(String.format(Locale.ROOT, "%-44s %10.2f %10.1f %12d", label, seconds, bytes / 1e6 / seconds,
        watch.peak.get() >> 20));
    return seconds;
  }

  /** Samples used heap every 50 ms: a reader that buffered rows would show growth with size. */
  private static final class HeapWatch extends Thread {
    final AtomicLong peak = new AtomicLong();
    private final MemoryMXBean memory;

    HeapWatch(MemoryMXBean memory) {
      this.memory = memory;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  // About 100 bytes a row: quoted fields with commas, decimals, dates; one row in a thousand ragged
  private static long generate(Path data, long rows, int files) throws IOException {
    if (Files.isDirectory(data)) {
      return rows / 1000;
    }
    Path tmp = Files.createDirectories(data.resolveSibling(data.getFileName() + ".tmp"));
    String[] cities = {"Oslo", "Lyon, FR", "São Paulo", "Zürich", "\"Big\" Apple", "Kyiv"};
    SplittableRandom random = new SplittableRandom(42);
    long malformed = 0;
    long perFile = (rows + files - 1) / files;
    long id = 0;
    for (int f = 0; f < files; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(String.format("part-%05d.csv", f)),
          StandardCharsets.UTF_8)) {
        w.write("id,city,amount,ratio,day,note\n");
        for (long r = 0; r < perFile && id < rows; r++, id++) {
          if (id % 1000 == 999) {
            w.write(id + ",ragged\n");
            malformed++;
            continue;
          }
          String city = cities[random.nextInt(cities.length)];
          w.write(Long.toString(id));
          w.write(',');
          w.write(city.contains(",") || city.contains("\"") ? "\"" + city.replace("\"", "\"\"") + "\"" : city);
          w.write(',');
          w.write(String.format(Locale.ROOT, "%.2f", Math.exp(random.nextDouble() * 10)));
          w.write(',');
          w.write(Double.toString(random.nextDouble()));
          w.write(String.format(Locale.ROOT, ",2024-%02d-%02d,", 1 + random.nextInt(12), 1 + random.nextInt(28)));
          w.write("\"note " + random.nextInt(100000) + ", free text\"\n");
        }
      }
    }
    Files.move(tmp, data);
    LOG.info("generated {} rows in {}", rows, data);
    return malformed;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return fallback;
  }

  // the benchmark's figures are its command output
  @SuppressWarnings("java:S106")
  private static void out(String line) {
    System.out.println(line);
  }
}
