package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.testing.SharedSpark;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged, empty-bodied and changing inputs (issue 17): a truncated archive is bad input naming the
 * file, found before the scan when the sample already hits the damage and during the scan otherwise
 * — never a silent partial read; a file with no data rows is refused before anything is spent; a
 * file that changes between planning and scanning fails the scan.
 */
class CorruptInputTest {
  private final SparkSession spark = SharedSpark.session();
  private final DatasetReader reader = new DatasetReader(spark);

  @TempDir Path tmp;

  private static byte[] csv(int rows) {
    StringBuilder sb = new StringBuilder("id,amount,label\n");
    for (int i = 0; i < rows; i++) {
      sb.append(i).append(',').append(i * 7 % 1000).append(",l").append(i % 13).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] jsonLines(int rows) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      sb.append("{\"id\": ").append(i).append(", \"label\": \"l").append(i % 13).append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Path gzip(Path file, byte[] data) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(data);
    }
    return file;
  }

  private Path bzip2(Path file, byte[] data) throws IOException {
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = codec.createOutputStream(Files.newOutputStream(file))) {
      out.write(data);
    }
    return file;
  }

  private static Path truncate(Path file, double keep) throws IOException {
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, (int) (all.length * keep)));
    return file;
  }

  private static void assertBadInput(Throwable thrown, String file, String problem) {
    AuroraException known = CsvFileScan.known(thrown);
    assertThat(known).as("an AuroraException in %s", thrown).isNotNull();
    assertThat(known.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(known.getMessage()).contains(file).contains(problem).doesNotContain("\n");
  }

  @Test
  void aSmallTruncatedGzipIsBadInputBeforeTheScan() throws IOException {
    Path file = truncate(gzip(tmp.resolve("small.csv.gz"), csv(200)), 0.6);
    assertBadInput(catchThrowable(() -> reader.read(ReadOptions.of(file.toString()))), "small.csv.gz",
        "corrupt or truncated gzip data");
  }

  @Test
  void aLargeTruncatedGzipFailsTheScanInsteadOfProfilingPartOfIt() throws IOException {
    // 300,000 rows cut at half: the sample of the head is intact, the damage is met by the scan
    Path file = truncate(gzip(tmp.resolve("large.csv.gz"), csv(300_000)), 0.5);
    ReadResult result = reader.read(ReadOptions.of(file.toString()));
    Throwable thrown = catchThrowable(() -> result.rows().count());
    assertBadInput(thrown, "large.csv.gz", "corrupt or truncated gzip data");
    assertThat(CsvFileScan.known(thrown).getCause()).as("nothing of the data rides along").isNull();
  }

  @Test
  void truncatedBzip2AndGzippedJsonLinesFailTheScanToo() throws IOException {
    // bzip2 decodes whole blocks of 900 KB: the sniff of the head may already meet the damage
    Path bz2 = truncate(bzip2(tmp.resolve("large.csv.bz2"), csv(300_000)), 0.5);
    assertBadInput(catchThrowable(() -> reader.read(ReadOptions.of(bz2.toString())).rows().count()), "large.csv.bz2",
        "corrupt or truncated bzip2 data");

    Path json = truncate(gzip(tmp.resolve("events.jsonl.gz"), jsonLines(200_000)), 0.5);
    ReadResult js = reader.read(ReadOptions.of(json.toString()));
    assertBadInput(catchThrowable(() -> js.rows().count()), "events.jsonl.gz", "corrupt or truncated gzip data");
  }

  @Test
  void theBadInputErrorSurvivesSerializationAsSparkShipsItFromATask() throws Exception {
    AuroraException original = AuroraException.badInput("file x.csv.gz: corrupt or truncated gzip data");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new org.apache.spark.SparkException("Job aborted due to stage failure", original));
    }
    Object back;
    try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = in.readObject();
    }
    AuroraException known = CsvFileScan.known((Throwable) back);
    assertThat(known.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(known.getMessage()).isEqualTo(original.getMessage());
  }

  @Test
  void aHeaderWithoutRowsIsNoDataRowsBeforeTheScan() throws IOException {
    Path headerOnly = Files.writeString(tmp.resolve("header.csv"), "id,amount,label\n");
    assertBadInput(catchThrowable(() -> reader.read(ReadOptions.of(headerOnly.toString()))), "header.csv",
        "no data rows");
    Path second = Files.writeString(tmp.resolve("header2.csv"), "id,amount,label\n");
    assertBadInput(catchThrowable(() -> reader.read(ReadOptions.of(headerOnly.toString(), second.toString()))),
        "header.csv", "no data rows");
    // one part file with rows is enough
    Path rows = Files.write(tmp.resolve("rows.csv"), csv(3));
    assertThat(reader.read(ReadOptions.of(headerOnly.toString(), rows.toString())).rows().count()).isEqualTo(3);
    Path blankJson = Files.writeString(tmp.resolve("blank.jsonl"), "{\"a\": 1");
    assertThatThrownBy(() -> reader.read(ReadOptions.of(blankJson.toString()))).isInstanceOf(AuroraException.class);
  }

  @Test
  void oneLongLineWithoutALineBreakIsNoDataRows() throws IOException {
    // 5 MB of fields on one line: not 5,958 columns guessed from it
    StringBuilder line = new StringBuilder();
    while (line.length() < 5_000_000) {
      line.append("field").append(line.length() % 997).append(',');
    }
    Path file = Files.writeString(tmp.resolve("oneline.csv"), line);
    assertBadInput(catchThrowable(() -> reader.read(ReadOptions.of(file.toString()))), "oneline.csv",
        "no data rows (no line break in the first 64 KB)");
  }

  @Test
  void aFileThatChangesAfterTheReadWasPlannedFailsTheScan() throws IOException {
    Path file = Files.write(tmp.resolve("growing.csv"), csv(1_000));
    ReadResult result = reader.read(ReadOptions.of(file.toString()));
    Files.write(file, "1000,1,l1\n1001,2,l2\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertBadInput(catchThrowable(() -> result.rows().count()), "growing.csv", "changed while it was read");

    Path json = Files.write(tmp.resolve("growing.jsonl"), jsonLines(100));
    ReadResult js = reader.read(ReadOptions.of(json.toString()));
    Files.write(json, "{\"id\": 100}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertBadInput(catchThrowable(() -> js.rows().count()), "growing.jsonl", "changed while it was read");

    Path gone = Files.write(tmp.resolve("gone.csv"), csv(10));
    ReadResult deleted = reader.read(ReadOptions.of(gone.toString()));
    Files.delete(gone);
    assertBadInput(catchThrowable(() -> deleted.rows().count()), "gone.csv", "deleted while it was read");
  }

  @Test
  void aFileVersionIsCheckedAgainstTheFileSystem() throws IOException {
    Path file = Files.write(tmp.resolve("v.csv"), csv(5));
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    FileVersion version = FileVersion.of(path.getFileSystem(conf).getFileStatus(path));
    version.check(conf, file.toUri().toString());
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(version.modified() + 5_000));
    assertBadInput(catchThrowable(() -> version.check(conf, file.toUri().toString())), "v.csv",
        "changed while it was read");
  }
}
