package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.ingest.InputDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSignatureTest {
  @TempDir Path dir;

  @Test
  void aDeclaredSchemaIsPartOfTheSignatureAndItsAbsenceChangesNothing() throws Exception {
    Path file = Files.writeString(dir.resolve("a.csv"), "1,2\n3,4\n");
    List<String> files = List.of(file.toUri().toString());
    InputDescription plain = new InputDescription("csv", files, "UTF-8", ",", "\"", "\"", false, "LF", 0, List.of());
    InputDescription declared = new InputDescription("csv", files, "UTF-8", ",", "\"", "\"", false, "LF", 0, List.of(),
        null, "id INT,v INT");
    InputDescription other = new InputDescription("csv", files, "UTF-8", ",", "\"", "\"", false, "LF", 0, List.of(),
        null, "id BIGINT,v INT");
    Configuration conf = new Configuration();
    String a = InputSignature.of(plain, conf, null, 1.0, 0, 64).orElseThrow();
    String b = InputSignature.of(declared, conf, null, 1.0, 0, 64).orElseThrow();
    String c = InputSignature.of(other, conf, null, 1.0, 0, 64).orElseThrow();
    assertThat(a).isNotEqualTo(b);
    assertThat(b).isNotEqualTo(c);
    // the signature of an input without a declared schema is the one releases were recorded with
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(files.get(0));
    org.apache.hadoop.fs.FileStatus status = path.getFileSystem(conf).getFileStatus(path);
    String canonical = status.getPath() + "|" + status.getLen() + "|" + status.getModificationTime() + "\n"
        + "format=csv|encoding=UTF-8|delimiter=,|quote=\"|escape=\"|header=false|lines=LF|skipped=0|partition=null"
        + "|epsilon=1.0|delta=0.0|k=64";
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(a).isEqualTo(java.util.HexFormat.of().formatHex(digest));
  }
}
