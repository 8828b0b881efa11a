package io.aurora.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnNameKindTest {
  @Test
  void namesFollowTheirConventions() {
    assertThat(ColumnNameKind.of("1984")).isEqualTo(ColumnNameKind.YEAR);
    assertThat(ColumnNameKind.of("2010 [YR2010]")).isEqualTo(ColumnNameKind.YEAR);
    assertThat(ColumnNameKind.of("customerId")).isEqualTo(ColumnNameKind.ID);
    assertThat(ColumnNameKind.of("user_id")).isEqualTo(ColumnNameKind.ID);
    assertThat(ColumnNameKind.of("zip_code")).isEqualTo(ColumnNameKind.CODE);
    assertThat(ColumnNameKind.of("is_active")).isEqualTo(ColumnNameKind.FLAG);
    assertThat(ColumnNameKind.of("created_at")).isEqualTo(ColumnNameKind.DATE);
    assertThat(ColumnNameKind.of("birthYear")).isEqualTo(ColumnNameKind.DATE);
    assertThat(ColumnNameKind.of("product description")).isEqualTo(ColumnNameKind.TEXT);
    assertThat(ColumnNameKind.of("totalAmount")).isEqualTo(ColumnNameKind.QUANTITY);
    assertThat(ColumnNameKind.of("Vehicle Type")).isEqualTo(ColumnNameKind.GROUP);
    assertThat(ColumnNameKind.of("CODIGO_CARGO")).isEqualTo(ColumnNameKind.CODE);
    assertThat(ColumnNameKind.of("q29FrameLoveBackboneDotjs")).isEqualTo(ColumnNameKind.CRYPTIC);
    assertThat(ColumnNameKind.of("s1p4pest")).isEqualTo(ColumnNameKind.CRYPTIC);
    assertThat(ColumnNameKind.of("q22LangProfOther")).isEqualTo(ColumnNameKind.CRYPTIC);
    assertThat(ColumnNameKind.of("Brooklyn Bridge")).isEqualTo(ColumnNameKind.OTHER);
    assertThat(ColumnNameKind.of("")).isEqualTo(ColumnNameKind.OTHER);
  }

  @Test
  void countsAreToldFromIdentifyingNumbers() {
    // "how many" first, a count word or a plural last: a count
    assertThat(ColumnNameKind.of("Number of bedrooms")).isEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("num_speaker")).isEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("NumFloors")).isEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("waitlist_count")).isEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("AwayGoals")).isEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("Rooms")).isEqualTo(ColumnNameKind.COUNT);
    // counting phones is no phone number
    assertThat(ColumnNameKind.of("Number of Cellular phone")).isEqualTo(ColumnNameKind.COUNT);
    // a number that names one thing is a code
    assertThat(ColumnNameKind.of("InvoiceNo")).isEqualTo(ColumnNameKind.CODE);
    assertThat(ColumnNameKind.of("license_number")).isEqualTo(ColumnNameKind.CODE);
    assertThat(ColumnNameKind.of("ActCostMethCode_GASB")).isEqualTo(ColumnNameKind.CODE);
    // not plurals, or codebook names ending in an s
    assertThat(ColumnNameKind.of("Status")).isNotEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("Business")).isNotEqualTo(ColumnNameKind.COUNT);
    assertThat(ColumnNameKind.of("s1p2c4lives")).isEqualTo(ColumnNameKind.CRYPTIC);
    assertThat(ColumnNameKind.of("totalAmount")).isEqualTo(ColumnNameKind.QUANTITY);
  }

  @Test
  void camelCaseIdSuffixIsCaseSensitive() {
    assertThat(ColumnNameKind.of("customerId")).isEqualTo(ColumnNameKind.ID);
    assertThat(ColumnNameKind.of("CAMERA ID")).isEqualTo(ColumnNameKind.ID);
    // "paid", "valid" end in i-d but name no identifier
    assertThat(ColumnNameKind.of("PercentReqContPaid")).isNotEqualTo(ColumnNameKind.ID);
    assertThat(ColumnNameKind.of("valid")).isNotEqualTo(ColumnNameKind.ID);
  }

  @Test
  void tokensSplitCamelCaseAndSeparators() {
    assertThat(ColumnNameKind.tokens("totalAmount_USD")).containsExactly("total", "amount", "usd");
  }
}
