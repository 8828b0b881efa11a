package io.aurora.profile;

/**
 * Recognises dates and times written in common ways, with a hand-written scan (no regex, no
 * allocation): ISO {@code 2024-01-31[T ]10:00[:00[.000]][Z|+01:00]}, {@code 2024/01/31},
 * {@code 31.01.2024}, US {@code 1/31/2024} and {@code 1/31/24}, {@code 31-01-2024}, month names
 * ({@code 31 Jan 2024}, {@code Jan 31, 2024}, {@code January 31 2024}, {@code 31-Jan-24}), an
 * months ({@code 2003-06}, {@code Aug-62}, {@code August 1962}, {@code 1939, May}), an optional leading weekday, and
 * times alone ({@code 10:30}, {@code 10:30:15 PM}).
 */
final class DateShape {
  private static final String[] MONTHS = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final String[] MONTHS_LONG = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "sept"};
  private static final String[] WEEKDAYS = {
      "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday", "tues", "thur", "thurs"};

  private DateShape() {}

  static boolean matches(byte[] b, int s, int e) {
    if (!mayMatch(b, s, e)) {
      return false;
    }
    Cursor c = new Cursor(b, s, e);
    // optional weekday: "Mon, " / "Monday "
    int save = c.pos;
    int w = c.word();
    if (w > 0 && isWeekday(b, save, w)) {
      c.skip(',');
      c.spaces();
    } else {
      c.pos = save;
    }
    int start = c.pos;
    if (date(c) && tail(c)) {
      return true;
    }
    c.pos = start;
    return time(c) && c.spaces() >= 0 && zone(c) && c.atEnd();
  }

  /**
   * A necessary condition checked before the full scan, because most values that reach it are codes
   * and identifiers ({@code id-3f2a}, {@code A12}, {@code 12345}): a value led by letters must start
   * with a weekday or month name; one led by digits must have at most four of them, followed by a
   * date or time separator.
   */
  private static boolean mayMatch(byte[] b, int s, int e) {
    int n = 0;
    int i = s;
    int first = b[s] | 0x20;
    if (first >= 'a' && first <= 'z') {
      while (i < e && ((b[i] | 0x20) >= 'a' && (b[i] | 0x20) <= 'z')) {
        i++;
        n++;
      }
      return isWeekday(b, s, n) || isMonth(b, s, n);
    }
    while (i < e && b[i] >= '0' && b[i] <= '9') {
      i++;
      n++;
    }
    if (n == 0 || n > 4 || i == e) {
      return false;
    }
    byte sep = b[i];
    return sep == '-' || sep == '/' || sep == '.' || sep == ' ' || sep == ':'
        || (sep == ',' && n == 4 && i + 1 < e && b[i + 1] == ' '); // 1939, May
  }

  private static boolean date(Cursor c) {
    int p0 = c.pos;
    int n1 = c.digits();
    if (n1 > 0) {
      int v1 = c.value;
      if (n1 == 4) { // yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd
        byte sep = c.peek();
        if (sep == ',') { // a month: 1939, May (fivethirtyeight's and openintro's comic characters)
          c.pos++;
          if (c.spaces() < 1) {
            return false;
          }
          int from = c.pos;
          int w = c.word();
          return w > 0 && isMonth(c.b, from, w) && c.atEnd();
        }
        if (sep != '-' && sep != '/' && sep != '.') {
          return false;
        }
        c.pos++;
        if (c.digits() < 1 || c.lastLen > 2 || !month(c.value)) {
          return false;
        }
        if (c.atEnd() && sep != '.') {
          return true; // a month: 2003-06, 2003/06
        }
        if (!c.skip(sep)) {
          return false;
        }
        return c.digits() >= 1 && c.lastLen <= 2 && day(c.value);
      }
      if (n1 > 2) {
        return false;
      }
      byte sep = c.peek();
      if (sep == '-' || sep == '/' || sep == '.' || sep == ' ') {
        c.pos++;
        c.spaces();
        int p2 = c.pos;
        int n2 = c.digits();
        if (n2 > 0) { // d/m/y or m/d/y
          int v2 = c.value;
          if (sep == ' ' || n2 > 2 || !c.skip(sep)) {
            return false;
          }
          int n3 = c.digits();
          if (n3 != 2 && n3 != 4) {
            return false;
          }
          return (month(v1) && day(v2)) || (day(v1) && month(v2));
        }
        c.pos = p2;
        int w = c.word();
        if (w > 0 && isMonth(c.b, p2, w) && day(v1)) { // 31 Jan 2024, 31-Jan-24
          c.skip('.');
          c.skip(sep);
          c.spaces();
          int n3 = c.digits();
          return n3 == 2 || n3 == 4;
        }
        return false;
      }
      return false;
    }
    c.pos = p0;
    int w = c.word();
    if (w > 0 && isMonth(c.b, p0, w)) { // Jan 31, 2024 / January 31 2024
      c.skip('.');
      int afterMonth = c.pos;
      boolean dash = c.skip('-');
      c.spaces();
      int year = c.digits();
      if ((year == 4 || (year == 2 && dash)) && c.atEnd()) {
        return true; // a month: Aug-62, August 1962
      }
      c.pos = afterMonth;
      c.spaces();
      int n2 = c.digits();
      if (n2 < 1 || n2 > 2 || !day(c.value)) {
        return false;
      }
      c.skipSuffix();
      c.skip(',');
      c.spaces();
      int n3 = c.digits();
      return n3 == 4 || n3 == 2;
    }
    return false;
  }

  /** After a date: nothing, or [T| ] time [zone]. */
  private static boolean tail(Cursor c) {
    if (c.atEnd()) {
      return true;
    }
    if (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ') {
      c.pos++;
      c.spaces();
      return time(c) && c.spaces() >= 0 && zone(c) && c.atEnd();
    }
    return false;
  }

  private static boolean time(Cursor c) {
    int n = c.digits();
    if (n < 1 || n > 2 || c.value > 24 || !c.skip(':')) {
      return false;
    }
    if (c.digits() != 2 || c.value > 59) {
      return false;
    }
    if (c.skip(':')) {
      if (c.digits() != 2 || c.value > 60) {
        return false;
      }
      if (c.skip('.') || c.skip(',')) {
        if (c.digits() == 0) {
          return false;
        }
      }
    }
    int save = c.pos;
    c.spaces();
    int p = c.pos;
    int w = c.word();
    if (w == 2 && (StringShape.lower(c.b[p]) == 'a' || StringShape.lower(c.b[p]) == 'p') && StringShape.lower(c.b[p + 1]) == 'm') {
      return true;
    }
    c.pos = save;
    return true;
  }

  private static boolean zone(Cursor c) {
    if (c.atEnd()) {
      return true;
    }
    byte z = c.peek();
    if (z == 'Z' || z == 'z') {
      c.pos++;
      return true;
    }
    if (z == '+' || z == '-') {
      c.pos++;
      int n = c.digits();
      if (n == 4) {
        return true;
      }
      if (n != 2) {
        return false;
      }
      if (c.skip(':')) {
        return c.digits() == 2;
      }
      return true;
    }
    int p = c.pos;
    int w = c.word();
    return w >= 2 && w <= 4 && (c.b[p] >= 'A' && c.b[p] <= 'Z'); // UTC, GMT, CET, ...
  }

  private static boolean month(int v) {
    return v >= 1 && v <= 12;
  }

  private static boolean day(int v) {
    return v >= 1 && v <= 31;
  }

  private static final int[] MONTH_PREFIXES = prefixes(MONTHS);
  private static final int[] WEEKDAY_PREFIXES = prefixes(new String[] {"mon", "tue", "wed", "thu", "fri", "sat", "sun"});

  private static int[] prefixes(String[] words) {
    int[] out = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = (words[i].charAt(0) << 16) | (words[i].charAt(1) << 8) | words[i].charAt(2);
    }
    return out;
  }

  /** The first three letters, lower-cased, packed in an int: one comparison per candidate word. */
  private static int prefix(byte[] b, int s) {
    return (StringShape.lower(b[s]) << 16) | (StringShape.lower(b[s + 1]) << 8) | StringShape.lower(b[s + 2]);
  }

  private static boolean isMonth(byte[] b, int s, int len) {
    if (len < 3 || len > 9) {
      return false;
    }
    int p = prefix(b, s);
    for (int i = 0; i < MONTH_PREFIXES.length; i++) {
      if (MONTH_PREFIXES[i] == p) {
        return len == 3 || inList(b, s, len, MONTHS_LONG);
      }
    }
    return false;
  }

  private static boolean isWeekday(byte[] b, int s, int len) {
    if (len < 3 || len > 9) {
      return false;
    }
    int p = prefix(b, s);
    for (int w : WEEKDAY_PREFIXES) {
      if (w == p) {
        return len == 3 || inList(b, s, len, WEEKDAYS);
      }
    }
    return false;
  }

  private static boolean inList(byte[] b, int s, int len, String[] words) {
    outer:
    for (String w : words) {
      if (w.length() != len) {
        continue;
      }
      for (int i = 0; i < len; i++) {
        if (StringShape.lower(b[s + i]) != w.charAt(i)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** A position in the value with small readers; {@code value}/{@code lastLen} describe the last digit run. */
  private static final class Cursor {
    final byte[] b;
    final int end;
    int pos;
    int value;
    int lastLen;
    int digits;

    Cursor(byte[] b, int s, int e) {
      this.b = b;
      this.pos = s;
      this.end = e;
    }

    boolean atEnd() {
      return pos >= end;
    }

    byte peek() {
      return pos < end ? b[pos] : 0;
    }

    boolean skip(char ch) {
      return skip((byte) ch);
    }

    boolean skip(byte ch) {
      if (pos < end && b[pos] == ch) {
        pos++;
        return true;
      }
      return false;
    }

    int spaces() {
      int n = 0;
      while (pos < end && b[pos] == ' ') {
        pos++;
        n++;
      }
      return n;
    }

    int digits() {
      int n = 0;
      int v = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        if (n < 9) {
          v = v * 10 + (b[pos] - '0');
        }
        pos++;
        n++;
      }
      value = v;
      lastLen = n;
      digits = n;
      return n;
    }

    int word() {
      int n = 0;
      while (pos < end && ((b[pos] | 0x20) >= 'a' && (b[pos] | 0x20) <= 'z')) {
        pos++;
        n++;
      }
      return n;
    }

    /** English ordinal suffixes after a day: 1st, 2nd, 3rd, 4th. */
    void skipSuffix() {
      int p = pos;
      int w = word();
      if (w != 2) {
        pos = p;
      }
    }
  }
}
