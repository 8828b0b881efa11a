package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.SharedSpark;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's findings through the real command: a damage found inside a Spark task reaches the
 * driver as bad input (exit 2, one line naming the file, no stack trace); the operator's report says
 * which line was the header and how many short rows were padded.
 */
class IngestReportTest {
  @TempDir Path dir;

  @Test
  void aTruncatedGzipFoundByTheScanExitsTwoWithOneLine() throws Exception {
    SharedSpark.session();
    Path file = dir.resolve("large.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < 300_000; i++) {
        out.write((i + "," + (i * 7 % 1000) + ",l" + (i % 13) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    CapturedRun run = CapturedRun.of("profile", "--input", file.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().filter(l -> l.startsWith("aurora:")).toList())
        .containsExactly("aurora: file file:" + file + ": corrupt or truncated gzip data");
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("unexpected failure");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theJsonReportSaysWhichLineWasTheHeaderAndHowManyRowsWerePadded() throws Exception {
    SharedSpark.session();
    StringBuilder sb = new StringBuilder("id;amount;note\n");
    for (int i = 0; i < 200; i++) {
      sb.append(i).append(';').append(i * 3 % 97);
      if (i % 4 == 0) {
        sb.append(";n").append(i % 5);
      }
      sb.append('\n');
    }
    Path file = Files.writeString(dir.resolve("export.csv"), sb);
    CapturedRun run = CapturedRun.of("profile", "--json", "--input", file.toString(), "--warehouse",
        dir.resolve("wh").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out().strip());
    assertThat(json.get("header_line").asInt()).isEqualTo(1);
    assertThat(json.get("rows_padded").asLong()).isEqualTo(150);
    assertThat(json.get("rows_read").asLong()).isEqualTo(200);
    assertThat(json.get("columns").asInt()).isEqualTo(3);

    Path headerless = Files.writeString(dir.resolve("headerless.csv"), "1,2.5\n2,3.5\n3,4.5\n4,1.5\n");
    CapturedRun plain = CapturedRun.of("profile", "--json", "--input", headerless.toString(), "--warehouse",
        dir.resolve("wh").toString());
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(plain.out().strip());
    assertThat(p.get("header_line").isNull()).isTrue();
    assertThat(p.get("warnings").toString()).contains("no header line");
  }
}
