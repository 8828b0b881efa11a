package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.SharedSpark;
import io.aurora.testing.TestData;
import io.aurora.testing.TestServices;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs on filesystems other than {@code file:}: everything goes through Hadoop FileSystem. */
class DatasetReaderFileSystemsTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path tmp;

  /** The local disk under another scheme: a reader that used java.io.File would not find it. */
  public static final class OtherSchemeFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("aurora-test:///");
    }

    @Override
    public String getScheme() {
      return "aurora-test";
    }
  }

  @Test
  void readsThroughAnyHadoopFileSystem() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.aurora-test.impl", OtherSchemeFileSystem.class.getName());
    Path dir = Files.createDirectories(tmp.resolve("parts"));
    Files.copy(TestData.csv().resolve("csvkit-examples/examples/bad.csv"), dir.resolve("a.csv"));
    Files.writeString(dir.resolve("b.csv"), "column_a,column_b,column_c\n7,8,9\n");
    ReadResult result = new DatasetReader(spark).read(ReadOptions.of("aurora-test://" + dir + "/*.csv"));
    assertThat(result.rows().count()).isEqualTo(2);
    assertThat(result.malformed().firstLocations()).containsExactly(
        "aurora-test:" + dir.resolve("a.csv") + ":2", "aurora-test:" + dir.resolve("a.csv") + ":3");
  }

  @Test
  void readsFromS3() throws Exception {
    String endpoint = TestServices.s3Endpoint();
    String bucket = TestServices.require("AURORA_TEST_S3_BUCKET");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.access.key", TestServices.require("AURORA_TEST_S3_ACCESS_KEY"));
    conf.set("fs.s3a.secret.key", TestServices.require("AURORA_TEST_S3_SECRET_KEY"));
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")));
    String prefix = "s3a://" + bucket + "/aurora-ingest-test-" + UUID.randomUUID();
    FileSystem fs = new org.apache.hadoop.fs.Path(prefix).getFileSystem(conf);
    try {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(
          TestData.csv().resolve("csvkit-examples/examples/bad.csv").toAbsolutePath().toUri()),
          new org.apache.hadoop.fs.Path(prefix + "/bad.csv"));
      ReadResult result = new DatasetReader(spark).read(ReadOptions.of(prefix));
      assertThat(result.rows().count()).isEqualTo(1);
      assertThat(result.malformed().firstLocations()).containsExactly(prefix + "/bad.csv:2", prefix + "/bad.csv:3");
    } finally {
      fs.delete(new org.apache.hadoop.fs.Path(prefix), true);
    }
  }
}
