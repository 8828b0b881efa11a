package io.aurora.learn;

import static io.aurora.learn.TestFingerprints.numeric;
import static io.aurora.learn.TestFingerprints.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.fingerprint.Fingerprint;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class PatternKeyTest {
  @Test
  void similarColumnsOfDifferentDatasetsShareAKey() {
    // two skewed positive money columns of different tables, sizes and names with the same role
    Fingerprint a = numeric("t", "sales", "r1", "order_amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0);
    Fingerprint b = numeric("t", "invoices", "r7", "totalAmount", 250_000, 240_000, 0.01, 3.1, 4.4, 0.0);
    assertThat(PatternKey.of(a)).isEqualTo(PatternKey.of(b));
    assertThat(PatternKey.of(a).value()).startsWith("v1|numeric|card=unique|null=0|skew=+|span=2|neg=n|role=amount");
  }

  @Test
  void continuousMeasurementsShareAKeyWhateverTheirRoundingButIdsAndCountsStayApart() {
    // 2-decimal amounts are 83-100 % distinct depending on rounding: the released ratio scatters around 0.9
    Fingerprint rounded = numeric("t", "a", "r", "amount_net", 5_000, 4_150, 0.0, 2.5, 2.6, 0.0, 0.0);
    Fingerprint fine = numeric("t", "b", "r", "amount_paid", 5_000, 5_000, 0.0, 2.5, 2.6, 0.0, 0.0);
    assertThat(PatternKey.of(rounded)).isEqualTo(PatternKey.of(fine));
    assertThat(PatternKey.of(rounded).value()).contains("card=cont");
    // integers: an identifier (all distinct) and a count (few repeated values) keep different keys
    Fingerprint id = numeric("t", "a", "r", "order_no", 5_000, 5_000, 0.0, 0.0, 0.7, 0.0, 1.0);
    Fingerprint count = numeric("t", "a", "r", "order_no", 5_000, 1_500, 0.0, 0.0, 0.7, 0.0, 1.0);
    assertThat(PatternKey.of(id).value()).contains("card=unique");
    assertThat(PatternKey.of(id)).isNotEqualTo(PatternKey.of(count));
  }

  @Test
  void differentShapesGetDifferentKeys() {
    Fingerprint money = numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0);
    Set<PatternKey> keys = new HashSet<>();
    keys.add(PatternKey.of(money));
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.1, 5.1, 0.0)));   // symmetric
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.3)));   // negatives
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 0.8, 0.0)));   // narrow range
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.3, 4.2, 5.1, 0.0)));   // missing values
    keys.add(PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 2, 0.0, 0.1, 0.3, 0.0)));       // binary
    keys.add(PatternKey.of(numeric("t", "d", "r", "customer_id", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0))); // role id
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.9, 0.0, 1.0))); // "12 kg"
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.0, 0.9, 3.0))); // lists
    keys.add(PatternKey.of(string("t", "d", "r", "amount", 10_000, 9_800, 0.0, 0.0, 0.0, 0.0, 0.0, 12.0))); // text
    assertThat(keys).hasSize(10);
  }

  @Test
  void coarseKeyDropsNameRoleAndMissingnessButKeepsShape() {
    Fingerprint amount = numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0);
    Fingerprint fee = numeric("t", "d", "r", "fee", 10_000, 9_800, 0.3, 4.2, 5.1, 0.0);
    assertThat(PatternKey.of(amount)).isNotEqualTo(PatternKey.of(fee));
    assertThat(PatternKey.coarse(amount)).isEqualTo(PatternKey.coarse(fee));
    assertThat(PatternKey.coarse(amount).isCoarse()).isTrue();
    assertThat(PatternKey.of(amount).isCoarse()).isFalse();
    assertThat(PatternKey.coarse(amount))
        .isNotEqualTo(PatternKey.coarse(numeric("t", "d", "r", "fee", 10_000, 9_800, 0.0, 0.1, 5.1, 0.0)));
    assertThat(PatternKey.levels(amount)).containsExactly(PatternKey.of(amount), PatternKey.coarse(amount));
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
  void keyIsStableUnderFingerprintNoise() {
    // Laplace-like noise of the size a DP fingerprint carries: shares ±0.01, counts ±2 % ±0.1, skew ±0.15, span ±0.1
    Random random = new Random(42);
    Fingerprint[] typical = {
        numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 5.0, 0.0),
        numeric("t", "d", "r", "age", 10_000, 80, 0.0, 0.2, 2.0, 0.0),
        numeric("t", "d", "r", "is_member", 10_000, 2, 0.0, 0.3, 0.0, 0.0),
        numeric("t", "d", "r", "month", 10_000, 12, 0.0, 0.0, 1.0, 0.0),
        string("t", "d", "r", "weight", 10_000, 500, 0.0, 0.0, 0.0, 1.0, 0.0, 2.0),
        string("t", "d", "r", "created", 10_000, 365, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0),
        string("t", "d", "r", "state", 10_000, 50, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
    };
    for (Fingerprint fp : typical) {
      PatternKey expected = PatternKey.of(fp);
      int same = 0;
      for (int i = 0; i < 1000; i++) {
        if (PatternKey.of(noisy(fp, random)).equals(expected)) {
          same++;
        }
      }
      assertThat(same).as("stable key of %s", expected).isGreaterThanOrEqualTo(980);
    }
  }

  @Test
  void keyIsDeterministicAndSerializable() throws Exception {
    PatternKey key = PatternKey.of(numeric("t", "d", "r", "amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0));
    assertThat(SerializationUtils.roundtrip(key)).isEqualTo(key);
    assertThat(PatternKey.of(numeric("u", "e", "s", "amount", 10_000, 9_800, 0.0, 4.2, 5.1, 0.0))).isEqualTo(key);
  }

  private static Fingerprint noisy(Fingerprint f, Random r) {
    double distinct = Math.max(0, f.distinctEstimate() * (1 + 0.02 * laplace(r)) + laplace(r) * 0.1);
    return new Fingerprint(f.tenant(), f.dataset(), f.runId(), f.partition(), f.columnIndex(), f.columnName(),
        f.sparkType(), f.typeClass(), f.typeAgreement(), f.rowCount(), clamp(f.nullFraction() + 0.01 * laplace(r)),
        distinct, clamp(distinct / f.rowCount()), f.top1Share(), f.top10Share(), f.entropyNormalized(),
        f.singletonShare(), f.numericShare(), f.mean(), f.stddev(),
        f.skewness() == null ? null : f.skewness() + 0.15 * laplace(r), f.kurtosis(), f.outlierMass(),
        f.negativeShare() == null ? null : clamp(f.negativeShare() + 0.003 * laplace(r)), f.zeroShare(),
        f.integerShare(), f.nonFiniteShare(), f.magnitudeSpan() == null ? null : f.magnitudeSpan() + 0.1 * laplace(r),
        f.quantiles(), f.meanLength(), f.stddevLength(),
        f.meanTokens() == null ? null : f.meanTokens() + 0.1 * laplace(r), f.digitCharShare(), f.alphaCharShare(),
        f.punctuationCharShare(), f.whitespaceCharShare(), noisyShare(f.numberParseShare(), r),
        noisyShare(f.dateParseShare(), r), noisyShare(f.booleanParseShare(), r), noisyShare(f.urlShare(), r),
        noisyShare(f.emailShare(), r), noisyShare(f.listShare(), r), noisyShare(f.numberWithUnitShare(), r),
        noisyShare(f.leadingZeroShare(), r), f.epsilon(), f.noiseScales(), f.lowUtility(), f.createdAt());
  }

  private static Double noisyShare(Double s, Random r) {
    return s == null ? null : clamp(s + 0.01 * laplace(r));
  }

  private static double laplace(Random r) {
    double u = r.nextDouble() - 0.5;
    return -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
