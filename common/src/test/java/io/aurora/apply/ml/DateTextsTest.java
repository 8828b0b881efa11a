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

  /**
   * The date forms the profiler counts as dates (StringShapeTest) that spreadsheets write: a month
   * without its day and two-digit years; a column recommended extract_datetime is read, not nulled.
   */
  @Test
  void readsMonthsAndTwoDigitYears() {
    assertThat(DateTexts.epochSeconds("Aug-62", "month-name-yy")).isEqualTo(utc(1962, 8, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("Mar-24", "month-name-yy")).isEqualTo(utc(2024, 3, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("Aug 1962", "month-name")).isEqualTo(utc(1962, 8, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("Aug-1962", "month-name")).isEqualTo(utc(1962, 8, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("August 1962", "month-longname")).isEqualTo(utc(1962, 8, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("2003-06", "ym-dash")).isEqualTo(utc(2003, 6, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("1939, May", "year-month-name")).isEqualTo(utc(1939, 5, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("1988, September", "year-month-longname")).isEqualTo(utc(1988, 9, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("2003/6", "ym-slash")).isEqualTo(utc(2003, 6, 1, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("2024.1.5", "ymd-dot")).isEqualTo(utc(2024, 1, 5, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("12/31/99", "mdy-slash-yy")).isEqualTo(utc(1999, 12, 31, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("31/12/05 10:15", "dmy-slash-yy")).isEqualTo(utc(2005, 12, 31, 10, 15, 0));
    assertThat(DateTexts.epochSeconds("31-Jan-24", "dmy-name-yy")).isEqualTo(utc(2024, 1, 31, 0, 0, 0));
    // a month layout never takes a full date, nor a two-digit layout a four-digit year
    assertThat(DateTexts.epochSeconds("2003-06-15", "ym-dash")).isNull();
    assertThat(DateTexts.epochSeconds("12/31/1999", "mdy-slash-yy")).isNull();
    assertThat(DateTexts.epochSeconds("Aug-13", "month-name")).isNull();
    assertThat(DateTexts.epochSeconds("Feb-30", "dmy-name-yy")).isNull();
  }

  /** Every form StringShapeTest's dates hold, with times, zones, weekdays and ordinals, is read by some layout. */
  @Test
  void everyFormTheProfilerCountsAsADateIsRead() {
    for (String text : java.util.List.of("2024-01-31T10:15:30Z", "2024-01-31 10:15", "2024-01-31T10:15:30.123+01:00",
        "2024-01-31 10:15:30 UTC", "Mon, 12 Feb 2024 10:00:00 GMT", "10:30", "10:30:15 PM", "March 3rd, 2021",
        "1/2/2020 3:04 am")) {
      assertThat(DateTexts.readableBy(text)).as(text).isNotZero();
    }
  }

  /** A time after any date layout, with am/pm, an offset or a zone name; a time alone; a weekday and an ordinal day. */
  @Test
  void readsTimesZonesWeekdaysAndOrdinalsAroundAnyDate() {
    assertThat(DateTexts.epochSeconds("2024-01-31 10:15:30 UTC", "iso")).isEqualTo(utc(2024, 1, 31, 10, 15, 30));
    assertThat(DateTexts.epochSeconds("2024-01-31 10:15:30 CET", "iso")).isEqualTo(utc(2024, 1, 31, 9, 15, 30));
    assertThat(DateTexts.epochSeconds("31 Jan 2024 10:15 PM", "dmy-name")).isEqualTo(utc(2024, 1, 31, 22, 15, 0));
    assertThat(DateTexts.epochSeconds("Jan 31, 2024 12:05 am +0200", "mdy-name")).isEqualTo(utc(2024, 1, 30, 22, 5, 0));
    assertThat(DateTexts.epochSeconds("31/12/2024 10:15:30.25 pm", "dmy-slash")).isEqualTo(utc(2024, 12, 31, 22, 15, 30));
    assertThat(DateTexts.epochSeconds("Tuesday, March 3rd, 2021", "mdy-longname")).isEqualTo(utc(2021, 3, 3, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("21st June 2020", "dmy-longname")).isEqualTo(utc(2020, 6, 21, 0, 0, 0));
    assertThat(DateTexts.epochSeconds("10:30", "time")).isEqualTo(utc(1970, 1, 1, 10, 30, 0));
    assertThat(DateTexts.epochSeconds("10:30:15 PM", "time")).isEqualTo(utc(1970, 1, 1, 22, 30, 15));
    // not times: an hour past 23, 13 o'clock pm, a zone java.time does not know, a date layout on a time alone
    assertThat(DateTexts.epochSeconds("2024-01-31 25:00", "iso")).isNull();
    assertThat(DateTexts.epochSeconds("10:30 XQZ", "time")).isNull();
    assertThat(DateTexts.epochSeconds("13:30 pm", "time")).isNull();
    assertThat(DateTexts.epochSeconds("10:30", "iso")).isNull();
    assertThat(DateTexts.epochSeconds("2024-01-31", "time")).isNull();
    assertThat(DateTexts.epochSeconds("Monthly 2024", "month-longname")).isNull();
    // a long text is no date, whatever it ends with (and costs no scan of its length)
    assertThat(DateTexts.readableBy("x ".repeat(50_000) + "2024-01-31 10:15")).isZero();
  }

  /** Every date-only form of StringShapeTest's dates is read by some layout. */
  @Test
  void everyDateOnlyFormTheProfilerCountsIsRead() {
    for (String text : java.util.List.of("2024-01-31", "2024/01/31", "2024.1.5", "31.01.2024", "1/31/2024", "12/31/99",
        "31-01-2024", "31 Jan 2024", "Jan 31, 2024", "January 31 2024", "31-Jan-24", "Aug-62", "August 1962", "2003-06", "1939, May", "1988, September")) {
      assertThat(DateTexts.readableBy(text)).as(text).isNotZero();
    }
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
