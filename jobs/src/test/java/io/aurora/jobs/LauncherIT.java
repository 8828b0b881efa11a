package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./aurora} launcher on the jar that {@code package} just built (no rebuild: nothing is newer). */
class LauncherIT {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  private static Path root() {
    return Path.of(System.getProperty("aurora.repo.root", "..")).toAbsolutePath();
  }

  private Result aurora(String... args) throws Exception {
    return aurora(java.util.Map.of(), args);
  }

  private Result aurora(java.util.Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(root().resolve("aurora").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("AURORA_JAVA_OPTS");
    builder.environment().remove("AURORA_CLASS_ARCHIVE");
    builder.environment().putAll(env);
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result r = aurora("--help");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("doctor", "run", "profile", "recommend");
    assertThat(r.err()).doesNotContain("building");
  }

  @Test
  void unknownCommandIsOneLineAndExit2() throws Exception {
    Result r = aurora("frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("aurora: ").doesNotContain("\n");
  }

  @Test
  void doctorPrintsJsonOnStdoutAndJsonLogLinesOnStderr() throws Exception {
    Path warehouse = dir.resolve("wh");
    Result r = aurora("doctor", "--json", "--warehouse", warehouse.toString());
    assertThat(r.code()).as(r.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(r.out().strip()).get("check").asText()).isEqualTo("warehouse");
    assertThat(warehouse).isDirectory();
    List<String> logLines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(logLines).isNotEmpty();
    for (String line : logLines) {
      assertThat(json.readTree(line).has("level")).as(line).isTrue();
    }
  }

  /**
   * The first profile after a build saves the class archive; the next one maps it (-Xshare:on makes
   * the JVM refuse to start otherwise), and neither prints anything but its JSON line on stdout.
   */
  @Test
  void theFirstProfileSavesTheClassArchiveAndTheNextMapsIt() throws Exception {
    Path archive = root().resolve("jobs/target/aurora-classes.jsa");
    Files.deleteIfExists(archive);
    Path csv = dir.resolve("small.csv");
    StringBuilder sb = new StringBuilder("id,city\n");
    for (int i = 0; i < 300; i++) {
      sb.append(i).append(',').append(i % 3 == 0 ? "Oslo" : "Lima").append('\n');
    }
    Files.writeString(csv, sb.toString());
    String warehouse = dir.resolve("wh").toString();
    ObjectMapper json = new ObjectMapper();

    Result first = aurora("profile", "--json", "--input", csv.toString(), "--warehouse", warehouse);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out().strip().lines()).hasSize(1);
    assertThat(json.readTree(first.out().strip()).get("reused").asBoolean()).isFalse();
    assertThat(first.err()).contains("saving the classes");
    assertThat(archive).isNotEmptyFile();
    try (var left = Files.list(archive.getParent())) {
      assertThat(left.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
    }

    Result second = aurora(java.util.Map.of("AURORA_JAVA_OPTS", "-Xshare:on"),
        "profile", "--json", "--input", csv.toString(), "--warehouse", warehouse);
    assertThat(second.code()).as(second.out() + second.err()).isZero();
    assertThat(second.out().strip().lines()).hasSize(1);
    assertThat(json.readTree(second.out().strip()).get("reused").asBoolean()).isTrue();
    assertThat(second.err()).doesNotContain("saving the classes");

    // JDK 17 crashes when a recording started with the JVM meets the archive: the launcher leaves it out then
    Result recorded = aurora(java.util.Map.of("AURORA_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + dir.resolve("run.jfr")),
        "profile", "--json", "--input", csv.toString(), "--warehouse", warehouse);
    assertThat(recorded.code()).as(recorded.out() + recorded.err()).isZero();
    assertThat(recorded.out()).contains("\"reused\":true"); // (the JVM prints its recording's start on stdout)
  }
}
