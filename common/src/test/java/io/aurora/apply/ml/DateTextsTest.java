package io.aurora.apply.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateTextsTest {
  private static long utc(int y, int mo, int d, int h, int mi, int s) {
    return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC);
  }

  private static boolean reads(String text, String layout) {
    int bit = DateTexts.TEXT.stream().map(DateTexts.Layout::name).toList().indexOf(layout);
    return (DateTexts.readableBy(text) & (1 << bit)) != 0;
  }

  @Test
  void readsCommonLayouts() {
    assertThat(DateTexts.epochSeconds("2021-03-04", "iso")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("2021-03-04T05:06:07", "iso")).isEqualTo(utc(2021, 3, 4, 5, 6, 7));
    assertThat(DateTexts.epochSeconds("2021-03-04 05:06:07.5", "iso")).isEqualTo(utc(2021, 3, 4, 5, 6, 7));
    assertThat(DateTexts.epochSeconds("2021-03-04T05:06:07+02:00", "iso")).as("an offset turns into UTC")
        .isEqualTo(utc(2021, 3, 4, 3, 6, 7));
    assertThat(DateTexts.epochSeconds("3/4/2021", "mdy-slash")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("3/4/2021", "dmy-slash")).isEqualTo(utc(2021, 4, 3, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("04.03.2021 10:15", "dmy-dot")).isEqualTo(utc(2021, 3, 4, 10, 15, 0));
    assertThat(DateTexts.epochSeconds("Mar 4, 2021", "mdy-name")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("4 March 2021", "dmy-longname")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("20210304", "ymd-digits")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
  }

  @Test
  void aDayAbove12TellsDayFirstFromMonthFirst() {
    assertThat(reads("13/04/2021", "dmy-slash")).isTrue();
    assertThat(reads("13/04/2021", "mdy-slash")).isFalse();
    assertThat(reads("04/13/2021", "mdy-slash")).isTrue();
    assertThat(reads("04/13/2021", "dmy-slash")).isFalse();
  }

  @Test
  void refusesImpossibleDatesAndOtherText() {
    assertThat(DateTexts.epochSeconds("2021-02-30", "iso")).isNull();
    assertThat(DateTexts.readableBy("hello")).isZero();
    assertThat(DateTexts.readableBy("12.5")).isZero();
    assertThat(DateTexts.readableBy(null)).isZero();
  }

  @Test
  void readsNumbersByMagnitude() {
    assertThat(DateTexts.epochSeconds(1_614_830_400d, "epoch-seconds")).isEqualTo(1_614_830_400L);
    assertThat(DateTexts.epochSeconds(1_614_830_400_123d, "epoch-millis")).isEqualTo(1_614_830_400L);
    assertThat(DateTexts.epochSeconds(20210304d, "ymd-number")).isEqualTo(utc(2021, 3, 4, 0, 0, 0));
    assertThat(DateTexts.epochSeconds(20211304d, "ymd-number")).as("month 13").isNull();
    assertThat(DateTexts.epochSeconds(1_614_830_400_123d, "epoch-seconds")).as("milliseconds are out of the seconds' range").isNull();
  }

  @Test
  void fieldsAreUtcWithIsoWeekdays() {
    // 2021-03-04 was a Thursday
    assertThat(DateTexts.fields(utc(2021, 3, 4, 5, 6, 7))).containsExactly(2021, 3, 4, 4, 5, 6);
  }
}
