package io.aurora.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Spark accumulator of malformed rows per file, filled by the scan itself. Each split of a file (a
 * whole file, or one byte range of a file read in parallel) reports once when it has been read to
 * its end (rows passed on, malformed rows with their first lines, short rows padded with nulls); a
 * second report of the same split (task retry, speculation, a second action) replaces
 * rather than adds, so the totals stay exact. Splits count lines from their own start: the view
 * turns them into the file's physical line numbers. Also counts file scans (reports of a file's
 * first split), which lets tests prove that the input was read once.
 */
public final class MalformedTally extends AccumulatorV2<MalformedTally.FileReport, Map<String, MalformedTally.FileReport>> {
  /** Locations kept per file; enough for "the first few" across files. */
  static final int LOCATIONS_PER_FILE = 10;

  /**
   * What one complete scan of one split of a file found: line numbers only, never content. Lines are
   * counted from the split's first line; {@code lines} is the number of physical lines the split
   * owns (its successor's lines are numbered after them; -1 for the last split, which owns the rest),
   * and {@code straddles} says that the split's last record ran on past its end, so its successor,
   * which started at the first line after that end, began inside a quoted field.
   */
  public record FileReport(String file, int split, long lines, boolean straddles, long rows, long malformed,
      long padded, List<Long> firstLines, Long swallowedFromLine) implements Serializable {
    public FileReport {
      firstLines = List.copyOf(firstLines);
    }

    /** The report of a file read whole, by one task. */
    public FileReport(String file, long rows, long malformed, List<Long> firstLines, Long swallowedFromLine) {
      this(file, 0, -1, false, rows, malformed, 0, firstLines, swallowedFromLine);
    }

    String key() {
      return split + ":" + file;
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
    reports.put(report.key(), report);
    scans += report.split() == 0 ? 1 : 0;
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
      Map<String, List<Numbered>> byFile = tally.numbered();
      List<String> out = new ArrayList<>();
      for (String file : files) {
        for (Numbered split : byFile.getOrDefault(file, List.of())) {
          for (long line : split.report().firstLines()) {
            if (out.size() == LOCATIONS_PER_FILE) {
              return List.copyOf(out);
            }
            out.add(file + ":" + (split.lineOffset() + line));
          }
        }
      }
      return List.copyOf(out);
    }

    @Override
    public boolean needsWholeFiles() {
      for (FileReport r : tally.value().values()) {
        if (r.straddles()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public long padded() {
      long total = 0;
      for (FileReport r : tally.value().values()) {
        total += r.padded();
      }
      return total;
    }

    /** Well-formed rows the scan passed on. */
    public long rows() {
      long total = 0;
      for (FileReport r : tally.value().values()) {
        total += r.rows();
      }
      return total;
    }

    /** Each split's report, by split and file: what two scans of the same files must agree on. */
    public Map<String, FileReport> reports() {
      return tally.value();
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
    for (Map.Entry<String, List<Numbered>> file : numbered().entrySet()) {
      for (Numbered split : file.getValue()) {
        if (split.report().swallowedFromLine() != null) {
          out.putIfAbsent(file.getKey(), split.lineOffset() + split.report().swallowedFromLine());
        }
      }
    }
    return out;
  }

  /** A split's report with the physical lines of the file before it. */
  private record Numbered(FileReport report, long lineOffset) {}

  /** Every file's split reports in file order, each with the lines its predecessors own. */
  private Map<String, List<Numbered>> numbered() {
    Map<String, List<FileReport>> byFile = new HashMap<>();
    for (FileReport r : value().values()) {
      byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r);
    }
    Map<String, List<Numbered>> out = new HashMap<>();
    for (Map.Entry<String, List<FileReport>> file : byFile.entrySet()) {
      List<FileReport> splits = file.getValue();
      splits.sort(java.util.Comparator.comparingInt(FileReport::split));
      List<Numbered> numbered = new ArrayList<>();
      long offset = 0;
      for (FileReport r : splits) {
        numbered.add(new Numbered(r, offset));
        offset += Math.max(0, r.lines());
      }
      out.put(file.getKey(), numbered);
    }
    return out;
  }
}
