package io.aurora.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
  @Test
  void trimsNamesEmptyOnesAndDuplicates() {
    assertThat(ColumnNames.clean(Arrays.asList(" id ", "", null, "Name", "name", "name_2", "\uFEFFx")))
        .containsExactly("id", "c1", "c2", "Name", "name_3", "name_2", "x");
  }

  @Test
  void positionalNamesAreCZeroToN() {
    assertThat(ColumnNames.positional(3)).containsExactly("c0", "c1", "c2");
  }

  @Test
  void controlCharactersInNamesAreEscaped() {
    // ESC [31m would recolour an operator's terminal; a bidi override would reorder what they read
    assertThat(ColumnNames.clean(List.of("a\u001b[31mred", "tab\there", "x\u202Eevil", "line\nbreak")))
        .containsExactly("a\\u001b[31mred", "tab\\there", "x\\u202eevil", "line\\nbreak");
  }

  @Test
  void quotesBackticks() {
    assertThat(ColumnNames.quoted("a`b.c")).isEqualTo("`a``b.c`");
    assertThat(ColumnNames.clean(List.of("a", "a", "a"))).containsExactly("a", "a_2", "a_3");
  }
}
