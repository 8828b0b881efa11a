package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.ingest.InputDescription;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PartitionSelectionTest {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType).add("Date", DataTypes.DateType);

  private static InputDescription files(String... paths) {
    return new InputDescription("csv", List.of(paths), null, null, null, null, null, null, 0, List.of());
  }

  @Test
  void thePathsOrADeclaredColumnMustMakeTheRowsThePartition() {
    for (String path : List.of("/data/events/date=2024-05-01/part-0.csv", "/data/2024-05-01/part-0.csv", "/data/2024-05-01.csv",
        "s3a://bucket/events/day=2024-05-01/", "/data/date=2024-05-01")) {
      PartitionSelection s = PartitionSelection.of("2024-05-01", files(path), SCHEMA);
      assertThat(s.column()).as(path).isNull();
      assertThat(s.rowFilter()).isNull();
    }
    assertThat(PartitionSelection.of("date=2024-05-01", files("/data/date=2024-05-01/a.csv", "/data/date=2024-05-01/b.csv"), SCHEMA)
        .column()).isNull();
    // a column of that name selects the rows (names compare without case)
    PartitionSelection byColumn = PartitionSelection.of("date=2024-05-01", files("/data/all.csv"), SCHEMA);
    assertThat(byColumn.column()).isEqualTo("Date");
    assertThat(byColumn.rowFilter()).isEqualTo("Date=2024-05-01");
    for (String[] bad : new String[][] {{"2024-05-01", "/data/all.csv"}, {"2024-05-01", "/data/2024-05-011/a.csv"},
        {"2024-05-01", "/data/x2024-05-01.csv"}, {"country=NO", "/data/all.csv"}}) {
      assertThatThrownBy(() -> PartitionSelection.of(bad[0], files(bad[1]), SCHEMA))
          .as(bad[0] + " " + bad[1])
          .isInstanceOfSatisfying(AuroraException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("--partition " + bad[0]);
    }
    // every path must be in it, not just one
    assertThatThrownBy(() -> PartitionSelection.of("2024-05-01", files("/data/2024-05-01/a.csv", "/data/2024-05-02/b.csv"), SCHEMA))
        .isInstanceOf(AuroraException.class);
    assertThat(PartitionSelection.of(null, files("/x.csv"), SCHEMA)).isEqualTo(PartitionSelection.NONE);
  }
}
