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
      "10:30", "10:30:15 PM", "March 3rd, 2021", "1/2/2020 3:04 am", "Aug-62", "August 1962", "2003-06", "1939, May",
      "1988, September"})
  void recognisesDates(String value) {
    assertThat(kind(value)).as(value).isEqualTo(ValueKind.TEXT_DATE);
  }

  /** Look-alikes of the month forms that are not dates. */
  @ParameterizedTest
  @ValueSource(strings = {"1939, Mayor", "1939, 5", "1939,May", "1939, May 5th apartment", "Augustus 1962", "2003-13"})
  void monthLookAlikesAreNotDates(String value) {
    assertThat(kind(value)).as(value).isNotEqualTo(ValueKind.TEXT_DATE);
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

  /** Everything a classification gives the tally: kind, counts, and the number's bits when there is one. */
  private static String result(StringShape shape, ValueKind kind) {
    return kind + " chars=" + shape.chars + " digits=" + shape.digits + " letters=" + shape.letters + " punctuation="
        + shape.punctuation + " whitespace=" + shape.whitespace + " tokens=" + shape.tokens
        + (shape.hasNumber ? " number=" + Double.doubleToRawLongBits(shape.number) : " no number");
  }

  /**
   * Holds every fast path (plain numbers, ISO dates, the eight-bytes-at-a-time count) to the general
   * path: the same kind, counts and number bits for each value, wherever it lies in its buffer (the
   * last partial word is read from before the value, after it, or byte by byte at the start of a
   * short array) and when it is off-heap.
   */
  private static void assertFastPathsMatchTheGeneralPath(List<byte[]> values, long seed) {
    StringShape fast = new StringShape();
    StringShape general = new StringShape();
    java.util.Random random = new java.util.Random(seed);
    for (byte[] value : values) {
      String label = new String(value, StandardCharsets.UTF_8) + " " + java.util.Arrays.toString(value);
      String want = result(general, general.classifyGenerally(value));
      assertThat(result(fast, fast.classify(value))).as(label).isEqualTo(want);
      for (int before : new int[] {1, 7, 8, 13}) {
        for (int after : new int[] {0, 3, 9}) {
          byte[] placed = new byte[before + value.length + after];
          random.nextBytes(placed);
          System.arraycopy(value, 0, placed, before, value.length);
          ValueKind kind = fast.classify(placed, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET + before, value.length);
          assertThat(result(fast, kind)).as(label + " at " + before + "/" + after).isEqualTo(want);
        }
      }
      long address = org.apache.spark.unsafe.Platform.allocateMemory(Math.max(value.length, 1));
      try {
        org.apache.spark.unsafe.Platform.copyMemory(value, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, null, address, value.length);
        assertThat(result(fast, fast.classify(null, address, value.length))).as(label + " off-heap").isEqualTo(want);
      } finally {
        org.apache.spark.unsafe.Platform.freeMemory(address);
      }
    }
  }

  private static List<byte[]> utf8(List<String> values) {
    List<byte[]> out = new java.util.ArrayList<>();
    for (String value : values) {
      out.add(value.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String pick(java.util.Random random, String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  @Test
  void plainNumbersOfAnyLengthGetTheGeneralParse() {
    java.util.Random random = new java.util.Random(5);
    List<String> values = new java.util.ArrayList<>(List.of("0", "00", "0.", ".0", "-0", "+0.0", "1.", "-.5", "0042", "-0042",
        "123456789012345678", "1234567890123456789", "12345678.9012345678", "1234567890.123456789", "0.000000000000000000001",
        "000000000000000000001", "99999999999999999999", "18446744073709551616", "9223372036854775807", "9223372036854775808",
        "1e400", "1e-400", "1e99999", "2e22", "2e23", "1.5e1", "15e-1", "1E+0", "1e", "1e+", "1e-", "1.2.3", "12345678.",
        "87654321.12345678", "1234567a", "12345678a", "1234.5678e9", "nan", "NaN", "-inf", "+Infinity", "infinity", "in",
        "n", "-", "+", ".", "-.", "+-1", "--1", "1-", "1 ", "١٢٣", "12\u0660", "4.9e-324", "1.7976931348623157E308"));
    for (int i = 0; i < 20_000; i++) {
      switch (random.nextInt(4)) {
        case 0 -> values.add(Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30)));
        case 1 -> values.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        case 2 -> {
          // digit strings around the 8-digit words and the 18-digit limit, with a dot, sign and exponent
          String digits = pick(random, random.nextInt(4) == 0 ? "0" + "0123456789" : "0123456789", 1 + random.nextInt(24));
          int dot = random.nextInt(digits.length() + 2);
          String number = dot <= digits.length() && random.nextBoolean() ? digits.substring(0, dot) + "." + digits.substring(dot) : digits;
          String sign = random.nextInt(3) == 0 ? (random.nextBoolean() ? "-" : "+") : "";
          String exponent = random.nextInt(4) == 0 ? "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(400) : "";
          values.add(sign + number + exponent);
        }
        default -> values.add(pick(random, "0123456789.eE+-", 1 + random.nextInt(22)));
      }
    }
    List<byte[]> bytes = utf8(values);
    // bytes of 0xFA and above carry out of the eight-digit test: the digits after them must still end the run
    for (int at = 0; at < 12; at++) {
      for (int high : new int[] {0x80, 0xB9, 0xFA, 0xFF}) {
        byte[] value = "1234567890.12".getBytes(StandardCharsets.US_ASCII);
        value[at % value.length] = (byte) high;
        bytes.add(value);
      }
    }
    assertFastPathsMatchTheGeneralPath(bytes, 6);
  }

  @Test
  void isoDatesAndTimestampsGetTheGeneralDateGrammar() {
    java.util.Random random = new java.util.Random(7);
    List<String> values = new java.util.ArrayList<>(List.of("2024-01-31", "2024-00-31", "2024-13-01", "2024-12-00", "2024-12-32",
        "2024-1-31", "2024-01-3", "2024-01-311", "20240-01-31", "2024-01-31T", "2024-01-31 ", " 2024-01-31", "2024-01-31T10",
        "2024-01-31T10:1", "2024-01-31T10:15", "2024-01-31t10:15", "2024-01-31 10:15", "2024-01-31  10:15", "2024-01-31T1:15",
        "2024-01-31T24:59:60", "2024-01-31T25:00", "2024-01-31T10:60", "2024-01-31T10:15:61", "2024-01-31T10:15:3",
        "2024-01-31T10:15:301", "2024-01-31T10:15:30.", "2024-01-31T10:15:30.1", "2024-01-31T10:15:30,123456789",
        "2024-01-31T10:15:30.000Z", "2024-01-31T10:15:30Zz", "2024-01-31T10:15z", "2024-01-31T10:15+01", "2024-01-31T10:15+0100",
        "2024-01-31T10:15+01:00", "2024-01-31T10:15-05:00", "2024-01-31T10:15+1", "2024-01-31T10:15+010", "2024-01-31T10:15+01:0",
        "2024-01-31T10:15+01:000", "2024-01-31T10:15+01:00Z", "2024-01-31T10:15 UTC", "2024-01-31 10:15 PM", "2024-01-31T10:15:30 Z",
        "2024-01-31T10:15.5", "2024-01-31T10:15:30.5+01:00", "2024-01-31x", "2024-01-31T10:15:30.000Z ", "2020-12-16T20:56:00.000Z",
        "2024/01/31", "2024-01-31T10:15:30.000Zé", "2024-01-31T10:15:30+05:30é"));
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder(String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(15), random.nextInt(35)));
      if (random.nextInt(5) > 0) {
        value.append("Tt ".charAt(random.nextInt(3))).append(String.format("%02d:%02d", random.nextInt(27), random.nextInt(62)));
        if (random.nextBoolean()) {
          value.append(String.format(":%02d", random.nextInt(63)));
          if (random.nextBoolean()) {
            value.append(random.nextBoolean() ? '.' : ',').append(pick(random, "0123456789", random.nextInt(10)));
          }
        }
        switch (random.nextInt(5)) {
          case 0 -> value.append(random.nextBoolean() ? "Z" : "z");
          case 1 -> value.append(random.nextBoolean() ? '+' : '-').append(pick(random, "0123456789", 1 + random.nextInt(5)));
          case 2 -> value.append(random.nextBoolean() ? '+' : '-').append(pick(random, "0123456789", 2)).append(':')
              .append(pick(random, "0123456789", random.nextInt(4)));
          default -> { }
        }
      }
      if (random.nextInt(4) == 0) {
        // one byte changed, dropped or added anywhere: the near misses must fall back, not be misread
        int at = random.nextInt(value.length());
        String noise = "0123456789-:Tt Zz+.,/ap";
        switch (random.nextInt(3)) {
          case 0 -> value.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
          case 1 -> value.deleteCharAt(at);
          default -> value.insert(at, noise.charAt(random.nextInt(noise.length())));
        }
      }
      values.add(value.toString());
    }
    assertFastPathsMatchTheGeneralPath(utf8(values), 8);
  }

  @Test
  void theEightBytesAtATimeCountMatchesTheByteByByteCount() {
    java.util.Random random = new java.util.Random(9);
    List<byte[]> values = new java.util.ArrayList<>(utf8(List.of("", " ", "\t", "  a  ", "a b", " a b ", "id-1A2B3C4D", "$12,345",
        "the red fox number 154 jumped over it", "a;b;c", "x|y", "a@b.example", "@@", "\u007f\u0001", "Zürich 8001, CH", "€3.50",
        "héllo wörld", "[1, 2]", "{a}", "12 kg", "66.1 kg", "N/A", "yes", "https://example.org/a?b=c ", "a\tb\nc\rd\13e\14f")));
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    String ascii = all.toString();
    for (int i = 0; i < 20_000; i++) {
      int length = random.nextInt(41);
      switch (random.nextInt(4)) {
        case 0 -> values.add(pick(random, ascii, length).getBytes(StandardCharsets.US_ASCII));
        case 1 -> values.add(pick(random, "aZ09 @;|.-\t", length).getBytes(StandardCharsets.US_ASCII));
        case 2 -> values.add(pick(random, "ab 1é€ü;", length).getBytes(StandardCharsets.UTF_8));
        default -> {
          // any bytes, invalid UTF-8 included (lone continuation bytes after spaces keep the token state)
          byte[] bytes = new byte[length];
          for (int j = 0; j < length; j++) {
            bytes[j] = (byte) (random.nextInt(5) == 0 ? 0x80 + random.nextInt(0x80) : " a1.;\t".charAt(random.nextInt(6)));
          }
          values.add(bytes);
        }
      }
    }
    assertFastPathsMatchTheGeneralPath(values, 10);
  }
}
