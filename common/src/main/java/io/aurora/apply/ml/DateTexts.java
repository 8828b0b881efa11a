package io.aurora.apply.ml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ways dates and times are written that {@link DatetimeFeatures} recognises, in order of
 * preference when several read a column equally well (ISO first; month-first before day-first, as
 * pandas' default). Around any layout, what the profiler reads as part of a date is read too: a
 * leading weekday, an ordinal day, a time after the date with am/pm, an offset or a zone name
 * ({@link Parts}). A text is read as the wall-clock time it writes; an offset or zone, when written,
 * turns it into UTC. Numbers are read as Unix seconds, milliseconds or digits {@code yyyymmdd[hhmm[ss]]}.
 */
public final class DateTexts {
  /** A way of writing: its name (kept in the model) and how to read its date (null: a time alone). */
  record Layout(String name, DateTimeFormatter formatter) {}

  /** A leading weekday, as the profiler accepts one before any date: "Mon, ", "Monday ". */
  private static final Pattern WEEKDAY = Pattern.compile("(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\\.?,?\\s+");
  /** An English ordinal day: 3rd, 21st. */
  private static final Pattern ORDINAL = Pattern.compile("(?i)\\b(\\d{1,2})(st|nd|rd|th)\\b");
  /**
   * A time after the date (or alone), 24-hour or with am/pm, then an offset or a zone name, as the
   * profiler accepts after any date: group 1 the date, 2-4 hour, minute, second, 5 am/pm, 6 the zone.
   */
  private static final Pattern TIME = Pattern.compile("(?i)^(.*?)(?:^|[ T])\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?"
      + "\\s*(am|pm)?\\s*(z|[+-]\\d{2}(?::?\\d{2})?|[a-z]{2,5})?$");
  private static final DateTimeFormatter ZONE_NAME = new DateTimeFormatterBuilder().parseCaseInsensitive()
      .appendPattern("z").toFormatter(Locale.ENGLISH);

  /** The longest text read as a date: longer values are text (and the regular expressions stay cheap). */
  private static final int MAX_LENGTH = 64;
  /** A two-digit year yy is 19yy from 30 on and 20yy below (the spreadsheet convention). */
  private static final int TWO_DIGIT_BASE = 1930;

  static final List<Layout> TEXT = List.of(
      layout("iso", "uuuu-M-d[['T'][' ']H:mm[:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]][XXX][X]]"),
      layout("ymd-slash", "uuuu/M/d[ H:mm[:ss]]"),
      layout("mdy-slash", "M/d/uuuu[ H:mm[:ss]]"),
      layout("mdy-slash-ampm", "M/d/uuuu h:mm[:ss] a"),
      layout("dmy-slash", "d/M/uuuu[ H:mm[:ss]]"),
      layout("dmy-dot", "d.M.uuuu[ H:mm[:ss]]"),
      layout("mdy-dash", "M-d-uuuu[ H:mm[:ss]]"),
      layout("dmy-dash", "d-M-uuuu[ H:mm[:ss]]"),
      layout("ymd-digits", "uuuuMMdd"),
      layout("dmy-name", "d[-][ ]MMM[-][ ]uuuu[ H:mm[:ss]]"),
      layout("mdy-name", "MMM d[,] uuuu[ H:mm[:ss]]"),
      layout("dmy-longname", "d MMMM uuuu"),
      layout("mdy-longname", "MMMM d[,] uuuu"),
      layout("rfc1123", "EEE, d MMM uuuu HH:mm:ss[ zzz][ XX]"),
      layout("ymd-dot", "uuuu.M.d[ H:mm[:ss]]"),
      // two-digit years, as spreadsheets write them: 00-29 are 2000-2029, 30-99 are 1930-1999
      twoDigitYear("mdy-slash-yy", "M/d/", "[ H:mm[:ss]]", false),
      twoDigitYear("dmy-slash-yy", "d/M/", "[ H:mm[:ss]]", false),
      twoDigitYear("dmy-name-yy", "d[-][ ]MMM[-][ ]", "", false),
      // a month without its day (its first day): Aug 1962, August 1962, Aug-62, 2003-06, 1939, May
      firstDay("month-name", "MMM[.][-][ ]uuuu"),
      firstDay("month-longname", "MMMM uuuu"),
      firstDay("ym-dash", "uuuu-M"),
      firstDay("ym-slash", "uuuu/M"),
      twoDigitYear("month-name-yy", "MMM[.]-", "", true),
      // the year first, then the month's name: 1939, May (fivethirtyeight's comic characters)
      firstDay("year-month-name", "uuuu, MMM"),
      firstDay("year-month-longname", "uuuu, MMMM"),
      // a time alone, on 1970-01-01 (as Spark's to_timestamp reads it): 10:30, 10:30:15 PM
      new Layout("time", null));
  /** {@link #TEXT} by name: apply resolves a fitted column's layouts for every value it reads. */
  private static final Map<String, Layout> BY_NAME = TEXT.stream()
      .collect(Collectors.toUnmodifiableMap(Layout::name, l -> l));

  private static final Layout YMD = layout("ymd", "uuuuMMdd");
  private static final Layout YMDHM = layout("ymdhm", "uuuuMMddHHmm");
  private static final Layout YMDHMS = layout("ymdhms", "uuuuMMddHHmmss");

  /** Numeric layouts, for columns typed as numbers. */
  static final List<String> NUMERIC = List.of("epoch-seconds", "epoch-millis", "ymd-number", "ymdhm-number", "ymdhms-number");

  private DateTexts() {}

  /** {@code before}, a two-digit year, {@code after}; a month's first day when {@code monthOnly}. */
  private static Layout twoDigitYear(String name, String before, String after, boolean monthOnly) {
    DateTimeFormatterBuilder b = builder(before).appendValueReduced(ChronoField.YEAR, 2, 2, TWO_DIGIT_BASE).appendPattern(after);
    return layout(name, monthOnly ? b.parseDefaulting(ChronoField.DAY_OF_MONTH, 1) : b);
  }

  /** A month written without its day, read as its first day. */
  private static Layout firstDay(String name, String pattern) {
    return layout(name, builder(pattern).parseDefaulting(ChronoField.DAY_OF_MONTH, 1));
  }

  private static Layout layout(String name, String pattern) {
    return layout(name, builder(pattern));
  }

  private static DateTimeFormatterBuilder builder(String pattern) {
    return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern);
  }

  private static Layout layout(String name, DateTimeFormatterBuilder b) {
    return new Layout(name, b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT));
  }

  /** Bit i set when text layout i reads {@code text}. */
  public static int readableBy(String text) {
    if (text == null) {
      return 0;
    }
    String s = text.strip();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return 0;
    }
    Apart parts = new Apart(s);
    int mask = 0;
    for (int i = 0; i < TEXT.size(); i++) {
      if (readText(s, parts, TEXT.get(i)) != null) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /** Unix seconds of {@code text} under the text layout named {@code layout}; null when it does not read. */
  public static Long epochSeconds(String text, String layout) {
    return epochSeconds(text, List.of(layout));
  }

  /**
   * Unix seconds of {@code text} under the first of the text layouts named {@code layouts} that reads
   * it; null when none does. The text is taken apart once, whatever the number of layouts tried.
   */
  public static Long epochSeconds(String text, List<String> layouts) {
    List<Layout> tried = new ArrayList<>(layouts.size());
    for (String name : layouts) {
      Layout l = BY_NAME.get(name);
      if (l == null) {
        throw new IllegalArgumentException("unknown date layout '" + name + "'");
      }
      tried.add(l);
    }
    if (text == null) {
      return null;
    }
    String s = text.strip();
    Apart parts = new Apart(s);
    for (Layout l : tried) {
      Long epoch = readText(s, parts, l);
      if (epoch != null) {
        return epoch;
      }
    }
    return null;
  }

  /** The {@link Parts} of a text, taken apart on first use only (most values read whole). */
  private static final class Apart {
    private final String s;
    private boolean done;
    private Parts parts;

    Apart(String s) {
      this.s = s;
    }

    Parts get() {
      if (!done) {
        parts = Parts.of(s);
        done = true;
      }
      return parts;
    }
  }

  /**
   * The layout on the whole text; else on its date part, the weekday and ordinal suffixes removed, with
   * the time written after it.
   */
  private static Long readText(String s, Apart parts, Layout layout) {
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    if (layout.formatter() != null) {
      Long whole = parse(s, layout.formatter(), LocalTime.MIDNIGHT, ZoneOffset.UTC);
      if (whole != null) {
        return whole;
      }
    }
    Parts p = parts.get();
    if (p == null) {
      return null;
    }
    if (layout.formatter() == null) {
      return p.date().isEmpty() ? LocalDateTime.of(LocalDate.EPOCH, p.time()).atZone(p.zone()).toEpochSecond() : null;
    }
    return p.date().isEmpty() || p.date().equals(s) ? null : parse(p.date(), layout.formatter(), p.time(), p.zone());
  }

  /** Unix seconds of {@code s} under {@code formatter}, at {@code time} in {@code zone} unless it writes its own. */
  private static Long parse(String s, DateTimeFormatter formatter, LocalTime time, ZoneId zone) {
    try {
      TemporalAccessor t = formatter.parse(s);
      LocalDate date = LocalDate.of(t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR), t.get(ChronoField.DAY_OF_MONTH));
      LocalTime at = t.isSupported(ChronoField.HOUR_OF_DAY)
          ? LocalTime.of(t.get(ChronoField.HOUR_OF_DAY), t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : 0,
              t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0)
          : time;
      ZoneId in = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : zone;
      return LocalDateTime.of(date, at).atZone(in).toEpochSecond();
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * A text taken apart as the profiler reads it: the date (empty for a time alone; without a leading
   * weekday or ordinal suffixes), the time written after it (midnight when none) and its zone (UTC
   * when none).
   */
  record Parts(String date, LocalTime time, ZoneId zone) {
    /** The parts of {@code s}; null when what follows the date is no time the profiler reads. */
    static Parts of(String s) {
      String t = ORDINAL.matcher(WEEKDAY.matcher(s).replaceFirst("")).replaceAll("$1");
      Matcher m = TIME.matcher(t);
      if (!m.matches()) {
        return new Parts(t, LocalTime.MIDNIGHT, ZoneOffset.UTC);
      }
      int hour = Integer.parseInt(m.group(2));
      int minute = Integer.parseInt(m.group(3));
      int second = m.group(4) == null ? 0 : Math.min(59, Integer.parseInt(m.group(4)));
      if (m.group(5) != null) {
        if (hour < 1 || hour > 12) {
          return null;
        }
        hour = hour % 12 + (m.group(5).equalsIgnoreCase("pm") ? 12 : 0);
      }
      if (hour > 23 || minute > 59) {
        return null;
      }
      ZoneId zone;
      String z = m.group(6);
      try {
        zone = z == null || z.equalsIgnoreCase("z") ? ZoneOffset.UTC
            : z.startsWith("+") || z.startsWith("-") ? ZoneOffset.of(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z)
            : ZONE_NAME.parse(z.toUpperCase(Locale.ROOT), TemporalQueries.zone());
      } catch (java.time.DateTimeException e) {
        return null; // a zone java.time does not know
      }
      return new Parts(m.group(1).strip(), LocalTime.of(hour, minute, second), zone);
    }
  }

  /** Unix seconds of the number {@code value} under the numeric layout {@code layout}; null when out of its range. */
  public static Long epochSeconds(double value, String layout) {
    if (!Double.isFinite(value)) {
      return null;
    }
    try {
      switch (layout) {
        case "epoch-seconds":
          return value >= -2.2e9 && value <= 7.3e9 ? (long) Math.floor(value) : null;
        case "epoch-millis":
          return value >= -2.2e12 && value <= 7.3e12 ? (long) Math.floor(value / 1000) : null;
        case "ymd-number":
          return digits(value, 8, YMD);
        case "ymdhm-number":
          return digits(value, 12, YMDHM);
        case "ymdhms-number":
          return digits(value, 14, YMDHMS);
        default:
          throw new IllegalArgumentException("unknown numeric date layout '" + layout + "'");
      }
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static Long digits(double value, int length, Layout layout) {
    if (value != Math.rint(value) || value < 0) {
      return null;
    }
    String s = Long.toString((long) value);
    if (s.length() != length) {
      return null;
    }
    Long epoch = parse(s, layout.formatter(), LocalTime.MIDNIGHT, ZoneOffset.UTC);
    return epoch == null || !s.startsWith("19") && !s.startsWith("20") && !s.startsWith("21") ? null : epoch;
  }

  /** year, month, day, ISO weekday (1 = Monday), hour, minute of a Unix time in UTC. */
  public static double[] fields(long epochSeconds) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    return new double[] {t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getDayOfWeek().getValue(), t.getHour(), t.getMinute()};
  }
}
