package io.aurora.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the repository's test data ({@code testdata/}, described in its README): the
 * folder is searched from the working directory upwards, so a test reads the same files whether
 * Maven runs it from a module or from the repository root. A missing folder fails the test: the
 * data is part of the repository, not an optional extra.
 */
public final class TestData {
  private TestData() {}

  /** The {@code testdata/} folder of this repository. */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata");
      if (Files.isRegularFile(candidate.resolve("README.md"))) {
        return candidate.normalize();
      }
    }
    throw new AssertionError("testdata/README.md not found above " + Path.of("").toAbsolutePath()
        + ": run the tests inside a checkout of the repository");
  }

  /** The CSV parser suites and messy real files ({@code testdata/csv}). */
  public static Path csv() {
    return root().resolve("csv");
  }

  /** The labelled feature-type corpus ({@code testdata/feature-types/data_train.csv}). */
  public static Path featureTypes() {
    return root().resolve("feature-types/data_train.csv");
  }
}
