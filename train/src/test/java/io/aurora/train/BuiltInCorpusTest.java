package io.aurora.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.recommend.Action;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * The built-in labelled corpus is in the fingerprint's current schema (regenerate it with
 * {@code LabelledCorpusGenerator} when this fails): no field the fingerprint no longer has, every
 * field it always has, the released noise stds the model reads, and acceptable actions AURORA knows.
 */
class BuiltInCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCorpusIsInTheCurrentFingerprintSchema() throws Exception {
    Set<String> known = new HashSet<>(Set.of(Fingerprint.SCHEMA.fieldNames()));
    known.add("corpus_file");
    known.add("accept");
    Set<String> seen = new TreeSet<>();
    Set<String> files = new HashSet<>();
    int lines = 0;
    int withStd = 0;
    try (InputStream in = LabelledColumns.class.getResourceAsStream(LabelledColumns.CORPUS_RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = JSON.readTree(line);
        n.fieldNames().forEachRemaining(seen::add);
        files.add(n.path("corpus_file").asText());
        assertThat(n.path("accept").size()).as(line).isPositive();
        n.path("accept").forEach(a -> assertThat(Action.fromWire(a.asText())).as(a.asText()).isNotNull());
        withStd += n.path("estimate_std").size() > 0 ? 1 : 0;
        lines++;
      }
    }
    assertThat(seen).as("fields the fingerprint no longer has").isSubsetOf(known);
    for (StructField f : Fingerprint.SCHEMA.fields()) {
      if (!f.nullable()) {
        assertThat(seen).as("a field every fingerprint has").contains(f.name());
      }
    }
    assertThat(lines).isGreaterThan(400);
    assertThat(files).hasSize(38);
    assertThat(withStd).as("fingerprints carrying their released noise std").isGreaterThan(lines / 2);
  }
}
