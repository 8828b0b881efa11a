package io.aurora.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a folder tree read-only for the test process, and writable again on close. Permission bits
 * do not bind root, so as root the tree is made immutable ({@code chattr +i}), which binds root too;
 * otherwise write permission is removed.
 */
public final class ReadOnlyFiles implements AutoCloseable {
  private final List<Path> paths;
  private final boolean immutable;

  private ReadOnlyFiles(List<Path> paths, boolean immutable) {
    this.paths = paths;
    this.immutable = immutable;
  }

  /** {@code root} and everything below it, read-only until {@link #close()}. Skips the test when that cannot be done here. */
  public static ReadOnlyFiles of(Path root) throws IOException, InterruptedException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(paths::add);
    }
    boolean root0 = "root".equals(System.getProperty("user.name"));
    if (root0) {
      run(paths, "+i");
      ReadOnlyFiles made = new ReadOnlyFiles(paths, true);
      if (Files.isWritable(root)) {
        made.close();
        Assumptions.abort("chattr +i does not bind on this file system");
      }
      return made;
    }
    for (Path p : paths) {
      Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
      perms.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
      Files.setPosixFilePermissions(p, perms);
    }
    return new ReadOnlyFiles(paths, false);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (immutable) {
      run(paths, "-i");
      return;
    }
    for (Path p : paths) {
      Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
      perms.add(PosixFilePermission.OWNER_WRITE);
      Files.setPosixFilePermissions(p, perms);
    }
  }

  private static void run(List<Path> paths, String flag) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("chattr", flag));
    paths.forEach(p -> command.add(p.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      Assumptions.abort("chattr " + flag + " failed here: " + out.strip());
    }
  }
}
