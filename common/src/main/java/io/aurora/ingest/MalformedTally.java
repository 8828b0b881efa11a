package io.aurora.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Spark accumulator of malformed rows per file, filled by the scan itself. Each file reports once
 * when it has been read to the end; a second report of the same file (task retry, speculation, a
 * second action) replaces rather than adds, so the totals stay exact. Also counts file scans, which
 * lets tests prove that the input was read once.
 */
public final class MalformedTally extends AccumulatorV2<MalformedTally.FileReport, Map<String, MalformedTally.FileReport>> {
  /** Locations kept per file; enough for "the first few" across files. */
  static final int LOCATIONS_PER_FILE = 10;

  /** What one complete scan of one file found: line numbers only, never content. */
  public record FileReport(String file, long rows, long malformed, List<Long> firstLines, Long swallowedFromLine)
      implements Serializable {
    public FileReport {
      firstLines = List.copyOf(firstLines);
    }
  }

  private final HashMap<String, FileReport> reports = new HashMap<>();
  private long scans;

  @Override
  public boolean isZero() {
    return reports.isEmpty() && scans == 0;
  }

  @Override
  public AccumulatorV2<FileReport, Map<String, FileReport>> copy() {
    MalformedTally copy = new MalformedTally();
    synchronized (this) {
      copy.reports.putAll(reports);
      copy.scans = scans;
    }
    return copy;
  }

  @Override
  public synchronized void reset() {
    reports.clear();
    scans = 0;
  }

  @Override
  public synchronized void add(FileReport report) {
    reports.put(report.file(), report);
    scans++;
  }

  @Override
  public void merge(AccumulatorV2<FileReport, Map<String, FileReport>> other) {
    MalformedTally o = (MalformedTally) other;
    synchronized (this) {
      reports.putAll(o.reports);
      scans += o.scans;
    }
  }

  @Override
  public synchronized Map<String, FileReport> value() {
    return Map.copyOf(reports);
  }

  /** Completed file scans so far, counting repeats. */
  public synchronized long scans() {
    return scans;
  }

  /** A {@link MalformedRows} view that lists locations in the order of {@code files}. */
  public Tallied view(List<String> files) {
    return new Tallied(this, files);
  }

  /** The malformed rows of one read, as the profiler sees them once its scan has run. */
  public static final class Tallied implements MalformedRows {
    private final MalformedTally tally;
    private final List<String> files;

    Tallied(MalformedTally tally, List<String> files) {
      this.tally = tally;
      this.files = List.copyOf(files);
    }

    @Override
    public long count() {
      long total = 0;
      for (FileReport r : tally.value().values()) {
        total += r.malformed();
      }
      return total;
    }

    @Override
    public List<String> firstLocations() {
      Map<String, FileReport> byFile = tally.value();
      List<String> out = new ArrayList<>();
      for (String file : files) {
        FileReport r = byFile.get(file);
        if (r == null) {
          continue;
        }
        for (long line : r.firstLines()) {
          if (out.size() == LOCATIONS_PER_FILE) {
            return List.copyOf(out);
          }
          out.add(file + ":" + line);
        }
      }
      return List.copyOf(out);
    }

    /** Well-formed rows the scan passed on. */
    public long rows() {
      long total = 0;
      for (FileReport r : tally.value().values()) {
        total += r.rows();
      }
      return total;
    }

    /** Completed file scans, counting repeats: equals the file count after one full scan. */
    public long fileScans() {
      return tally.scans();
    }

    /** Files whose rest an unterminated quote or over-long field swallowed, with the line it began. */
    public Map<String, Long> swallowed() {
      return tally.swallowed();
    }

    @Override
    public String toString() {
      return "MalformedRows[count=" + count() + "]";
    }
  }

  /** Files in which an unterminated quote or over-long field swallowed the rest, with the line. */
  public Map<String, Long> swallowed() {
    Map<String, Long> out = new HashMap<>();
    for (FileReport r : value().values()) {
      if (r.swallowedFromLine() != null) {
        out.put(r.file(), r.swallowedFromLine());
      }
    }
    return out;
  }
}
