package io.aurora.apply.ml;

import java.util.Currency;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads numbers written for people: currency symbols and codes ({@code "$1,200.50"}, {@code "12,50 €"},
 * {@code "USD 3"}), thousands separators (comma, point, space, apostrophe), a decimal comma,
 * accounting negatives ({@code "(1,200)"}), percent and per mille ({@code "45%"} → 0.45), magnitude
 * suffixes ({@code "1.2k"}, {@code "3M"}, {@code "$2bn"}) and units ({@code "12 kg"}). Pure functions
 * of the text, shared by {@link NumericParser} (fitting) and {@link NumericParserModel}.
 */
public final class NumberText {
  /** The character that separates a number's integer part from its fraction. */
  public enum DecimalMark { POINT, COMMA }

  /** A number and the unit token written after it (normalised, empty when none). */
  public record Reading(double value, String unit) {}

  private static final Set<String> CURRENCY_CODES = new HashSet<>();
  private static final Pattern UNIT = Pattern.compile("[\\p{L}µ°/²³\"'][\\p{L}µ°/²³\"' ]{0,11}");

  static {
    for (Currency c : Currency.getAvailableCurrencies()) {
      CURRENCY_CODES.add(c.getCurrencyCode());
    }
  }

  private NumberText() {}

  /** The number {@code text} writes under {@code mark}, or null when it writes none. */
  public static Reading read(String text, DecimalMark mark) {
    Parts p = split(text);
    if (p == null) {
      return null;
    }
    Double core = core(p.number, mark);
    if (core == null) {
      return null;
    }
    double value = core * p.factor * (p.negative ? -1 : 1);
    return Double.isFinite(value) ? new Reading(value, p.unit) : null;
  }

  /**
   * What {@code text} says about the column's decimal mark: +1 for a decimal comma ({@code "12,5"},
   * {@code "1.200,50"}, {@code "1.200.000"}), -1 for a decimal point, 0 when it does not tell
   * ({@code "1,200"}, {@code "12"}, not a number).
   */
  public static int decimalVote(String text) {
    Parts p = split(text);
    if (p == null) {
      return 0;
    }
    String n = p.number;
    int exp = Math.max(n.indexOf('e'), n.indexOf('E'));
    if (exp >= 0) {
      n = n.substring(0, exp);
    }
    int lastPoint = n.lastIndexOf('.');
    int lastComma = n.lastIndexOf(',');
    int points = count(n, '.');
    int commas = count(n, ',');
    if (points > 0 && commas > 0) {
      return lastComma > lastPoint ? 1 : -1;
    }
    if (commas > 1) {
      return -1;
    }
    if (points > 1) {
      return 1;
    }
    if (commas == 1) {
      return digitsAfter(n, lastComma) == 3 ? 0 : 1;
    }
    if (points == 1) {
      return digitsAfter(n, lastPoint) == 3 ? 0 : -1;
    }
    return 0;
  }

  /** The unit token of {@code text} (normalised), empty when it has none, null when it is no number. */
  public static String unit(String text) {
    Parts p = split(text);
    return p == null ? null : p.unit;
  }

  private static final class Parts {
    String number;
    boolean negative;
    double factor = 1;
    String unit = "";
  }

  private static Parts split(String text) {
    if (text == null) {
      return null;
    }
    String s = text.replace('\u2212', '-').replace('\u00a0', ' ').replace('\u202f', ' ').replace('\u2009', ' ')
        .replace('\u2007', ' ').strip();
    Parts p = new Parts();
    if (s.length() > 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') {
      p.negative = true;
      s = s.substring(1, s.length() - 1).strip();
    }
    int start = firstDigit(s);
    if (start < 0) {
      return null;
    }
    // the prefix: signs, currency symbols and codes, spaces — nothing else
    String prefix = s.substring(0, start);
    int signs = 0;
    StringBuilder rest = new StringBuilder();
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '-') {
        p.negative = !p.negative;
        signs++;
      } else if (c == '+') {
        signs++;
      } else if (c != ' ') {
        rest.append(c);
      }
    }
    if (signs > 1 || !currency(rest.toString())) {
      return null;
    }
    int end = numberEnd(s, start);
    p.number = s.substring(start, end);
    String suffix = s.substring(end);
    boolean attached = !suffix.startsWith(" ");
    suffix = suffix.strip();
    // trailing currency: "12,50 €", "100 USD", "3.5k€"
    suffix = stripTrailingCurrency(suffix);
    if (suffix.endsWith("%")) {
      p.factor = 0.01;
      suffix = suffix.substring(0, suffix.length() - 1).strip();
    } else if (suffix.endsWith("‰")) {
      p.factor = 0.001;
      suffix = suffix.substring(0, suffix.length() - 1).strip();
    }
    if (!suffix.isEmpty()) {
      double magnitude = magnitude(suffix);
      if (magnitude > 0 && (attached || suffix.length() > 1)) {
        p.factor *= magnitude;
        suffix = "";
      }
    }
    if (!suffix.isEmpty()) {
      if (!UNIT.matcher(suffix).matches()) {
        return null;
      }
      p.unit = Units.normalise(suffix);
    }
    return p;
  }

  private static int firstDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        // ".5" and ",5": the fraction mark belongs to the number
        return i > 0 && (s.charAt(i - 1) == '.' || s.charAt(i - 1) == ',') ? i - 1 : i;
      }
    }
    return -1;
  }

  /** End of the number that starts at {@code start}: digits, separators between digits, an exponent. */
  private static int numberEnd(String s, int start) {
    int i = start;
    int end = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
        end = i;
      } else if ((c == '.' || c == ',' || c == '\'' || c == '’' || c == '_' || c == ' ')
          && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)) && (i > start || c == '.' || c == ',')) {
        i++;
      } else {
        break;
      }
    }
    // exponent: 1.2e3, 5E-4
    if (end + 1 < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
      int j = end + 1;
      if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      int digits = j;
      while (j < s.length() && Character.isDigit(s.charAt(j))) {
        j++;
      }
      if (j > digits) {
        end = j;
      }
    }
    return end;
  }

  private static boolean currency(String s) {
    if (s.isEmpty()) {
      return true;
    }
    if (CURRENCY_CODES.contains(s)) {
      return true;
    }
    // "$", "€", "US$", "R$", "HK$", "CHF", "kr"
    boolean symbol = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) == Character.CURRENCY_SYMBOL) {
        symbol = true;
      } else if (!Character.isLetter(c) || i > 2) {
        return false;
      }
    }
    return symbol || s.equals("kr") || s.equals("Fr") || s.equals("zł");
  }

  private static String stripTrailingCurrency(String suffix) {
    String s = suffix;
    while (!s.isEmpty() && Character.getType(s.charAt(s.length() - 1)) == Character.CURRENCY_SYMBOL) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (s.length() >= 3 && CURRENCY_CODES.contains(s.substring(s.length() - 3))
        && (s.length() == 3 || s.charAt(s.length() - 4) == ' ')) {
      s = s.substring(0, s.length() - 3).strip();
    }
    return s;
  }

  /** 1e3, 1e6, 1e9 for k, M, bn and their spellings; 0 when {@code s} is no magnitude suffix. */
  private static double magnitude(String s) {
    return switch (s) {
      case "k", "K", "thousand" -> 1e3;
      case "M", "MM", "mn", "mio", "Mio", "million", "millions" -> 1e6;
      case "B", "bn", "bln", "billion", "billions" -> 1e9;
      default -> 0;
    };
  }

  private static Double core(String number, DecimalMark mark) {
    char decimal = mark == DecimalMark.COMMA ? ',' : '.';
    String mantissa = number;
    String exponent = "";
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    if (e >= 0) {
      mantissa = number.substring(0, e);
      exponent = number.substring(e);
    }
    int decimals = count(mantissa, decimal);
    int decimalAt = mantissa.lastIndexOf(decimal);
    if (decimals > 1) {
      // "1.200.000" under a decimal point: the marks group thousands, if every group has three digits
      if (!groupedByThree(mantissa, decimal)) {
        return null;
      }
      decimalAt = -1;
    }
    if (!wellGrouped(decimalAt >= 0 ? mantissa.substring(0, decimalAt) : mantissa)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(mantissa.length());
    for (int i = 0; i < mantissa.length(); i++) {
      char c = mantissa.charAt(i);
      if (Character.isDigit(c)) {
        sb.append(c);
      } else if (i == decimalAt) {
        sb.append('.');
      } else if (decimalAt >= 0 && i > decimalAt) {
        return null; // a group separator inside the fraction
      }
    }
    if (sb.isEmpty() || sb.toString().equals(".")) {
      return null;
    }
    try {
      return Double.parseDouble(sb + exponent);
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  /**
   * Whether the integer part's separators group digits as people do: every group after the first has
   * three digits ("1,200", "1 200 000"), or two with a last group of three ("1,00,000", Indian style).
   */
  private static boolean wellGrouped(String integer) {
    String[] groups = integer.split("[^0-9]", -1);
    if (groups.length == 1) {
      return true;
    }
    if (groups[0].isEmpty() || groups[0].length() > 3 || groups[groups.length - 1].length() != 3) {
      return false;
    }
    boolean threes = true;
    boolean twos = true;
    for (int i = 1; i < groups.length - 1; i++) {
      threes &= groups[i].length() == 3;
      twos &= groups[i].length() == 2;
    }
    return threes || twos;
  }

  private static boolean groupedByThree(String s, char separator) {
    String[] groups = s.split(Pattern.quote(String.valueOf(separator)), -1);
    for (int i = 1; i < groups.length; i++) {
      if (groups[i].length() != 3) {
        return false;
      }
    }
    return groups[0].length() >= 1 && groups[0].length() <= 3;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static int digitsAfter(String s, int at) {
    int n = 0;
    for (int i = at + 1; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
      n++;
    }
    return n;
  }
}
