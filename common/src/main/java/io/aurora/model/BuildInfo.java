package io.aurora.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build recorded about itself: the git commit AURORA was built from (tagged on every registered model). */
public final class BuildInfo {
  private static final String RESOURCE = "/io/aurora/git.properties";

  private BuildInfo() {}

  /** The full commit id, with {@code -dirty} when the tree had uncommitted changes; "unknown" when not recorded. */
  public static String gitCommit() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String id = p.getProperty("git.commit.id", "unknown");
      return Boolean.parseBoolean(p.getProperty("git.dirty", "false")) ? id + "-dirty" : id;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
