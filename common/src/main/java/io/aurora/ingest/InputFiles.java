package io.aurora.ingest;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
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

  /**
   * Refuses inputs that lie under {@code root} (the warehouse): AURORA's own tables hold every
   * tenant's fingerprints, feedback and ledger, and are not a dataset to profile. Local paths are
   * compared after resolving symbolic links, so a link into the warehouse is refused too.
   */
  public void refuseUnder(List<String> inputs, Resolved resolved, String root) {
    List<String> paths = new ArrayList<>(resolved.deltaTables());
    for (FileStatus file : resolved.files()) {
      paths.add(file.getPath().toString());
    }
    refuseUnder(inputs, paths, root);
  }

  /**
   * As above, before the inputs are listed: each input up to its first glob character (a glob over
   * the warehouse's folders is refused before listing meets the mix of tables in it).
   */
  public void refuseUnder(List<String> inputs, String root) {
    List<String> prefixes = new ArrayList<>();
    for (String input : inputs) {
      int glob = indexOfGlob(input);
      String prefix = glob < 0 ? input : input.substring(0, input.lastIndexOf('/', glob) + 1);
      if (!prefix.isEmpty()) {
        prefixes.add(prefix);
      }
    }
    refuseUnder(inputs, prefixes, root);
  }

  private static int indexOfGlob(String input) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }

  private void refuseUnder(List<String> inputs, List<String> paths, String root) {
    String protectedRoot = canonical(root);
    String under = protectedRoot.endsWith("/") ? protectedRoot : protectedRoot + "/";
    for (String path : paths) {
      String candidate = canonical(path);
      if (candidate.equals(protectedRoot) || candidate.startsWith(under)) {
        throw AuroraException.badInput("input " + String.join(", ", inputs) + ": lies under the warehouse " + root
            + "; AURORA does not profile its own tables");
      }
    }
  }

  private String canonical(String location) {
    Path path = new Path(location);
    try {
      Path qualified = path.getFileSystem(hadoopConf).makeQualified(path);
      if ("file".equals(qualified.toUri().getScheme())) {
        java.nio.file.Path local = java.nio.file.Path.of(qualified.toUri()).normalize();
        // resolve links as far as the path exists (a warehouse may not exist yet)
        java.nio.file.Path existing = local;
        java.nio.file.Path rest = null;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
          rest = rest == null ? existing.getFileName() : existing.getFileName().resolve(rest);
          existing = existing.getParent();
        }
        if (existing != null) {
          java.nio.file.Path real = existing.toRealPath();
          local = rest == null ? real : real.resolve(rest);
        }
        return local.toString();
      }
      return qualified.toString();
    } catch (IOException | RuntimeException e) {
      return path.toString();
    }
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

  /**
   * Opens a file, decompressing when its name carries a codec Hadoop knows (.gz, .bz2, ...). Data the
   * codec cannot decode (a truncated or damaged archive) fails the read with exit 2 naming the file,
   * never as an early end of the file; a failure of the file system underneath stays an I/O error.
   */
  public static InputStream open(Configuration conf, String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    if (codec == null) {
      return fs.open(path);
    }
    FailureSpy raw = new FailureSpy(fs.open(path));
    String name = codecName(codec);
    try {
      return new CorruptionCheck(codec.createInputStream(raw), raw, file, name);
    } catch (IOException e) {
      raw.close();
      if (raw.failed) {
        throw e;
      }
      throw corrupt(file, name);
    }
  }

  /** The codec's name for messages: gzip, bzip2, or its extension. */
  static String codecName(CompressionCodec codec) {
    String extension = codec.getDefaultExtension();
    return switch (extension) {
      case ".gz" -> "gzip";
      case ".bz2" -> "bzip2";
      case ".zst" -> "zstd";
      default -> extension.startsWith(".") ? extension.substring(1) : extension;
    };
  }

  private static AuroraException corrupt(String file, String codec) {
    return AuroraException.badInput("file " + file + ": corrupt or truncated " + codec + " data");
  }

  /** Remembers whether the raw stream under a codec failed, so a codec error can be told from an I/O error. */
  private static final class FailureSpy extends FilterInputStream {
    private boolean failed;

    FailureSpy(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }
  }

  /** Turns a codec's decoding error into bad input naming the file. */
  private static final class CorruptionCheck extends FilterInputStream {
    private final FailureSpy raw;
    private final String file;
    private final String codec;

    CorruptionCheck(InputStream decoded, FailureSpy raw, String file, String codec) {
      super(decoded);
      this.raw = raw;
      this.file = file;
      this.codec = codec;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        if (raw.failed) {
          throw e;
        }
        throw corrupt(file, codec);
      } catch (RuntimeException e) {
        throw raw.failed || e instanceof AuroraException ? e : corrupt(file, codec);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        if (raw.failed) {
          throw e;
        }
        throw corrupt(file, codec);
      } catch (RuntimeException e) {
        throw raw.failed || e instanceof AuroraException ? e : corrupt(file, codec);
      }
    }
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
