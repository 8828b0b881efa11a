package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.ingest.InputDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputIdentityTest {
  @TempDir
  Path dir;

  private static InputDescription input(Path... files) {
    return new InputDescription("csv", java.util.Arrays.stream(files).map(Path::toString).toList(), null, null, null, null, null, null, 0,
        List.of());
  }

  private static String identity(InputDescription input, String filter) {
    return InputIdentity.of(input, new Configuration(), filter).orElseThrow();
  }

  @Test
  void theSameRowsAnywhereHaveOneIdentityAndOtherRowsAnother() throws Exception {
    Path a = Files.writeString(dir.resolve("a.csv"), "id,x\n1,2\n3,4\n");
    Path copy = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.csv"), "id,x\n1,2\n3,4\n");
    Path other = Files.writeString(dir.resolve("b.csv"), "id,x\n1,2\n3,5\n"); // same size, one value differs
    assertThat(identity(input(a), null)).isEqualTo(identity(input(copy), null)).isNotEqualTo(identity(input(other), null));
    assertThat(identity(input(a), "x=2")).isNotEqualTo(identity(input(a), null)).isNotEqualTo(identity(input(a), "x=4"));
    // a folder of part files: hidden files (what Spark skips) do not count, the data files do
    Path table = Files.createDirectories(dir.resolve("table"));
    Files.writeString(table.resolve("part-0.csv"), "id,x\n1,2\n3,4\n");
    String before = identity(input(table), null);
    Files.writeString(table.resolve("_SUCCESS"), "");
    Files.writeString(table.resolve(".part-0.csv.crc"), "crc");
    assertThat(identity(input(table), null)).isEqualTo(before).isEqualTo(identity(input(a), null));
    Files.writeString(table.resolve("part-1.csv"), "id,x\n5,6\n");
    assertThat(identity(input(table), null)).isNotEqualTo(before);
    assertThat(InputIdentity.of(input(), new Configuration(), null)).isEmpty();
    assertThat(InputIdentity.of(input(dir.resolve("missing.csv")), new Configuration(), null)).isEmpty();
  }
}
