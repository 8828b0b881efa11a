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
  void tokensSplitCamelCaseAndSeparators() {
    assertThat(ColumnNameKind.tokens("totalAmount_USD")).containsExactly("total", "amount", "usd");
  }
}
