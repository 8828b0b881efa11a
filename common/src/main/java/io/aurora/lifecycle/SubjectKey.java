package io.aurora.lifecycle;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The keyed one-way form (HMAC-SHA256) in which lifecycle events name a tenant or a dataset: the
 * same identifiers always map to the same subject, so privacy-report and retrain can ask "was this
 * tenant forgotten, and when", but a subject does not spell the identifier, and without the key no
 * list of guesses can be checked against it. The key is 32 random bytes in
 * {@code <warehouse>/_lifecycle/subject.key}, created by the first forget (owner-only on a local
 * warehouse).
 */
public final class SubjectKey {
  /** Folder under the warehouse root holding the key. */
  public static final String FOLDER = "_lifecycle";
  private static final String FILE = "subject.key";
  private static final int KEY_BYTES = 32;

  private final byte[] key;

  private SubjectKey(byte[] key) {
    this.key = requireNonNull(key, "key is null").clone();
  }

  /** A key from its bytes (tests, or an operator's own key management). */
  public static SubjectKey of(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a subject key needs at least 16 bytes");
    }
    return new SubjectKey(key);
  }

  /** The warehouse's key, created if it does not exist yet. */
  public static SubjectKey openOrCreate(String warehouseRoot, Configuration hadoop) {
    Path file = file(warehouseRoot);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        fs.mkdirs(file.getParent());
        restrict(fs, file.getParent(), (short) 0700);
        try (OutputStream out = fs.create(file, false)) {
          out.write(fresh);
        } catch (FileAlreadyExistsException another) {
          // a concurrent first forget wrote it: use theirs
        }
        restrict(fs, file, (short) 0600);
      }
      return read(fs, file);
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "cannot create or read the lifecycle subject key under " + warehouseRoot
          + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The warehouse's key, or empty when no forget ever ran there (a read-only caller creates nothing). */
  public static Optional<SubjectKey> openExisting(String warehouseRoot, Configuration hadoop) {
    Path file = file(warehouseRoot);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      return fs.exists(file) ? Optional.of(read(fs, file)) : Optional.empty();
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "cannot read the lifecycle subject key under " + warehouseRoot
          + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The subject naming {@code tenant}. */
  public String tenant(String tenant) {
    return mac("tenant\u0000" + Identifiers.require("tenant", tenant));
  }

  /** The subject naming {@code dataset} of {@code tenant}. */
  public String dataset(String tenant, String dataset) {
    return mac("dataset\u0000" + Identifiers.require("tenant", tenant) + "\u0000" + Identifiers.require("dataset", dataset));
  }

  private String mac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  private static Path file(String warehouseRoot) {
    requireNonNull(warehouseRoot, "warehouseRoot is null");
    return new Path(new Path(warehouseRoot), FOLDER + "/" + FILE);
  }

  private static SubjectKey read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length < 16) {
        throw new AuroraException(ExitCode.FAILURE, "the lifecycle subject key " + file + " is damaged (" + bytes.length + " bytes)");
      }
      return new SubjectKey(bytes);
    }
  }

  private static void restrict(FileSystem fs, Path path, short mode) {
    if ("file".equals(fs.getUri().getScheme())) {
      try {
        fs.setPermission(path, new FsPermission(mode));
      } catch (IOException | UnsupportedOperationException ignored) {
        // best effort: object stores have no POSIX modes; their access policy protects the folder
      }
    }
  }
}
