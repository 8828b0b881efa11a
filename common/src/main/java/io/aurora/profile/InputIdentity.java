package io.aurora.profile;

import io.aurora.ingest.InputDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Identifies the rows of an input wherever its files lie: a digest of every data file's size and of
 * the first {@value #HEAD_BYTES} bytes of the {@value #HEADS} largest files (and of the declared row
 * filter of a partition), without paths, names or modification times. The ledger keeps it only in a
 * keyed form and refuses the same input under a second dataset or partition key (a copy or a rename
 * of the files included), which would otherwise give the same rows a second lifetime budget.
 * Files Spark treats as hidden ({@code _…}, {@code .…}) are left out.
 */
public final class InputIdentity {
  static final int HEAD_BYTES = 64 * 1024;
  static final int HEADS = 16;

  private InputIdentity() {}

  /** The identity, or empty when the input has no listable files (then no other key can be compared). */
  public static Optional<String> of(InputDescription input, Configuration hadoop, String rowFilter) {
    if (input.files().isEmpty()) {
      return Optional.empty();
    }
    List<FileStatus> files = new ArrayList<>();
    try {
      for (String given : input.files()) {
        Path path = new Path(given);
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
              if (!hidden(status.getPath(), f.getPath())) {
                files.add(f);
              }
            }
          } else {
            files.add(status);
          }
        }
      }
      if (files.isEmpty()) {
        return Optional.empty();
      }
      MessageDigest digest = sha256();
      List<Long> sizes = new ArrayList<>();
      files.forEach(f -> sizes.add(f.getLen()));
      sizes.sort(Comparator.naturalOrder());
      digest.update(("files " + sizes.size() + " sizes " + sizes + "\n").getBytes(StandardCharsets.UTF_8));
      files.sort(Comparator.comparingLong(FileStatus::getLen).reversed().thenComparing(f -> f.getPath().toString()));
      List<String> heads = new ArrayList<>();
      for (FileStatus f : files.subList(0, Math.min(HEADS, files.size()))) {
        heads.add(head(f, hadoop));
      }
      heads.sort(Comparator.naturalOrder());
      digest.update(("heads " + heads + "\nfilter " + rowFilter + "\n").getBytes(StandardCharsets.UTF_8));
      return Optional.of(HexFormat.of().formatHex(digest.digest()));
    } catch (IOException e) {
      return Optional.empty(); // cannot tell: no comparison (the ledger still charges the release)
    }
  }

  private static String head(FileStatus file, Configuration hadoop) throws IOException {
    FileSystem fs = file.getPath().getFileSystem(hadoop);
    byte[] buffer = new byte[(int) Math.min(HEAD_BYTES, file.getLen())];
    try (FSDataInputStream in = fs.open(file.getPath())) {
      in.readFully(0, buffer);
    }
    return HexFormat.of().formatHex(sha256().digest(buffer));
  }

  /** A file below {@code root} in a folder or with a name Spark skips (_delta_log, _SUCCESS, .crc). */
  private static boolean hidden(Path root, Path file) {
    String rel = file.toUri().getPath().substring(Math.min(file.toUri().getPath().length(), root.toUri().getPath().length()));
    for (String part : rel.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
