package io.aurora.train.corpus;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a profiler would measure about string values, computed here from the corpus' five sample
 * values: the shares that become a fingerprint's string shape. Only used to build fingerprints
 * from the labelled corpus; the production profiler measures the same things over all values.
 */
final class SampleShape {
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  /** Numbers with currency, thousands separators, decimal commas, percent signs or short units. */
  private static final Pattern NUMBER_WITH_UNIT = Pattern.compile(
      "[-+]?\\(?[$€£¥₹]?\\s*[-+]?(\\d{1,3}([, .\u00a0']\\d{3})+|\\d+)([.,]\\d+)?\\)?\\s*"
          + "(%|[A-Za-z°µ/²³]{1,6}\\.?|[$€£¥₹])?");
  private static final Pattern DATE = Pattern.compile(
      "(?i)(\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}([ T]\\d{1,2}:\\d{2}.*)?"
          + "|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}([ T]\\d{1,2}:\\d{2}.*)?"
          + "|\\d{1,2}:\\d{2}(:\\d{2})?(\\s?[ap]m)?"
          + "|\\d{1,2}[- ](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?([- ,]+\\d{2,4})?"
          + "|(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? .*\\d{4}.*"
          + "|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?[- ]\\d{1,4}(,? \\d{4})?.*"
          + "|\\d{4}-\\d{2}(-\\d{2})?T.*"
          + "|\\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? \\d{2,4}.*"
          + "|(19|20)\\d{2}[-/](0?[1-9]|1[0-2]))");
  private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|yes|no|y|n|t|f");
  private static final Pattern URL = Pattern.compile(
      "(?i)(https?://|ftp://|www\\.)\\S+|[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|org|net|edu|gov|io|co|uk|de|fr)(/\\S*)?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
  private static final Pattern BRACKET_LIST = Pattern.compile("\\s*[\\[{(].*[,;].*[\\]})]\\s*");
  private static final Pattern LEADING_ZERO = Pattern.compile("0\\d+");

  final int n;
  final double number;
  final double unit;
  final double date;
  final double bool;
  final double url;
  final double email;
  final double list;
  final double leadingZero;
  final double digitChars;
  final double alphaChars;
  final double punctuationChars;
  final double whitespaceChars;
  final double integer;
  final double negative;
  final double zero;
  final Double minPositive;

  SampleShape(List<String> values) {
    int count = 0;
    int num = 0, unt = 0, dat = 0, boo = 0, ur = 0, em = 0, lst = 0, lz = 0, ints = 0, neg = 0, zer = 0;
    long chars = 0, digits = 0, alpha = 0, punct = 0, space = 0;
    Double minPos = null;
    for (String raw : values) {
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String v = raw.trim();
      count++;
      boolean plain = PLAIN_NUMBER.matcher(v).matches();
      if (plain) {
        num++;
        double d = Double.parseDouble(v);
        if (d == Math.rint(d)) {
          ints++;
        }
        if (d < 0) {
          neg++;
        }
        if (d == 0) {
          zer++;
        }
        if (d > 0 && (minPos == null || d < minPos)) {
          minPos = d;
        }
        if (LEADING_ZERO.matcher(v).matches()) {
          lz++;
        }
      } else if (NUMBER_WITH_UNIT.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)) {
        unt++;
      }
      if (!plain && DATE.matcher(v).matches()) {
        dat++;
      }
      if (BOOLEAN.matcher(v).matches()) {
        boo++;
      }
      if (URL.matcher(v).matches()) {
        ur++;
      }
      if (EMAIL.matcher(v).matches()) {
        em++;
      }
      if (isList(v)) {
        lst++;
      }
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        chars++;
        if (Character.isDigit(c)) {
          digits++;
        } else if (Character.isLetter(c)) {
          alpha++;
        } else if (Character.isWhitespace(c)) {
          space++;
        } else {
          punct++;
        }
      }
    }
    this.n = count;
    double c = Math.max(1, count);
    this.number = num / c;
    this.unit = unt / c;
    this.date = dat / c;
    this.bool = boo / c;
    this.url = ur / c;
    this.email = em / c;
    this.list = lst / c;
    this.leadingZero = lz / c;
    this.integer = num == 0 ? 0 : ints / (double) num;
    this.negative = num == 0 ? 0 : neg / (double) num;
    this.zero = num == 0 ? 0 : zer / (double) num;
    this.minPositive = minPos;
    double ch = Math.max(1, chars);
    this.digitChars = digits / ch;
    this.alphaChars = alpha / ch;
    this.punctuationChars = punct / ch;
    this.whitespaceChars = space / ch;
  }

  /**
   * Several items in one value: a bracketed sequence, or at least two separators ({@code ;} or
   * {@code |} or {@code ,}) between short items, the way a profiler's list detector decides.
   */
  static boolean isList(String v) {
    if (BRACKET_LIST.matcher(v).matches()) {
      return true;
    }
    for (String sep : new String[] {";", "|", ","}) {
      String[] parts = v.split(Pattern.quote(sep), -1);
      if (parts.length >= 2) {
        boolean shortItems = true;
        for (String p : parts) {
          String item = p.trim();
          if (item.isEmpty() || item.split("\\s+").length > 3) {
            shortItems = false;
            break;
          }
        }
        // "1,200" is a number, not a list of two items
        if (shortItems && !v.matches("[-+$€£]?[\\d,.\\s]+%?")) {
          return true;
        }
      }
    }
    return false;
  }
}
