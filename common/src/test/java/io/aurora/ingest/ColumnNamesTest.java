package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
  @Test
  void trimsNamesEmptyOnesAndDuplicates() {
    assertThat(ColumnNames.clean(Arrays.asList(" id ", "", null, "Name", "name", "name_2", "\uFEFFx")))
        .containsExactly("id", "column_2", "column_3", "Name", "name_3", "name_2", "x");
  }

  @Test
  void positionalNamesStartAtOne() {
    assertThat(ColumnNames.positional(3)).containsExactly("column_1", "column_2", "column_3");
  }

  @Test
  void quotesBackticks() {
    assertThat(ColumnNames.quoted("a`b.c")).isEqualTo("`a``b.c`");
    assertThat(ColumnNames.clean(List.of("a", "a", "a"))).containsExactly("a", "a_2", "a_3");
  }
}
