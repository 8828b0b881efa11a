package io.aurora.learn;

import static io.aurora.learn.TestFingerprints.numeric;
import static io.aurora.learn.TestFingerprints.string;
import static io.aurora.learn.TestFingerprints.withNoise;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import io.aurora.fingerprint.Fingerprint.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class PatternKeyTest {
  @Test
  void similarColumnsOfDifferentDatasetsShareAKey() {
    // two skewed positive money columns of different tables, sizes and names with the same role
    Fingerprint a = numeric("t", "sales", "r1", "order_amount", 10_000, 9_800, 0.0, 0.8, 2.6, 0.0);
    Fingerprint b = numeric("t", "invoices", "r7", "totalAmount", 250_000, 120_000, 0.01, 0.9, 1.6, 0.0);
    assertThat(PatternKey.of(a)).isEqualTo(PatternKey.of(b));
    assertThat(PatternKey.of(a).value())
        .isEqualTo("v2|numeric|card=cont|null=0|sign=positive|skew=+|span=wide|role=amount");
  }

  @Test
  void continuousMeasurementsShareAKeyWhateverTheirRoundingButIdsAndCountsStayApart() {
    // 2-decimal amounts are 40-100 % distinct depending on rounding and spread
    Fingerprint rounded = numeric("t", "a", "r", "amount_net", 5_000, 2_100, 0.0, 0.7, 2.0, 0.0, 0.0);
    Fingerprint fine = numeric("t", "b", "r", "amount_paid", 5_000, 5_000, 0.0, 0.7, 2.0, 0.0, 0.0);
    assertThat(PatternKey.of(rounded)).isEqualTo(PatternKey.of(fine));
    assertThat(PatternKey.of(rounded).value()).contains("card=cont");
    // integers: an identifier (all distinct) and a count (few repeated values) keep different keys
    Fingerprint id = numeric("t", "a", "r", "order_no", 5_000, 5_000, 0.0, 0.0, 0.3, 0.0, 1.0);
    Fingerprint count = numeric("t", "a", "r", "order_no", 5_000, 1_500, 0.0, 0.0, 0.3, 0.0, 1.0);
    assertThat(PatternKey.of(id).value()).contains("card=unique");
    assertThat(PatternKey.of(id)).isNotEqualTo(PatternKey.of(count));
  }

  @Test
  void differentShapesGetDifferentKeys() {
    Set<PatternKey> keys = new HashSet<>();
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0)));   // money
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.05, 2.5, 0.0)));  // symmetric
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.3)));   // negatives
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 0.4, 0.0)));   // narrow range
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.3, 0.8, 2.5, 0.0)));   // missing values
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 2, 0.0, 0.0, 0.3, 0.0, 1.0)));  // binary
    keys.add(PatternKey.of(numeric("t", "d", "r", "customer_id", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0))); // role id
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.9, 0.0, 1.0))); // "12 kg"
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.0, 0.9, 3.0))); // lists
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.0, 0.0, 12.0))); // text
    assertThat(keys).hasSize(10);
  }

  @Test
  void coarseKeyDropsNameRoleAndMissingnessButKeepsShape() {
    Fingerprint amount = numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0);
    Fingerprint fee = numeric("t", "d", "r", "fee", 10_000, 9_800, 0.3, 0.8, 2.5, 0.0);
    assertThat(PatternKey.of(amount)).isNotEqualTo(PatternKey.of(fee));
    assertThat(PatternKey.coarse(amount)).isEqualTo(PatternKey.coarse(fee));
    assertThat(PatternKey.coarse(amount).isCoarse()).isTrue();
    assertThat(PatternKey.of(amount).isCoarse()).isFalse();
    assertThat(PatternKey.coarse(amount))
        .isNotEqualTo(PatternKey.coarse(numeric("t", "d", "r", "fee", 10_000, 9_800, 0.0, 0.05, 2.5, 0.0)));
    assertThat(PatternKey.levels(amount)).containsExactly(PatternKey.of(amount), PatternKey.coarse(amount));
  }

  @Test
  void shapeIsReadFromTheQuantilesNotFromTheNoisyMoments() {
    // a symmetric measurement whose third moment a stray noisy tail bin made large
    Fingerprint measurement = numeric("t", "d", "r", "temperature", 20_000, 300, 0.0, 0.02, 0.4, 0.0).toBuilder()
        .set(Field.SKEWNESS, 5.7).set(Field.MAGNITUDE_SPAN, 13.0).build();
    assertThat(PatternKey.coarse(measurement).value())
        .isEqualTo("v2|coarse|numeric|card=cont|sign=positive|skew=0|span=narrow");
  }

  @Test
  void statisticsTheNoiseHidesAreLeftOutOrMergedDecidedByTheNoiseScaleNotTheValues() {
    // the same two columns in a table of 20,000 and one of 2,000 rows, released with noise std 50 per count
    Fingerprint skewed = numeric("t", "d", "r", "amount", 20_000, 15_000, 0.0, 0.8, 2.5, 0.0);
    Fingerprint flag = numeric("t", "d", "r", "is_member", 20_000, 2, 0.0, 0.0, 0.0, 0.0, 1.0);
    Fingerprint symmetric = numeric("t", "d", "r", "temperature", 20_000, 300, 0.0, 0.02, 0.4, 0.0);
    assertThat(PatternKey.of(withNoise(skewed, 50)).value())
        .isEqualTo("v2|numeric|card=cont|null=0|sign=positive|skew=+|span=wide|role=amount");
    assertThat(PatternKey.of(withNoise(flag, 50)).value()).contains("card=2|");
    Fingerprint smallSkewed = withNoise(rows(skewed, 2_000), 50);
    Fingerprint smallSymmetric = withNoise(rows(symmetric, 2_000), 50);
    // noise 2.5 % of the rows per count: no sign, skew or span is read, and the missing share is left out
    assertThat(PatternKey.of(smallSkewed).value()).isEqualTo("v2|numeric|card=cont|null=?|shape=?|role=amount");
    // the decision depends on the noise only: a skewed and a symmetric column get the same coarse key
    assertThat(PatternKey.coarse(smallSkewed)).isEqualTo(PatternKey.coarse(smallSymmetric));
    // a handful of levels is not counted from buckets drowned in noise: flags merge with up to 200 levels
    assertThat(PatternKey.of(withNoise(rows(flag, 2_000), 50)).value()).contains("card=1..some|");
    // where the distinct count's own noise reaches its edges, those edges go too
    assertThat(PatternKey.cardinality(withNoise(flag, 60), KeyResolution.of(withNoise(flag, 60)))).isEqualTo("2");
    assertThat(KeyResolution.of(withNoise(flag, 60)).manyLevels()).isFalse();
    Fingerprint manyLevels = numeric("t", "d", "r", "n", 20_000, 700, 0.0, 0.0, 0.3, 0.0, 1.0);
    assertThat(PatternKey.cardinality(withNoise(manyLevels, 60), KeyResolution.of(withNoise(manyLevels, 60))))
        .isEqualTo("some..many");
    // exact statistics (no noise recorded) use every feature
    assertThat(KeyResolution.of(skewed)).isEqualTo(KeyResolution.EXACT);
  }

  @Test
  void columnNameContributesOnlyItsRole() {
    assertThat(PatternKey.role("customer_id")).isEqualTo("id");
    assertThat(PatternKey.role("CustomerID")).isEqualTo("id");
    assertThat(PatternKey.role("shipping-zip")).isEqualTo("zip");
    assertThat(PatternKey.role("is_active")).isEqualTo("flag");
    assertThat(PatternKey.role("created_at")).isEqualTo("at");
    assertThat(PatternKey.role("colour")).isEqualTo("-");
    assertThat(PatternKey.role("")).isEqualTo("-");
  }

  @Test
  void keyIsDeterministicSerializableAndVersioned() {
    PatternKey key = PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0));
    assertThat(SerializationUtils.roundtrip(key)).isEqualTo(key);
    assertThat(PatternKey.of(numeric("u", "e", "s", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0))).isEqualTo(key);
    assertThat(key.isCurrent()).isTrue();
    assertThat(new PatternKey("v1|numeric|card=unique|null=0|skew=+|span=2|neg=n|role=amount").isCurrent()).isFalse();
    assertThat(key.parts()).containsEntry("type", "numeric").containsEntry("skew", "+").containsEntry("role", "amount");
  }

  @Test
  void describesAKeyInWords() {
    Fingerprint amount = numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.8, 2.5, 0.0);
    assertThat(PatternDescription.of(PatternKey.of(amount)))
        .isEqualTo("positive right-skewed continuous amounts spanning 1+ decades");
    assertThat(PatternDescription.of(PatternKey.coarse(amount)))
        .isEqualTo("positive right-skewed continuous numbers spanning 1+ decades");
    Fingerprint sparse = numeric("t", "d", "r", "x", 10_000, 150, 0.3, 0.0, 0.2, 0.4, 1.0);
    assertThat(PatternDescription.of(PatternKey.of(sparse)))
        .isEqualTo("signed symmetric numbers with 20 to 200 distinct values, some missing");
    Fingerprint noisy = withNoise(rows(amount, 2_000), 50);
    assertThat(PatternDescription.of(PatternKey.of(noisy))).isEqualTo("continuous amounts of a shape the noise hides");
    assertThat(PatternDescription.of(PatternKey.of(withNoise(rows(
        numeric("t", "d", "r", "n", 20_000, 2, 0.0, 0.0, 0.3, 0.0, 1.0), 2_000), 50))))
        .startsWith("numbers with under 200 distinct values");
    assertThat(PatternDescription.of(PatternKey.of(string("t", "d", "r", "weight", 10_000, 500, 0.0, 0.0, 0.0, 0.9, 0.0, 2.0))))
        .isEqualTo("numbers with units or currency with 200 to 5,000 distinct values");
    for (String description : List.of(PatternDescription.of(PatternKey.of(amount)), PatternDescription.of(PatternKey.of(noisy)))) {
      assertThat(description).doesNotContain("|").doesNotContain("=").doesNotContain("v2");
    }
  }

  private static Fingerprint rows(Fingerprint fp, double rows) {
    double scale = rows / fp.rowCount();
    return fp.toBuilder().set(Field.ROW_COUNT, rows)
        .set(Field.DISTINCT_ESTIMATE, Math.max(Math.min(fp.distinctEstimate(), 2), fp.distinctEstimate() * scale))
        .build();
  }
}
