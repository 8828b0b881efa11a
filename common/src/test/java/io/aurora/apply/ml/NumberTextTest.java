package io.aurora.apply.ml;

import static io.aurora.apply.ml.NumberText.DecimalMark.COMMA;
import static io.aurora.apply.ml.NumberText.DecimalMark.POINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NumberTextTest {
  private static Double value(String text, NumberText.DecimalMark mark) {
    NumberText.Reading r = NumberText.read(text, mark);
    return r == null ? null : r.value();
  }

  @Test
  void readsCurrencyAndThousandsSeparators() {
    assertThat(value("$1,200.50", POINT)).isEqualTo(1200.50);
    assertThat(value("-$1,200.50", POINT)).isEqualTo(-1200.50);
    assertThat(value("$-5", POINT)).isEqualTo(-5.0);
    assertThat(value("(1,200)", POINT)).isEqualTo(-1200.0);
    assertThat(value("US$ 3", POINT)).isEqualTo(3.0);
    assertThat(value("USD 1 000 000", POINT)).isEqualTo(1_000_000.0);
    assertThat(value("100 EUR", POINT)).isEqualTo(100.0);
    assertThat(value("1'234'567.5", POINT)).isEqualTo(1234567.5);
    assertThat(value("1,00,000", POINT)).isEqualTo(100000.0);
    assertThat(value("\u22123.5", POINT)).isEqualTo(-3.5);
    assertThat(value(".5", POINT)).isEqualTo(0.5);
    assertThat(value("1.5e3", POINT)).isEqualTo(1500.0);
  }

  @Test
  void readsADecimalComma() {
    assertThat(value("12,50 €", COMMA)).isEqualTo(12.5);
    assertThat(value("1.234,56", COMMA)).isEqualTo(1234.56);
    assertThat(value("1 234,56", COMMA)).isEqualTo(1234.56);
    assertThat(value("1.200.000", POINT)).isEqualTo(1_200_000.0);
    // the same text means another number under the other mark
    assertThat(value("1,200", POINT)).isEqualTo(1200.0);
    assertThat(value("1,200", COMMA)).isEqualTo(1.2);
  }

  @Test
  void readsPercentMagnitudesAndUnits() {
    assertThat(value("45%", POINT)).isCloseTo(0.45, within(1e-12));
    assertThat(value("2.5 ‰", POINT)).isCloseTo(0.0025, within(1e-12));
    assertThat(value("1.2k", POINT)).isEqualTo(1200.0);
    assertThat(value("$2bn", POINT)).isEqualTo(2e9);
    assertThat(value("3M", POINT)).isEqualTo(3e6);
    NumberText.Reading kg = NumberText.read("12 kg", POINT);
    assertThat(kg.value()).isEqualTo(12.0);
    assertThat(kg.unit()).isEqualTo("kg");
    assertThat(NumberText.read("5m", POINT).unit()).as("lower-case m is metres, not millions").isEqualTo("m");
    assertThat(NumberText.read("80 km/h", POINT).unit()).isEqualTo("km/h");
  }

  @Test
  void refusesWhatIsNoNumber() {
    assertThat(NumberText.read("abc", POINT)).isNull();
    assertThat(NumberText.read("", POINT)).isNull();
    assertThat(NumberText.read(null, POINT)).isNull();
    assertThat(NumberText.read("2020-01-05", POINT)).as("a date").isNull();
    assertThat(NumberText.read("12:30", POINT)).as("a time").isNull();
    assertThat(NumberText.read("12 apples and 3 pears", POINT)).isNull();
    assertThat(NumberText.read("No. 12", POINT)).isNull();
    assertThat(NumberText.read("12,5", POINT)).as("a decimal comma is not a thousands separator").isNull();
    assertThat(NumberText.read("1,2,3", POINT)).isNull();
  }

  @Test
  void votesOnTheDecimalMarkOnlyWhenTheTextTells() {
    assertThat(NumberText.decimalVote("12,5")).isEqualTo(1);
    assertThat(NumberText.decimalVote("1.234,56")).isEqualTo(1);
    assertThat(NumberText.decimalVote("1.200.000")).isEqualTo(1);
    assertThat(NumberText.decimalVote("1,234.56")).isEqualTo(-1);
    assertThat(NumberText.decimalVote("3.14")).isEqualTo(-1);
    assertThat(NumberText.decimalVote("1,200")).isZero();
    assertThat(NumberText.decimalVote("1.200")).isZero();
    assertThat(NumberText.decimalVote("42")).isZero();
    assertThat(NumberText.decimalVote("n/a")).isZero();
  }

  @Test
  void convertsUnitsWithinAFamilyOnly() {
    assertThat(Units.convert(500, "g", "kg")).isEqualTo(0.5);
    assertThat(Units.convert(2, "h", "min")).isEqualTo(120.0);
    assertThat(Units.convert(1, "gb", "mb")).isEqualTo(1000.0);
    assertThat(Units.convert(3, "", "kg")).as("a plain number is in the column's unit").isEqualTo(3.0);
    assertThat(Units.convert(3, "kg", "km")).isNaN();
    assertThat(Units.convert(3, "widgets", "kg")).isNaN();
  }
}
