package io.aurora.profile;

import io.aurora.ingest.InputDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Identifies "the same release again": a SHA-256 over every input file's path, size and modification
 * time (folders listed recursively), the detected/forced format options, the partition, the columns
 * profiled when not all and (ε, δ).
 * A completed run with the same signature is returned instead of releasing new noise, so re-using an
 * already released fingerprint costs no budget. Paths and sizes are metadata, not data values.
 */
public final class InputSignature {
  private InputSignature() {}

  /** The signature, or empty when the input has no listable files (then nothing is re-used). */
  public static Optional<String> of(InputDescription input, Configuration hadoop, String partition, double epsilon, double delta, int sampleSize) {
    return of(input, hadoop, partition, null, epsilon, delta, sampleSize);
  }

  /** The signature of profiling the columns at positions {@code picked} (null: all) of the input. */
  public static Optional<String> of(InputDescription input, Configuration hadoop, String partition, int[] picked, double epsilon,
      double delta, int sampleSize) {
    if (input.files().isEmpty()) {
      return Optional.empty();
    }
    List<String> entries = new ArrayList<>();
    try {
      for (String file : input.files()) {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoop);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          return Optional.empty();
        }
        for (FileStatus status : matches) {
          if (status.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(status.getPath(), true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              entries.add(f.getPath() + "|" + f.getLen() + "|" + f.getModificationTime());
            }
          } else {
            entries.add(status.getPath() + "|" + status.getLen() + "|" + status.getModificationTime());
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // cannot prove it is the same input: release afresh
    }
    Collections.sort(entries);
    StringBuilder canonical = new StringBuilder();
    entries.forEach(e -> canonical.append(e).append('\n'));
    canonical.append(String.format(Locale.ROOT, "format=%s|encoding=%s|delimiter=%s|quote=%s|escape=%s|header=%s|lines=%s|skipped=%d%s|partition=%s|epsilon=%s|delta=%s|k=%d",
        input.format(), input.encoding(), input.delimiter(), input.quote(), input.escape(), input.header(),
        input.lineEnding(), input.skippedLeadingLines(),
        // a declared schema names and types the columns; absent, the signature is what it always was
        input.declaredSchema() == null ? "" : "|schema=" + input.declaredSchema(), partition, Double.toString(epsilon), Double.toString(delta), sampleSize));
    // a run of some columns is another release than one of all (same input, same file positions)
    if (picked != null) {
      canonical.append("|columns=").append(java.util.Arrays.toString(picked));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return Optional.of(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
