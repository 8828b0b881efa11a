package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.profile.ProfileJob;
import io.aurora.profile.ProfileRun;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest {
  @Test
  void jsonSummaryIsOneObjectWithTheRunFields() throws Exception {
    ProfileRun run = new ProfileRun("5b0c6f7e-0000-4000-8000-000000000001", "default", "sales", null, "csv", "UTF-8", ";", true,
        1200, 3, List.of("sales.csv:17", "sales.csv:90"), 12, 1.0, 1e-9, "m", 80.0, 0.066, true,
        List.of("low utility: ..."), ProfileRun.COMPLETED, new Timestamp(0), new Timestamp(1), "sig");
    String line = ProfileCommand.toJson(ProfileCommand.summary(new ProfileJob.Outcome(run, run, false, 1.0, 0.015, List.of(), null)));
    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("run_id").asText()).isEqualTo(run.runId());
    assertThat(json.get("delimiter").asText()).isEqualTo(";");
    assertThat(json.get("header").asBoolean()).isTrue();
    assertThat(json.get("rows_read").asLong()).isEqualTo(1200);
    assertThat(json.get("rows_malformed").asLong()).isEqualTo(3);
    assertThat(json.get("malformed_locations")).hasSize(2);
    assertThat(json.get("columns").asInt()).isEqualTo(12);
    assertThat(json.get("epsilon_spent").asDouble()).isEqualTo(1.0);
    assertThat(json.get("rho_spent").asDouble()).isEqualTo(0.015);
    assertThat(json.get("low_utility").asBoolean()).isTrue();
    assertThat(json.get("warnings").get(0).asText()).startsWith("low utility");
  }

  /**
   * The ledger opens on a thread of its own while Spark looks for a release to re-use: an unreachable
   * ledger must still fail the run with exit 4 before anything is written, and also a run that would
   * re-use an earlier release (as before the ledger opened in the background).
   */
  @Test
  void anUnreachableLedgerExitsFourWithNothingWrittenAlsoWhenTheReleaseWouldBeReused(@TempDir Path dir) throws Exception {
    SharedSpark.session();
    Path input = dir.resolve("small.csv");
    StringBuilder sb = new StringBuilder("id,amount\n");
    for (int i = 0; i < 100; i++) {
      sb.append(i).append(',').append(i * 7 % 31).append('\n');
    }
    Files.writeString(input, sb.toString());
    String nowhere = "aurora.postgres.url=jdbc:postgresql://127.0.0.1:1/aurora";

    Path fresh = dir.resolve("fresh");
    CapturedRun refused = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", fresh.toString(), "--conf", nowhere);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(4);
    assertThat(fresh.resolve("fingerprints")).doesNotExist();
    assertThat(fresh.resolve("runs")).doesNotExist();

    Path warehouse = dir.resolve("warehouse");
    CapturedRun first = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", warehouse.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    CapturedRun again = CapturedRun.of("profile", "--input", input.toString(), "--warehouse", warehouse.toString(), "--conf", nowhere);
    assertThat(again.exitCode()).as(again.err()).isEqualTo(4);
    assertThat(again.err()).contains("privacy ledger unreachable").doesNotContain("\tat ");
  }
}
