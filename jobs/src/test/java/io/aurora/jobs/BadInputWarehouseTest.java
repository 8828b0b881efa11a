package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input (SPEC §3, issue 3 point 7) through the real command: exit 2, one line naming the file,
 * no stack trace, and a warehouse that is byte-for-byte what it was before — ledger included.
 */
class BadInputWarehouseTest {
  @TempDir
  Path dir;

  private Path warehouse;

  private void aWarehouseWithHistory() throws IOException {
    SharedSpark.session();
    warehouse = dir.resolve("warehouse");
    Path good = dir.resolve("good.csv");
    StringBuilder sb = new StringBuilder("id,amount\n");
    for (int i = 0; i < 200; i++) {
      sb.append(i).append(',').append(i * 3 % 97).append('\n');
    }
    Files.writeString(good, sb.toString());
    CapturedRun first = CapturedRun.of("profile", "--input", good.toString(), "--warehouse", warehouse.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
  }

  @Test
  void badInputsExitTwoAndLeaveTheWarehouseByteIdentical() throws Exception {
    aWarehouseWithHistory();
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    Path binary = Files.write(dir.resolve("picture.csv"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 6});
    Path parquetNamedCsv = dir.resolve("table.csv");
    Files.write(parquetNamedCsv, new byte[] {'P', 'A', 'R', '1', 1, 2, 3, 4, 'P', 'A', 'R', '1'});
    Path headerA = Files.writeString(dir.resolve("part_a.csv"), "id,amount\n1,2\n");
    Path headerB = Files.writeString(dir.resolve("part_b.csv"), "id,price,extra\n1,2,3\n");
    Path undecodable = Files.write(dir.resolve("noise.csv"), randomControlBytes());
    Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "id,amount\n");
    Path oneLine = Files.writeString(dir.resolve("one-line.csv"), "v,".repeat(2_500_000));
    Path truncatedGzip = dir.resolve("cut.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(truncatedGzip))) {
      out.write("id,amount\n1,2\n3,4\n".repeat(50).getBytes(StandardCharsets.UTF_8));
    }
    byte[] gz = Files.readAllBytes(truncatedGzip);
    Files.write(truncatedGzip, java.util.Arrays.copyOf(gz, gz.length / 2));

    Map<String, List<String>> cases = new TreeMap<>();
    cases.put("missing path", List.of("--input", dir.resolve("no-such-file.csv").toString()));
    cases.put("empty file", List.of("--input", empty.toString()));
    cases.put("binary file", List.of("--input", binary.toString()));
    cases.put("parquet named csv", List.of("--input", parquetNamedCsv.toString()));
    cases.put("different headers", List.of("--input", headerA.toString(), "--input", headerB.toString(), "--dataset", "parts"));
    cases.put("unknown format", List.of("--input", headerA.toString(), "--format", "xlsx"));
    cases.put("undecodable text", List.of("--input", undecodable.toString()));
    cases.put("header only", List.of("--input", headerOnly.toString()));
    cases.put("one line without a line break", List.of("--input", oneLine.toString()));
    cases.put("small truncated gzip", List.of("--input", truncatedGzip.toString()));
    cases.put("a table of the warehouse", List.of("--input", warehouse.resolve("runs").toString(), "--format", "delta"));
    cases.put("the warehouse itself", List.of("--input", warehouse.toString()));

    Map<String, String> before = snapshot(warehouse);
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      String[] args = Stream.concat(Stream.of("profile", "--warehouse", warehouse.toString()), c.getValue().stream()).toArray(String[]::new);
      CapturedRun run = CapturedRun.of(args);
      assertThat(run.exitCode()).as(c.getKey() + ": " + run.err()).isEqualTo(2);
      List<String> errLines = run.err().lines().filter(l -> l.startsWith("aurora:")).toList();
      assertThat(errLines).as(c.getKey() + ": " + run.err()).hasSize(1);
      assertThat(run.err()).as(c.getKey()).doesNotContain("\tat ").doesNotContain("Exception in thread");
      assertThat(snapshot(warehouse)).as(c.getKey() + " left the warehouse unchanged").isEqualTo(before);
    }
  }

  private static byte[] randomControlBytes() {
    byte[] bytes = new byte[4096];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(32);
    }
    return bytes;
  }

  private static Map<String, String> snapshot(Path root) throws IOException, NoSuchAlgorithmException {
    Map<String, String> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
      out.put(root.relativize(f).toString(), HexFormat.of().formatHex(digest));
    }
    return out;
  }
}
