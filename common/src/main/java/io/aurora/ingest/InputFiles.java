package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Resolves the user's inputs (files, folders of part files, globs; any Hadoop filesystem URI) to
 * the data files they name, and opens them — decompressing by codec — through Hadoop FileSystem.
 */
public final class InputFiles {
  private final Configuration hadoopConf;

  public InputFiles(Configuration hadoopConf) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** One resolved input: a Delta table folder, or a list of data files. */
  public record Resolved(List<String> deltaTables, List<FileStatus> files) {}

  /** Expands every input; a missing path or a glob matching nothing is bad input (exit 2). */
  public Resolved resolve(List<String> inputs) {
    if (inputs.isEmpty()) {
      throw AuroraException.badInput("--input: no input given");
    }
    List<String> delta = new ArrayList<>();
    List<FileStatus> files = new ArrayList<>();
    for (String input : inputs) {
      Path path = new Path(input);
      try {
        FileSystem fs = path.getFileSystem(hadoopConf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw AuroraException.badInput("input " + input + ": no such file or directory");
        }
        Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
        for (FileStatus match : matches) {
          if (match.isDirectory()) {
            if (fs.exists(new Path(match.getPath(), "_delta_log"))) {
              delta.add(match.getPath().toString());
            } else {
              collect(fs, match, files);
            }
          } else if (!hidden(match.getPath())) {
            files.add(match);
          }
        }
      } catch (AccessDeniedException e) {
        throw AuroraException.badInput("input " + input + ": permission denied");
      } catch (FileNotFoundException e) {
        throw AuroraException.badInput("input " + input + ": no such file or directory");
      } catch (IOException e) {
        throw AuroraException.badInput("input " + input + ": cannot list (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (delta.isEmpty() && files.isEmpty()) {
      throw AuroraException.badInput("input " + String.join(", ", inputs) + ": no data files found");
    }
    if (!delta.isEmpty() && !files.isEmpty()) {
      throw AuroraException.badInput("input " + String.join(", ", inputs) + ": mixes a Delta table with plain files");
    }
    return new Resolved(List.copyOf(delta), List.copyOf(files));
  }

  // Folders of part files: recurse, skipping what Spark and Hadoop treat as metadata (_SUCCESS, .crc)
  private static void collect(FileSystem fs, FileStatus dir, List<FileStatus> out) throws IOException {
    FileStatus[] children = fs.listStatus(dir.getPath());
    Arrays.sort(children, Comparator.comparing(s -> s.getPath().toString()));
    for (FileStatus child : children) {
      if (hidden(child.getPath())) {
        continue;
      }
      if (child.isDirectory()) {
        collect(fs, child, out);
      } else {
        out.add(child);
      }
    }
  }

  private static boolean hidden(Path path) {
    String name = path.getName();
    return name.startsWith("_") || name.startsWith(".");
  }

  /** Whether the file's name carries a compression codec Hadoop knows: its bytes are then read from the start only. */
  public static boolean compressed(Configuration conf, String file) {
    return new CompressionCodecFactory(conf).getCodec(new Path(file)) != null;
  }

  /** Opens a file, decompressing when its name carries a codec Hadoop knows (.gz, .bz2, ...). */
  public static InputStream open(Configuration conf, String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    InputStream raw = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  /** Reads at most {@code limit} bytes from the start of a file (after decompression). */
  public byte[] head(String file, int limit) {
    try (InputStream in = open(hadoopConf, file)) {
      return in.readNBytes(limit);
    } catch (AccessDeniedException e) {
      throw AuroraException.badInput("file " + file + ": permission denied");
    } catch (IOException e) {
      throw AuroraException.badInput("file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads at most {@code limit} raw bytes, without decompressing: for magic numbers. */
  public byte[] rawHead(String file, int limit) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(hadoopConf).open(path)) {
      return in.readNBytes(limit);
    } catch (AccessDeniedException e) {
      throw AuroraException.badInput("file " + file + ": permission denied");
    } catch (IOException e) {
      throw AuroraException.badInput("file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
