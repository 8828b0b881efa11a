package io.aurora.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
  static final String BEGIN = ConfigReference.BEGIN;
  static final String END = ConfigReference.END;

  @Test
  void readmeTableIsTheGeneratedOne() throws IOException {
    Path readme = Path.of(System.getProperty("aurora.repo.root", "..")).resolve("README.md");
    String text = Files.readString(readme);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("README.md has the config reference markers").isGreaterThanOrEqualTo(0);
    assertThat(end).isGreaterThan(begin);
    String table = text.substring(begin + BEGIN.length(), end).strip();
    assertThat(table)
        .as("README config table is stale: regenerate it with java -cp common/target/classes io.aurora.config.ConfigReference")
        .isEqualTo(ConfigReference.markdownTable().strip());
  }

  @Test
  void withTableReplacesOnlyWhatIsBetweenTheMarkers() {
    String stale = "# intro\n" + BEGIN + "\n| old | table |\n" + END + "\n## after\n";
    String fresh = ConfigReference.withTable(stale);
    assertThat(fresh).startsWith("# intro\n" + BEGIN + "\n").endsWith(END + "\n## after\n").doesNotContain("| old | table |");
    assertThat(fresh).contains(ConfigReference.markdownTable());
    assertThat(ConfigReference.withTable(fresh)).isEqualTo(fresh);
  }

  @Test
  void everyKeyIsInTheTableWithItsEnvironmentVariable() {
    String table = ConfigReference.markdownTable();
    for (ConfigKey key : ConfigKeys.all()) {
      assertThat(table).contains("`" + key.name() + "` | `" + key.environmentVariable() + "`");
    }
  }
}
