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

  private Result aurora(String... args) throws Exception {
    Path root = Path.of(System.getProperty("aurora.repo.root", "..")).toAbsolutePath();
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("aurora").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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
}
