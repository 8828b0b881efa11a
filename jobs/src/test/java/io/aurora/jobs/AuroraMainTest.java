package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage and bad configuration: exit 2, one line on stderr, no stack trace (SPEC §2.1). */
class AuroraMainTest {
  @TempDir
  Path dir;

  private static void assertOneLineUsageError(CapturedRun run, String fragment) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("aurora: ").contains(fragment).doesNotContain("\n").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
    assertThat(run.logLines()).noneMatch(l -> l.contains("Exception"));
  }

  @Test
  void noCommand() {
    assertOneLineUsageError(CapturedRun.of(), "a command is required");
  }

  @Test
  void unknownCommand() {
    assertOneLineUsageError(CapturedRun.of("frobnicate"), "frobnicate");
  }

  @Test
  void unknownOption() {
    assertOneLineUsageError(CapturedRun.of("doctor", "--frobnicate"), "--frobnicate");
  }

  @Test
  void optionMissingItsRequiredValue() {
    assertOneLineUsageError(CapturedRun.of("doctor", "--conf"), "--conf");
  }

  @Test
  void unknownConfigKey() {
    assertOneLineUsageError(CapturedRun.of("doctor", "--warehouse", dir.toString(), "--conf", "aurora.nope=1"), "unknown config key 'aurora.nope'");
  }

  @Test
  void unreadableConfigFile() {
    Path missing = dir.resolve("missing.properties");
    assertOneLineUsageError(CapturedRun.of("doctor", "--config", missing.toString()), missing.toString());
  }

  @Test
  void unknownKeyInConfigFile() throws IOException {
    Path conf = Files.writeString(dir.resolve("a.properties"), "aurora.warehous=/tmp/x\n");
    assertOneLineUsageError(CapturedRun.of("doctor", "--config", conf.toString()), "aurora.warehous");
  }

  @Test
  void secretOnTheCommandLine() {
    CapturedRun run = CapturedRun.of("doctor", "--conf", "aurora.postgres.password=hunter2");
    assertOneLineUsageError(run, "aurora.postgres.password");
    assertThat(run.err()).doesNotContain("hunter2");
  }

  @Test
  void lifecycleCommandsDescribeThemselvesAndTheirExitCodes() {
    CapturedRun forget = CapturedRun.of("forget", "--help");
    assertThat(forget.exitCode()).isZero();
    assertThat(forget.out()).contains("--tenant is required", "--dataset", "cannot be read back", "Exit codes", "4 a service");
    CapturedRun maintain = CapturedRun.of("maintain", "--help");
    assertThat(maintain.exitCode()).isZero();
    assertThat(maintain.out()).contains("--retention-days", "aurora.retention.days", "OPTIMIZE", "VACUUM", "Exit codes");
    CapturedRun report = CapturedRun.of("privacy-report", "--help");
    assertThat(report.exitCode()).isZero();
    assertThat(report.out()).contains("--json", "rho", "last forget", "Exit codes");
  }

  @Test
  void helpDescribesEveryCommand() {
    CapturedRun run = CapturedRun.of("--help");
    assertThat(run.exitCode()).isZero();
    for (String command : new String[] {"run", "profile", "recommend", "review", "feedback", "learn", "rules", "retrain",
        "apply", "privacy-report", "forget", "maintain", "doctor"}) {
      assertThat(run.out()).contains("  " + command + " ");
    }
    CapturedRun doctor = CapturedRun.of("doctor", "--help");
    assertThat(doctor.exitCode()).isZero();
    assertThat(doctor.out()).contains("--warehouse", "--conf", "--config", "--json", "--tenant", "Exit code 4");
  }

  @Test
  void helpOfTheCommandsThatReadADatasetIsNotAMissingInputError() {
    for (String command : new String[] {"run", "profile"}) {
      for (String help : new String[] {"--help", "-h"}) {
        CapturedRun run = CapturedRun.of(command, help);
        assertThat(run.exitCode()).as(command + " " + help + ": " + run.err()).isZero();
        assertThat(run.out()).as(command).contains("--input", "--format", "--header", "--schema");
        assertThat(run.err()).as(command).doesNotContain("Missing required option");
      }
    }
  }

  @Test
  void controlCharactersInAMessageAreEscaped() {
    // a path holding ESC [2J would clear the operator's terminal
    String path = dir.resolve("evil\u001b[2J\rname.csv").toString();
    CapturedRun run = CapturedRun.of("profile", "--warehouse", dir.resolve("wh").toString(), "--input", path);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\r").contains("evil\\u001b[2J\\rname.csv");
  }

  @Test
  void headerTakesTrueOrFalseAndSchemaAndDeltaVersionReachTheReadOptions() {
    ProfileCommand command = new ProfileCommand();
    new picocli.CommandLine(command).parseArgs("--input", "a.csv", "--header", "false", "--schema", "id INT",
        "--delta-version", "3");
    io.aurora.ingest.ReadOptions options = command.input.readOptions();
    assertThat(options.header()).isFalse();
    assertThat(options.schema()).isEqualTo("id INT");
    assertThat(options.deltaVersion()).isEqualTo(3L);
    new picocli.CommandLine(command).parseArgs("--input", "a.csv", "--header", "true");
    assertThat(command.input.readOptions().header()).isTrue();
    assertOneLineUsageError(CapturedRun.of("profile", "--input", "a.csv", "--header", "maybe"), "--header");
  }
}
