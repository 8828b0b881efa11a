package io.aurora.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.ingest.ReadLimits;
import io.aurora.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback files are read with bounded lines, fields and rows (issue 24): no line is held whole beyond the bound. */
class FeedbackFileTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();
  private final FeedbackFile file = new FeedbackFile(spark, new ReadLimits(4_096, 1_024, 50));

  @Test
  void aCsvLineOverTheBoundIsNotRead() throws Exception {
    Path csv = Files.writeString(dir.resolve("fb.csv"),
        "recommendation_id,verdict,user\nr1,accept,ann\nr2,accept," + "u".repeat(6_000) + "\nr3,correct,bob\n");
    List<Row> rows = file.read(csv.toString(), FeedbackFile.Format.CSV).collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("recommendation_id")).containsExactlyInAnyOrder("r1", "r3");
    assertThat(rows).allMatch(r -> r.getAs("raw") == null);
    // unbounded (Spark's defaults), the line was read whole
    assertThat(new FeedbackFile(spark).read(csv.toString(), FeedbackFile.Format.CSV).count()).isEqualTo(3);
  }

  @Test
  void aJsonLineOverTheBoundIsNotRead() throws Exception {
    Path json = Files.writeString(dir.resolve("fb.jsonl"),
        "{\"recommendation_id\":\"r1\",\"verdict\":\"accept\"}\n"
            + "{\"recommendation_id\":\"r2\",\"verdict\":\"accept\",\"user\":\"" + "u".repeat(6_000) + "\"}\n"
            + "{\"recommendation_id\":\"r3\",\"verdict\":\"accept\"}\n");
    List<Row> rows = file.read(json.toString(), FeedbackFile.Format.JSON).collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("recommendation_id")).containsExactlyInAnyOrder("r1", "r3");
    // unbounded (Spark's defaults), the line was read whole
    assertThat(new FeedbackFile(spark).read(json.toString(), FeedbackFile.Format.JSON).count()).isEqualTo(3);
  }
}
