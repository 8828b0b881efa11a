package io.aurora.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestData;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceFamiliesTest {
  @Test
  void nearCopiesOfOneDatasetFormOneFamilyAndUnrelatedFilesStayApart() throws Exception {
    Path csv = TestData.featureTypes();
    List<LabelledColumn> corpus = FeatureTypeCorpus.read(csv);

    Map<String, String> family = SourceFamilies.families(corpus, 0.5);

    // five extracts of one land-use register, six of one tax register (column sets overlap 60-90 %)
    assertThat(new HashSet<>(List.of(family.get("173"), family.get("174"), family.get("175"), family.get("176"),
        family.get("177")))).hasSize(1);
    assertThat(new HashSet<>(List.of(family.get("293"), family.get("294"), family.get("295"), family.get("296"),
        family.get("297"), family.get("298")))).hasSize(1);
    assertThat(family.get("173")).isNotEqualTo(family.get("293"));
    // the two survey files share no column names with each other
    assertThat(family.get("350")).isNotEqualTo(family.get("131"));
    int families = new HashSet<>(family.values()).size();
    assertThat(families).as("%d families of %d files", families, family.size()).isLessThan(family.size())
        .isGreaterThan(family.size() * 3 / 4);

    List<LabelledColumn> regrouped = SourceFamilies.regroup(corpus, 0.5);
    assertThat(regrouped).hasSameSizeAs(corpus);
    assertThat(regrouped.stream().map(LabelledColumn::sourceFile).distinct().count()).isEqualTo(families);
    assertThat(regrouped.get(0).fingerprint()).isSameAs(corpus.get(0).fingerprint());
  }
}
