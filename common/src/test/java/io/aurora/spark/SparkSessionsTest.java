package io.aurora.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void localMastersRunOnTheirCores() {
    assertThat(SparkSessions.localCores("local", 8)).isEqualTo(OptionalInt.of(1));
    assertThat(SparkSessions.localCores("local[3]", 8)).isEqualTo(OptionalInt.of(3));
    assertThat(SparkSessions.localCores("local[*]", 8)).isEqualTo(OptionalInt.of(8));
    assertThat(SparkSessions.localCores("local[4, 2]", 8)).isEqualTo(OptionalInt.of(4));
    assertThat(SparkSessions.localCores(" local[*] ", 2)).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void clusterMastersKeepDeltasDefault() {
    assertThat(SparkSessions.localCores("spark://10.0.0.1:7077", 8)).isEmpty();
    assertThat(SparkSessions.localCores("yarn", 8)).isEmpty();
    assertThat(SparkSessions.localCores("k8s://https://api:6443", 8)).isEmpty();
    assertThat(SparkSessions.localCores("local-cluster[2,1,1024]", 8)).isEmpty();
  }

  @Test
  void deltaRebuildsStateInTheLocalCoresAndKeepsNoFileListInChecksums() {
    assertThat(SparkSessions.deltaSettings("local[*]", 2)).isEqualTo(Map.of(
        "spark.databricks.delta.snapshotPartitions", "2",
        "spark.databricks.delta.allFilesInCrc.enabled", "false"));
    assertThat(SparkSessions.deltaSettings("spark://10.0.0.1:7077", 2)).isEqualTo(Map.of(
        "spark.databricks.delta.allFilesInCrc.enabled", "false"));
  }
}
