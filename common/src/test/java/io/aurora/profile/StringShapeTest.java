package io.aurora.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringShapeTest {
  private final StringShape shape = new StringShape();

  private ValueKind kind(String s) {
    return shape.classify(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2024-01-31", "2024/01/31", "2024.1.5", "31.01.2024", "1/31/2024", "12/31/99", "31-01-2024",
      "2024-01-31T10:15:30Z", "2024-01-31 10:15", "2024-01-31T10:15:30.123+01:00", "2024-01-31 10:15:30 UTC",
      "31 Jan 2024", "Jan 31, 2024", "January 31 2024", "31-Jan-24", "Mon, 12 Feb 2024 10:00:00 GMT",
      "10:30", "10:30:15 PM", "March 3rd, 2021", "1/2/2020 3:04 am"})
  void recognisesDates(String value) {
    assertThat(kind(value)).as(value).isEqualTo(ValueKind.TEXT_DATE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "FALSE", "yes", "No", "y", "N", "t", "f"})
  void recognisesBooleans(String value) {
    assertThat(kind(value)).isEqualTo(ValueKind.TEXT_BOOLEAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"$1,200", "12 kg", "45%", "1 234,5", "€3.50", "12.5 km/h", "1,234,567", "£ 20", "-$5", "3,5"})
  void recognisesNumbersWithUnits(String value) {
    assertThat(kind(value)).as(value).isEqualTo(ValueKind.TEXT_NUMBER_WITH_UNIT);
  }

  @Test
  void parsesTheValueOfNumbersWithUnits() {
    kind("$1,200");
    assertThat(shape.number).isEqualTo(1200.0);
    kind("1 234,5");
    assertThat(shape.number).isEqualTo(1234.5);
    kind("45%");
    assertThat(shape.number).isEqualTo(45.0);
    kind("1.234.567,89 EUR");
    assertThat(shape.number).isCloseTo(1234567.89, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void plainNumbers() {
    assertThat(kind("42")).isEqualTo(ValueKind.TEXT_INT);
    assertThat(shape.number).isEqualTo(42.0);
    assertThat(kind("-3.25")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(shape.number).isEqualTo(-3.25);
    assertThat(kind("1.2e3")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(kind("2e3")).isEqualTo(ValueKind.TEXT_INT);
    kind("1.2e3");
    assertThat(shape.number).isEqualTo(1200.0);
    assertThat(kind(".5")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(kind("1e-5")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(shape.number).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(kind("12345678901234567890123")).isEqualTo(ValueKind.TEXT_INT);
    assertThat(shape.number).isCloseTo(1.2345678901234568e22, org.assertj.core.data.Percentage.withPercentage(1e-6));
    assertThat(kind("NaN")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(shape.number).isNaN();
    assertThat(kind("-inf")).isEqualTo(ValueKind.TEXT_FRAC);
    assertThat(shape.number).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aPlainNumberHasTheShapeTheGeneralScanGivesIt() {
    // A leading space sends a value down the general path (class count, trim, then parse); the
    // same value without it takes the plain-number fast path. Only the space may differ.
    java.util.Random random = new java.util.Random(11);
    List<String> values = new java.util.ArrayList<>(List.of("0", "7", "-1", "+5", ".5", "-.5", "1.", "0042", "-0042",
        "1e5", "1E-7", "-2.5e+10", "3.14159", "123456789012345678901234", "1.7976931348623157E308", "00.1", "1e",
        "1-2", "2024-01-31", "12 kg", "1,200", "1.2.3", "5%", "--5", "+-1", "-", "+", "."));
    for (int i = 0; i < 2000; i++) {
      values.add(random.nextBoolean() ? Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20))
          : Long.toString(random.nextLong() >> random.nextInt(64)));
    }
    for (String value : values) {
      ValueKind fast = kind(value);
      int chars = shape.chars;
      int digits = shape.digits;
      int letters = shape.letters;
      int punctuation = shape.punctuation;
      int tokens = shape.tokens;
      int whitespace = shape.whitespace;
      boolean hasNumber = shape.hasNumber;
      double number = shape.number;
      ValueKind general = kind(" " + value);
      assertThat(fast).as(value).isEqualTo(general);
      assertThat(chars).as(value).isEqualTo(shape.chars - 1);
      assertThat(digits).as(value).isEqualTo(shape.digits);
      assertThat(letters).as(value).isEqualTo(shape.letters);
      assertThat(punctuation).as(value).isEqualTo(shape.punctuation);
      assertThat(tokens).as(value).isEqualTo(shape.tokens);
      assertThat(whitespace).as(value).isEqualTo(shape.whitespace - 1);
      assertThat(hasNumber).as(value).isEqualTo(shape.hasNumber);
      if (hasNumber) {
        assertThat(number).as(value).isEqualTo(shape.number);
      }
    }
  }

  @Test
  void leadingZeroCodesAreNotNumbers() {
    assertThat(kind("01234")).isEqualTo(ValueKind.TEXT_LEADING_ZERO);
    assertThat(kind("0")).isEqualTo(ValueKind.TEXT_INT);
    assertThat(kind("0.5")).isEqualTo(ValueKind.TEXT_FRAC);
  }

  @Test
  void urlsEmailsListsMissingAndText() {
    assertThat(kind("https://example.org/a?b=c")).isEqualTo(ValueKind.TEXT_URL);
    assertThat(kind("www.example.org")).isEqualTo(ValueKind.TEXT_URL);
    assertThat(kind("jane.doe+x@mail.example.com")).isEqualTo(ValueKind.TEXT_EMAIL);
    assertThat(kind("a;b;c")).isEqualTo(ValueKind.TEXT_LIST);
    assertThat(kind("[1, 2]")).isEqualTo(ValueKind.TEXT_LIST);
    assertThat(kind("red|green")).isEqualTo(ValueKind.TEXT_LIST);
    assertThat(kind("N/A")).isEqualTo(ValueKind.MISSING_TOKEN);
    assertThat(kind("null")).isEqualTo(ValueKind.MISSING_TOKEN);
    assertThat(kind("   ")).isEqualTo(ValueKind.BLANK);
    assertThat(kind("")).isEqualTo(ValueKind.BLANK);
    assertThat(kind("The quick brown fox, 3 times.")).isEqualTo(ValueKind.TEXT_OTHER);
    assertThat(kind("ABC-123")).isEqualTo(ValueKind.TEXT_OTHER);
    assertThat(kind("a@b")).isEqualTo(ValueKind.TEXT_OTHER);
  }

  @Test
  void countsCharacterClassesAndTokensOfUtf8() {
    kind("Zürich 8001, CH");
    assertThat(shape.chars).isEqualTo(15);
    assertThat(shape.digits).isEqualTo(4);
    assertThat(shape.letters).isEqualTo(8);
    assertThat(shape.punctuation).isEqualTo(1);
    assertThat(shape.whitespace).isEqualTo(2);
    assertThat(shape.tokens).isEqualTo(3);
  }
  @Test
  void aValueInsideALargerBufferOrOffHeapHasTheShapeOfTheValueAlone() {
    String[] values = {"yes", "12 kg", "$1,200", "2024-01-31", "NA", "", "  ", "a;b;c", "the quick fox 12", "-3.25",
        "0042", "x@example.org", "https://a.example", "[1, 2]", "1e5", "nan", "héllo wörld"};
    StringShape fresh = new StringShape();
    StringShape placed = new StringShape();
    for (String value : values) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      // the value between other bytes that would change its shape if they were scanned
      byte[] padded = new byte[bytes.length + 6];
      java.util.Arrays.fill(padded, (byte) '7');
      System.arraycopy(bytes, 0, padded, 3, bytes.length);
      long address = org.apache.spark.unsafe.Platform.allocateMemory(Math.max(bytes.length, 1));
      try {
        org.apache.spark.unsafe.Platform.copyMemory(bytes, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, null, address, bytes.length);
        ValueKind want = fresh.classify(bytes);
        int[] wantCounts = {fresh.chars, fresh.digits, fresh.letters, fresh.punctuation, fresh.whitespace, fresh.tokens};
        assertThat(placed.classify(padded, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET + 3, bytes.length)).as(value).isEqualTo(want);
        assertThat(new int[] {placed.chars, placed.digits, placed.letters, placed.punctuation, placed.whitespace, placed.tokens})
            .as(value).containsExactly(wantCounts);
        assertThat(placed.classify(null, address, bytes.length)).as(value).isEqualTo(want);
        assertThat(new int[] {placed.chars, placed.digits, placed.letters, placed.punctuation, placed.whitespace, placed.tokens})
            .as(value).containsExactly(wantCounts);
      } finally {
        org.apache.spark.unsafe.Platform.freeMemory(address);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "7", "-3.25", "+12", ".5", "-.5", "1.", "1e5", "-1.5E-3", "2.5e+10", "0042", "00", "12345678901234567890123",
      "1.2.3", "1e", "1e+", "-", "--5", "5-", "12a", "1,5", "1 000", " 12", "12 ", "3.0", "1_000", "0x1F", "nan", "-inf"})
  void numbersAndNearNumbersCountLikeTheGeneralScan(String value) {
    ValueKind kind = kind(value);
    // reference counts straight from the characters
    int digits = 0;
    int letters = 0;
    int spaces = 0;
    for (char c : value.toCharArray()) {
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (Character.isLetter(c)) {
        letters++;
      } else if (c == ' ') {
        spaces++;
      }
    }
    assertThat(new int[] {shape.chars, shape.digits, shape.letters, shape.whitespace, shape.punctuation})
        .as(value).containsExactly(value.length(), digits, letters, spaces, value.length() - digits - letters - spaces);
    boolean plain = value.strip().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    if (plain) {
      assertThat(kind).as(value).isIn(ValueKind.TEXT_INT, ValueKind.TEXT_FRAC, ValueKind.TEXT_LEADING_ZERO);
      assertThat(shape.tokens).isEqualTo(1); // surrounding spaces are trimmed before parsing
      assertThat(shape.number).as(value).isCloseTo(Double.parseDouble(value), org.assertj.core.data.Percentage.withPercentage(1e-9));
    } else {
      assertThat(kind).as(value).isNotIn(ValueKind.TEXT_INT, ValueKind.TEXT_LEADING_ZERO);
    }
  }
}
