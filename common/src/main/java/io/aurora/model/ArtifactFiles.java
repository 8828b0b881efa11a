package io.aurora.model;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads and writes artifacts by URI: the registry folder, a champion cached in the warehouse, and the
 * artifact store of an MLflow server that clients write to directly. Local paths ({@code file:} or
 * bare) go through {@code java.nio} (atomic create and rename, no checksum side files); every other
 * scheme through Hadoop's FileSystem ({@code s3a://}, MLflow's {@code s3://} read as {@code s3a://},
 * {@code hdfs://}), where a replace is a delete and a rename: atomic on HDFS, not on S3.
 */
public final class ArtifactFiles {
  private final Configuration hadoop;

  public ArtifactFiles(Configuration hadoop) {
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  /** {@code base} + "/" + {@code relative}. */
  public static String child(String base, String relative) {
    return base.endsWith("/") ? base + relative : base + "/" + relative;
  }

  /** The local path of {@code uri}, or null when it is not on the local disk. */
  static Path local(String uri) {
    requireNonNull(uri, "uri is null");
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri.startsWith("file://") ? uri : "file://" + uri.substring("file:".length())));
    }
    if (!uri.contains(":") || uri.matches("^[A-Za-z]:[\\\\/].*")) {
      return Path.of(uri).toAbsolutePath();
    }
    return null;
  }

  private static org.apache.hadoop.fs.Path remote(String uri) {
    if (uri.startsWith("s3://")) {
      return new org.apache.hadoop.fs.Path("s3a://" + uri.substring("s3://".length()));
    }
    return new org.apache.hadoop.fs.Path(URI.create(uri));
  }

  private FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
    return p.getFileSystem(hadoop);
  }

  /** Writes (or overwrites) {@code content} at {@code uri}, creating parent folders. */
  public void write(String uri, byte[] content) {
    try {
      Path l = local(uri);
      if (l != null) {
        Files.createDirectories(l.getParent());
        Path tmp = l.resolveSibling("." + l.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, l, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
      org.apache.hadoop.fs.Path p = remote(uri);
      try (OutputStream out = fs(p).create(p, true)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw failure("cannot write " + uri, e);
    }
  }

  /**
   * Writes {@code content} at {@code uri} only if nothing is there yet; false when something is. Two
   * writers cannot both claim one path (locally: an exclusive link of a complete file; HDFS: create
   * without overwrite).
   */
  public boolean create(String uri, byte[] content) {
    try {
      Path l = local(uri);
      if (l != null) {
        Files.createDirectories(l.getParent());
        Path tmp = l.resolveSibling("." + l.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(tmp, content);
        try {
          Files.createLink(l, tmp);
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      org.apache.hadoop.fs.Path p = remote(uri);
      try (OutputStream out = fs(p).create(p, false)) {
        out.write(content);
      }
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw failure("cannot write " + uri, e);
    }
  }

  /** Replaces {@code uri} by {@code content}: a reader sees the old or the new file (see the class comment for S3). */
  public void replace(String uri, byte[] content) {
    Path l = local(uri);
    if (l != null) {
      write(uri, content);
      return;
    }
    org.apache.hadoop.fs.Path target = remote(uri);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FileSystem fs = fs(target);
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(content);
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename refused");
      }
    } catch (IOException e) {
      throw failure("cannot replace " + uri, e);
    }
  }

  /** The file's bytes, or null when it does not exist. */
  public byte[] read(String uri) {
    try {
      Path l = local(uri);
      if (l != null) {
        return Files.isRegularFile(l) ? Files.readAllBytes(l) : null;
      }
      org.apache.hadoop.fs.Path p = remote(uri);
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        return null;
      }
      try (var in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw failure("cannot read " + uri, e);
    }
  }

  public boolean exists(String uri) {
    try {
      Path l = local(uri);
      if (l != null) {
        return Files.exists(l);
      }
      org.apache.hadoop.fs.Path p = remote(uri);
      return fs(p).exists(p);
    } catch (IOException e) {
      throw failure("cannot read " + uri, e);
    }
  }

  /** Names of the entries directly under the folder {@code uri}, sorted (empty when it does not exist). */
  public List<String> list(String uri) {
    try {
      List<String> names = new ArrayList<>();
      Path l = local(uri);
      if (l != null) {
        if (Files.isDirectory(l)) {
          try (Stream<Path> s = Files.list(l)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
          }
        }
      } else {
        org.apache.hadoop.fs.Path p = remote(uri);
        FileSystem fs = fs(p);
        if (fs.exists(p)) {
          for (var status : fs.listStatus(p)) {
            names.add(status.getPath().getName());
          }
        }
      }
      names.sort(Comparator.naturalOrder());
      return names;
    } catch (IOException e) {
      throw failure("cannot list " + uri, e);
    }
  }

  /** Copies the local folder {@code dir} to {@code uri} (recursively, replacing what is there). */
  public void upload(Path dir, String uri) {
    try {
      Path l = local(uri);
      if (l != null) {
        copyTree(dir, l);
        return;
      }
      org.apache.hadoop.fs.Path target = remote(uri);
      FileSystem fs = fs(target);
      fs.delete(target, true);
      fs.mkdirs(target.getParent());
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toUri()), target);
    } catch (IOException e) {
      throw failure("cannot copy artifacts to " + uri, e);
    }
  }

  /** Copies {@code uri} (file or folder) to the local path {@code into} and returns it. */
  public Path download(String uri, Path into) {
    try {
      Path l = local(uri);
      if (l != null) {
        if (!Files.exists(l)) {
          throw new AuroraException(ExitCode.FAILURE, "model artifact " + uri + " does not exist");
        }
        copyTree(l, into);
        return into;
      }
      org.apache.hadoop.fs.Path source = remote(uri);
      FileSystem fs = fs(source);
      if (!fs.exists(source)) {
        throw new AuroraException(ExitCode.FAILURE, "model artifact " + uri + " does not exist");
      }
      Files.createDirectories(into.toAbsolutePath().getParent());
      fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(into.toAbsolutePath().toUri()), true);
      return into;
    } catch (IOException e) {
      throw failure("cannot read model artifact " + uri, e);
    }
  }

  /** Deletes {@code uri} recursively (no error when absent). */
  public void delete(String uri) {
    try {
      Path l = local(uri);
      if (l != null) {
        deleteTree(l);
        return;
      }
      org.apache.hadoop.fs.Path p = remote(uri);
      fs(p).delete(p, true);
    } catch (IOException e) {
      throw failure("cannot delete " + uri, e);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.createDirectories(to.toAbsolutePath().getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    deleteTree(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  private static AuroraException failure(String what, IOException e) {
    return new AuroraException(ExitCode.FAILURE, what + ": " + e.getClass().getSimpleName(), e);
  }
}
