package io.aurora.ingest;

import io.aurora.AuroraException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * A file's size and modification time when its read was planned. The scan checks them when it opens
 * a file and again when it has read it to its end, so a file appended to, rewritten or deleted
 * during the scan fails the run (exit 2) instead of being profiled as a mix of two versions.
 */
record FileVersion(long length, long modified) implements Serializable {
  /** Not checked (tests that plan splits without files). */
  static final FileVersion ANY = new FileVersion(-1, -1);

  static FileVersion of(FileStatus status) {
    return new FileVersion(status.getLen(), status.getModificationTime());
  }

  /** Fails with exit 2 when {@code file} is no longer this version. */
  void check(Configuration conf, String file) {
    if (this.equals(ANY)) {
      return;
    }
    FileStatus now;
    try {
      Path path = new Path(file);
      now = path.getFileSystem(conf).getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw AuroraException.badInput("file " + file + ": deleted while it was read");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up input file " + file, e);
    }
    if (now.getLen() != length || now.getModificationTime() != modified) {
      throw AuroraException.badInput("file " + file + ": changed while it was read (size or modification time differ"
          + " from when the read began); profile a copy that is not being written");
    }
  }
}
