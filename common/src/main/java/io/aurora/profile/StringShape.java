package io.aurora.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.spark.unsafe.Platform;

/**
 * Classifies one string value (UTF-8 bytes) in a hand-written scan: character classes, tokens, and
 * what it parses as (boolean, number, date, URL, e-mail, list, number with unit). One instance per
 * column and task, reused for every value; it holds the last value's shape only until the next call
 * and never the value itself. Repeated values are classified once by {@link StringTally}.
 */
final class StringShape {
  // Results of the last classify() call.
  int chars;
  int digits;
  int letters;
  int punctuation;
  int whitespace;
  int tokens;
  ValueKind kind;
  /** The number the value denotes when {@link #hasNumber} (plain, or parsed from a number with unit). */
  double number;
  boolean hasNumber;

  private byte[] buffer = new byte[64];

  private int ats;
  /** Digits (mantissa and exponent) of the last plain number parsed, and whether it had an exponent. */
  private int numberDigits;
  private boolean numberHasExponent;
  private int separators;

  private static final byte OTHER = 0;
  private static final byte DIGIT = 1;
  private static final byte LETTER = 2;
  private static final byte SPACE = 3;
  private static final byte PUNCTUATION = 4;
  private static final byte AT = 5;
  private static final byte SEPARATOR = 6;
  private static final byte CONTINUATION = 7;
  /** Character class of every byte value: one table lookup per byte instead of a chain of tests. */
  private static final byte[] CLASS = new byte[256];
  private static final int CLASSES = 8;
  /** Per class: 1 if a byte of it starts a token after a space. */
  private static final int[] STARTS_TOKEN = {1, 1, 1, 0, 1, 1, 1, 0};
  /** Per class: 1 if it keeps the after-a-space state of the byte before it (continuation bytes). */
  private static final int[] KEEPS_STATE = {0, 0, 0, 0, 0, 0, 0, 1};
  /** Per class: 1 for spaces. */
  private static final int[] IS_SPACE = {0, 0, 0, 1, 0, 0, 0, 0};
  private final int[] classCounts = new int[CLASSES];

  static {
    for (int c = 0; c < 256; c++) {
      byte cls;
      if (c >= '0' && c <= '9') {
        cls = DIGIT;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0) {
        cls = LETTER; // non-ASCII lead bytes: letters of other scripts, mostly
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) {
        cls = SPACE;
      } else if (c >= 0x80) {
        cls = CONTINUATION;
      } else if (c == '@') {
        cls = AT;
      } else if (c == ';' || c == '|') {
        cls = SEPARATOR;
      } else if (c > ' ' && c < 0x7F) {
        cls = PUNCTUATION;
      } else {
        cls = OTHER;
      }
      CLASS[c] = cls;
    }
  }

  ValueKind classify(Object base, long offset, int numBytes) {
    if (base instanceof byte[] bytes) {
      // on-heap value (CSV rows, most Parquet strings): scan it where it is
      int from = (int) (offset - Platform.BYTE_ARRAY_OFFSET);
      return classify(bytes, from, from + numBytes);
    }
    if (buffer.length < numBytes) {
      buffer = new byte[Math.max(numBytes, buffer.length * 2)];
    }
    Platform.copyMemory(base, offset, buffer, Platform.BYTE_ARRAY_OFFSET, numBytes);
    return classify(buffer, 0, numBytes);
  }

  ValueKind classify(byte[] bytes) {
    return classify(bytes, 0, bytes.length);
  }

  /**
   * As {@link #classify(byte[])} through the general path only: no fast path (plain numbers, ISO
   * dates, eight bytes at a time), the reference the tests hold every fast path to.
   */
  ValueKind classifyGenerally(byte[] bytes) {
    return classify(bytes, 0, bytes.length, false);
  }

  private ValueKind classify(byte[] b, int from, int to) {
    return classify(b, from, to, true);
  }

  private ValueKind classify(byte[] b, int from, int to, boolean fast) {
    chars = 0;
    digits = 0;
    letters = 0;
    punctuation = 0;
    hasNumber = false;
    boolean failedAsNumber = false;
    if (fast && to - from > 0 && startsLikeANumber(b, from, to)) {
      // Fast path for ISO dates and timestamps, values that rarely repeat (event times): a fixed
      // layout checked in place instead of the class count and the general date grammar. Checked
      // before the number parse: no plain number has a dash at both the fifth and the eighth byte.
      if (to - from >= 10 && b[from + 4] == '-' && b[from + 7] == '-' && isIsoDate(b, from, to)) {
        kind = ValueKind.TEXT_DATE;
        return kind;
      }
      // Fast path for plain numbers, the most common values that never repeat (measurements,
      // amounts, coordinates as text): one parse instead of the class count and then the parse. A
      // plain number is ASCII without spaces, so its character counts follow from the parse: the
      // digits, one letter for an exponent, and signs and the dot as punctuation. Anything else
      // (dates, codes, numbers with units) fails the parse early and takes the general path.
      int number = parsePlainNumber(b, from, to);
      if (number != NOT_A_NUMBER) {
        chars = to - from;
        tokens = 1;
        whitespace = 0;
        ats = 0;
        separators = 0;
        digits = numberDigits;
        letters = numberHasExponent ? 1 : 0;
        punctuation = chars - digits - letters;
        kind = numberKind(number);
        return kind;
      }
      failedAsNumber = true;
    }
    if (!fast || !countAscii(b, from, to)) {
      countEachByte(b, from, to);
    }
    int s = from;
    int e = to;
    if (whitespace > 0) { // without spaces there is nothing to trim
      while (s < e && isSpace(b[s])) {
        s++;
      }
      while (e > s && isSpace(b[e - 1])) {
        e--;
      }
    }
    // untrimmed, the value is exactly the one the fast path already failed to parse
    kind = kindOf(b, s, e, failedAsNumber && s == from && e == to, fast);
    return kind;
  }

  /**
   * Counts the character classes and tokens one byte at a time (any UTF-8). Branch-free per class:
   * codes and identifiers mix digits and letters at random, where a switch per byte mispredicts
   * often. A token starts at a byte that is neither a space nor a UTF-8 continuation byte, right
   * after a space (or at the start); a continuation byte keeps the state of its lead byte.
   */
  private void countEachByte(byte[] b, int from, int to) {
    int[] counts = classCounts;
    java.util.Arrays.fill(counts, 0);
    int afterSpace = 1;
    int tokenCount = 0;
    for (int i = from; i < to; i++) {
      int cls = CLASS[b[i] & 0xff];
      counts[cls]++;
      tokenCount += afterSpace & STARTS_TOKEN[cls];
      afterSpace = (afterSpace & KEEPS_STATE[cls]) | IS_SPACE[cls];
    }
    tokens = tokenCount;
    chars = (to - from) - counts[CONTINUATION];
    whitespace = counts[SPACE];
    digits = counts[DIGIT];
    letters = counts[LETTER];
    ats = counts[AT];
    separators = counts[SEPARATOR];
    punctuation = counts[PUNCTUATION] + ats + separators;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;

  /**
   * The counts of {@link #countEachByte} for an ASCII value, eight bytes at a time (SWAR: each
   * class test gives the high bit of every byte that is in it, and a population count adds them);
   * false, with nothing set, at the first byte of 0x80 or above.
   */
  private boolean countAscii(byte[] b, int from, int to) {
    int digitCount = 0;
    int letterCount = 0;
    int printable = 0;
    int spaceCount = 0;
    int atCount = 0;
    int separatorCount = 0;
    int tokenCount = 0;
    long afterSpace = 0x80; // the high bit of byte 0: the value starts as if after a space
    for (int i = from; i < to; i += 8) {
      long w = word(b, i, to);
      int left = to - i;
      long valid = left >= 8 ? HIGH : HIGH & (-1L >>> (8 * (8 - left)));
      if ((w & HIGH) != 0) {
        return false;
      }
      long space = equal(w, ' ') | inRange(w, 0x09, 0x0D);
      digitCount += Long.bitCount(inRange(w, '0', '9'));
      letterCount += Long.bitCount(inRange(w | (ONES * 0x20), 'a', 'z'));
      printable += Long.bitCount(inRange(w, 0x21, 0x7E));
      spaceCount += Long.bitCount(space);
      atCount += Long.bitCount(equal(w, '@'));
      separatorCount += Long.bitCount(equal(w, ';') | equal(w, '|'));
      tokenCount += Long.bitCount(valid & ~space & ((space << 8) | afterSpace));
      afterSpace = space >>> 56;
    }
    chars = to - from;
    digits = digitCount;
    letters = letterCount;
    whitespace = spaceCount;
    punctuation = printable - digitCount - letterCount; // '@', ';' and '|' included, as in the byte count
    ats = atCount;
    separators = separatorCount;
    tokens = tokenCount;
    return true;
  }

  /**
   * The bytes {@code b[i..to)}, at most eight, as a little-endian word ({@code b[i]} lowest), with
   * zero bytes past {@code to}. A last partial word is read from the eight bytes before {@code to}
   * (the bytes before {@code i} shifted out) or at {@code i} (those after {@code to} masked out),
   * whichever the array holds; only a value shorter than eight bytes at the end of an array shorter
   * than eight bytes is put together byte by byte. {@code i < to}.
   */
  private static long word(byte[] b, int i, int to) {
    int left = to - i;
    if (left >= 8) {
      return (long) LONGS.get(b, i);
    }
    int unused = 8 * (8 - left);
    if (to >= 8) {
      return (long) LONGS.get(b, to - 8) >>> unused;
    }
    if (i + 8 <= b.length) {
      return (long) LONGS.get(b, i) & (-1L >>> unused);
    }
    long w = 0;
    for (int j = to - 1; j >= i; j--) {
      w = (w << 8) | (b[j] & 0xFF);
    }
    return w;
  }

  /** The high bit of each byte of ASCII {@code w} that lies in {@code [lo, hi]} (no carry crosses a byte). */
  private static long inRange(long w, int lo, int hi) {
    return (w + ONES * (0x80 - lo)) & ~(w + ONES * (0x7F - hi)) & HIGH;
  }

  /** The high bit of each byte of ASCII {@code w} equal to {@code c}. */
  private static long equal(long w, int c) {
    return ~((w ^ (ONES * c)) + ONES * 0x7F) & HIGH;
  }

  /**
   * True, with the counts set, for {@code yyyy-mm-dd}, alone or followed by {@code T} or one space
   * and {@code hh:mm[:ss[.f…]]} with an optional zone {@code Z}, {@code ±hh}, {@code ±hhmm},
   * {@code ±hh:mm}, and month, day and time in the ranges {@link DateShape} accepts: a strict subset
   * of what it accepts, checked in place. False sends the value on to the general path, so a layout
   * left out here is still classified, only more slowly. The caller has checked the two dashes and
   * that the value has at least ten bytes and starts like a number.
   */
  private boolean isIsoDate(byte[] b, int from, int to) {
    int month = twoDigits(b, from + 5);
    int day = twoDigits(b, from + 8);
    if (twoDigits(b, from) < 0 || twoDigits(b, from + 2) < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      return false;
    }
    int digitCount = 8;
    int letterCount = 0;
    int spaceCount = 0;
    int p = from + 10;
    if (p < to) {
      byte separator = b[p];
      if (separator == 'T' || separator == 't') {
        letterCount++;
      } else if (separator == ' ') {
        spaceCount++;
      } else {
        return false;
      }
      if (to - p < 6 || b[p + 3] != ':') {
        return false;
      }
      int hour = twoDigits(b, p + 1);
      int minute = twoDigits(b, p + 4);
      if (hour < 0 || hour > 24 || minute < 0 || minute > 59) {
        return false;
      }
      digitCount += 4;
      p += 6;
      if (p < to && b[p] == ':') {
        if (to - p < 3) {
          return false;
        }
        int second = twoDigits(b, p + 1);
        if (second < 0 || second > 60) {
          return false;
        }
        digitCount += 2;
        p += 3;
        if (p < to && (b[p] == '.' || b[p] == ',')) {
          int fraction = ++p;
          p = skipDigits(b, p, to);
          if (p == fraction) {
            return false;
          }
          digitCount += p - fraction;
        }
      }
      if (p < to) {
        byte zone = b[p];
        if (zone == 'Z' || zone == 'z') {
          letterCount++;
          p++;
        } else if (zone == '+' || zone == '-') {
          int hours = ++p;
          p = skipDigits(b, p, to);
          int n = p - hours;
          if (n == 2 && p < to && b[p] == ':') {
            int minutes = ++p;
            p = skipDigits(b, p, to);
            if (p - minutes != 2) {
              return false;
            }
            n += 2;
          } else if (n != 2 && n != 4) {
            return false;
          }
          digitCount += n;
        } else {
          return false;
        }
      }
      if (p != to) {
        return false;
      }
    }
    chars = to - from;
    digits = digitCount;
    letters = letterCount;
    whitespace = spaceCount;
    punctuation = chars - digitCount - letterCount - spaceCount;
    tokens = 1 + spaceCount;
    ats = 0;
    separators = 0;
    return true;
  }

  /** The two ASCII digits at {@code i} as a number, or -1. */
  private static int twoDigits(byte[] b, int i) {
    int high = b[i] - '0';
    int low = b[i + 1] - '0';
    return (high | low) >= 0 && high <= 9 && low <= 9 ? high * 10 + low : -1;
  }

  private static int skipDigits(byte[] b, int i, int e) {
    while (i < e && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private ValueKind kindOf(byte[] b, int s, int e, boolean failedAsNumber, boolean fast) {
    int len = e - s;
    if (len == 0) {
      return ValueKind.BLANK;
    }
    int lead = lower(b[s]);
    // every missing token and boolean word starts with one of these characters: skip the lists otherwise
    if (len <= 6 && (lead == 'n' || lead == 't' || lead == 'f' || lead == 'y' || lead == '-' || lead == '?' || lead == '#' || lead == '<')) {
      if (isMissingToken(b, s, len)) {
        return ValueKind.MISSING_TOKEN;
      }
      if (isBooleanWord(b, s, len)) {
        return ValueKind.TEXT_BOOLEAN;
      }
    }
    // a plain number starts with a digit, a sign, a dot, or the n of nan or the i of inf: codes and
    // words that start otherwise (identifiers, free text) need no parse
    boolean mayBeNumber = (lead >= '0' && lead <= '9') || lead == '+' || lead == '-' || lead == '.' || lead == 'n' || lead == 'i';
    int number = failedAsNumber || (fast && !mayBeNumber) ? NOT_A_NUMBER : fast ? parsePlainNumber(b, s, e) : parseAnyNumber(b, s, e);
    if (number != NOT_A_NUMBER) {
      return numberKind(number);
    }
    byte first = b[s];
    int firstClass = CLASS[first & 0xff];
    if (digits > 0 && (firstClass == DIGIT || firstClass == LETTER) && DateShape.matches(b, s, e)) {
      return ValueKind.TEXT_DATE;
    }
    if (tokens == 1) {
      int lf = lower(first);
      if ((lf == 'h' || lf == 'f' || lf == 'w') && isUrl(b, s, e)) {
        return ValueKind.TEXT_URL;
      }
      if (ats == 1 && isEmail(b, s, e)) {
        return ValueKind.TEXT_EMAIL;
      }
    }
    if ((separators > 0 || first == '[' || first == '{') && isList(b, s, e)) {
      return ValueKind.TEXT_LIST;
    }
    if (digits > 0 && (firstClass == DIGIT || first == '$' || first == '-' || first == '+' || (first & 0xff) >= 0xC2)
        && parseNumberWithUnit(b, s, e)) {
      return ValueKind.TEXT_NUMBER_WITH_UNIT;
    }
    return ValueKind.TEXT_OTHER;
  }

  private static ValueKind numberKind(int number) {
    return switch (number) {
      case LEADING_ZERO -> ValueKind.TEXT_LEADING_ZERO;
      case INTEGER -> ValueKind.TEXT_INT;
      default -> ValueKind.TEXT_FRAC;
    };
  }

  /**
   * A digit first, or a sign or dot followed by a digit: the values the fast path tries. Never a
   * missing token or boolean word (those start with a letter, or are a lone sign), so the general
   * path's earlier checks could not have decided otherwise.
   */
  private static boolean startsLikeANumber(byte[] b, int from, int to) {
    byte first = b[from];
    if (first >= '0' && first <= '9') {
      return true;
    }
    if ((first == '-' || first == '+' || first == '.') && to - from > 1) {
      byte second = b[from + 1];
      return second >= '0' && second <= '9';
    }
    return false;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
  }

  /** ASCII lower case of one byte (other bytes unchanged). */
  static int lower(byte c) {
    return (c >= 'A' && c <= 'Z') ? c | 0x20 : c;
  }

  private static boolean equalsIgnoreCase(byte[] b, int s, int len, String word) {
    if (len != word.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (lower(b[s + i]) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Missing-value markers. Not "none": in survey and accident data it is a real answer (no airbag, no damage). */
  private static final String[] MISSING = {"na", "n/a", "null", "nil", "-", "--", "?", "#n/a", "<na>", "nat", "#null!"};
  private static final String[] TRUE_WORDS = {"true", "yes", "y", "t"};
  private static final String[] FALSE_WORDS = {"false", "no", "n", "f"};

  private static boolean isMissingToken(byte[] b, int s, int len) {
    for (String w : MISSING) {
      if (equalsIgnoreCase(b, s, len, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBooleanWord(byte[] b, int s, int len) {
    for (String w : TRUE_WORDS) {
      if (equalsIgnoreCase(b, s, len, w)) {
        return true;
      }
    }
    for (String w : FALSE_WORDS) {
      if (equalsIgnoreCase(b, s, len, w)) {
        return true;
      }
    }
    return false;
  }

  private static final int NOT_A_NUMBER = 0;
  private static final int INTEGER = 1;
  private static final int FRACTION = 2;
  private static final int LEADING_ZERO = 3;
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} and {@code nan}/{@code inf}.
   * The value is computed approximately (enough for data-independent bins), without allocation.
   */
  private int parsePlainNumber(byte[] b, int s, int e) {
    int quick = parseShortNumber(b, s, e);
    return quick != UNDECIDED ? quick : parseAnyNumber(b, s, e);
  }

  private static final int UNDECIDED = -1;

  /**
   * {@link #parseAnyNumber} for the common case of at most 18 digits before the exponent, which
   * all fit the mantissa: no per-digit bookkeeping of significant digits and scale, and eight
   * digits at a time where the bytes allow. Gives {@link #UNDECIDED} (nothing set) for more
   * digits, none, or a word ({@code nan}, {@code inf}), which the general parse decides.
   */
  private int parseShortNumber(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
      if (i == e) {
        return NOT_A_NUMBER;
      }
    }
    int afterSign = i;
    runValue = 0;
    i = digitRun(b, i, e);
    int intDigits = i - afterSign;
    int fractionDigits = 0;
    boolean sawDot = false;
    if (i < e && b[i] == '.') {
      sawDot = true;
      int fraction = ++i;
      i = digitRun(b, i, e);
      fractionDigits = i - fraction;
    }
    long mantissa = runValue;
    int allDigits = intDigits + fractionDigits;
    if (allDigits == 0) {
      // only the words nan, inf and infinity are numbers without digits
      int rest = e - afterSign;
      int c = lower(b[afterSign]);
      return (rest == 3 || rest == 8) && (c == 'n' || c == 'i') ? UNDECIDED : NOT_A_NUMBER;
    }
    if (allDigits > 18) {
      return UNDECIDED; // the mantissa overflowed: the general parse keeps the first 18 significant digits
    }
    if (i == e) {
      numberDigits = allDigits;
      numberHasExponent = false;
      return finishNumber(b, s, negative, mantissa, -fractionDigits, sawDot, false, intDigits);
    }
    if (b[i] != 'e' && b[i] != 'E') {
      return NOT_A_NUMBER;
    }
    // kept out of the common path above so that it stays small enough for the compiler to inline
    return finishWithExponent(b, s, i + 1, e, negative, mantissa, fractionDigits, sawDot, intDigits, allDigits);
  }

  /** The rest of {@link #parseShortNumber} after an {@code e} at {@code j - 1}. */
  private int finishWithExponent(byte[] b, int s, int j, int e, boolean negative, long mantissa, int fractionDigits, boolean sawDot,
      int intDigits, int allDigits) {
    int exponent = 0;
    int exponentDigits = 0;
    boolean expNegative = false;
    if (j < e && (b[j] == '+' || b[j] == '-')) {
      expNegative = b[j] == '-';
      j++;
    }
    while (j < e && b[j] >= '0' && b[j] <= '9') {
      if (exponent < 10000) {
        exponent = exponent * 10 + (b[j] - '0');
      }
      exponentDigits++;
      j++;
    }
    if (exponentDigits == 0 || j != e) {
      return NOT_A_NUMBER;
    }
    exponent = expNegative ? -exponent : exponent;
    numberDigits = allDigits + exponentDigits;
    numberHasExponent = true;
    return finishNumber(b, s, negative, mantissa, exponent - fractionDigits, sawDot, true, intDigits);
  }

  /** The digits of the last {@link #digitRun}s appended to each other, modulo 2^64 (exact up to 18 digits). */
  private long runValue;
  private static final long[] LONG_POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L};
  private static final long ZEROS = 0x3030303030303030L;

  /**
   * Appends the run of ASCII digits at {@code i} to {@link #runValue} and gives the index after it,
   * eight bytes at a time: the first byte that is no digit ends the run, found without a branch per
   * byte, and the digits before it are read as one number with '0' bytes put in front.
   */
  private int digitRun(byte[] b, int i, int e) {
    long value = runValue;
    while (i < e) {
      long w = word(b, i, e); // zero bytes past the end: no digits
      // zero in each digit byte: high nibble 3, and 3 still after adding 6. A carry out of a byte
      // of 0xFA or more can only disturb bytes after it, and that byte already ends the run.
      long notDigit = ((w & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS);
      int n = Long.numberOfTrailingZeros(notDigit) >>> 3;
      if (n == 8) {
        value = value * 100_000_000L + valueOfEightDigits(w);
        i += 8;
        continue;
      }
      if (n > 0) {
        value = value * LONG_POW10[n] + valueOfEightDigits((w << (64 - 8 * n)) | (ZEROS >>> (8 * n)));
        i += n;
      }
      break;
    }
    runValue = value;
    return i;
  }

  /** The eight ASCII digits of {@code w} (first digit in the lowest byte) as a number. */
  private static long valueOfEightDigits(long w) {
    long v = w - 0x3030303030303030L;
    v = v * 10 + (v >>> 8); // pairs: each even byte holds ten times its digit plus the next
    long pairs = v & 0x000000FF000000FFL;
    long nextPairs = (v >>> 16) & 0x000000FF000000FFL;
    return (pairs * (100L + (1_000_000L << 32)) + nextPairs * (1L + (10_000L << 32))) >>> 32;
  }

  /** As {@link #parsePlainNumber}, one digit at a time: any number of digits and the words. */
  private int parseAnyNumber(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    if (i == e) {
      return NOT_A_NUMBER;
    }
    int rest = e - i;
    if (rest == 3 && equalsIgnoreCase(b, i, 3, "nan")) {
      setNumber(Double.NaN);
      return FRACTION;
    }
    if ((rest == 3 && equalsIgnoreCase(b, i, 3, "inf")) || (rest == 8 && equalsIgnoreCase(b, i, 8, "infinity"))) {
      setNumber(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      return FRACTION;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    int intDigits = 0;
    int allDigits = 0;
    boolean sawDot = false;
    for (; i < e; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        allDigits++;
        if (!sawDot) {
          intDigits++;
        }
        if (significant < 18) {
          if (mantissa != 0 || c != '0') {
            significant++;
          }
          mantissa = mantissa * 10 + (c - '0');
          if (sawDot) {
            scale--;
          }
        } else if (!sawDot) {
          scale++; // beyond 18 significant digits: keep the magnitude, drop the digit
        }
      } else if (c == '.' && !sawDot) {
        sawDot = true;
      } else {
        break;
      }
    }
    if (allDigits == 0) {
      return NOT_A_NUMBER;
    }
    numberDigits = allDigits;
    numberHasExponent = false;
    int exponent = 0;
    boolean hasExponent = false;
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      int j = i + 1;
      boolean expNegative = false;
      if (j < e && (b[j] == '+' || b[j] == '-')) {
        expNegative = b[j] == '-';
        j++;
      }
      int expDigits = 0;
      while (j < e && b[j] >= '0' && b[j] <= '9') {
        if (exponent < 10000) {
          exponent = exponent * 10 + (b[j] - '0');
        }
        expDigits++;
        j++;
      }
      if (expDigits == 0) {
        return NOT_A_NUMBER;
      }
      exponent = expNegative ? -exponent : exponent;
      hasExponent = true;
      numberHasExponent = true;
      numberDigits += expDigits;
      i = j;
    }
    if (i != e) {
      return NOT_A_NUMBER;
    }
    return finishNumber(b, s, negative, mantissa, scale + exponent, sawDot, hasExponent, intDigits);
  }

  /** Sets the number {@code mantissa × 10^scale} and gives its kind. */
  private int finishNumber(byte[] b, int s, boolean negative, long mantissa, int scale, boolean sawDot, boolean hasExponent,
      int intDigits) {
    double value = mantissa;
    if (scale > 0) {
      value = scale < POW10.length ? value * POW10[scale] : value * Math.pow(10, scale);
    } else if (scale < 0) {
      value = -scale < POW10.length ? value / POW10[-scale] : value / Math.pow(10, -scale);
    }
    setNumber(negative ? -value : value);
    if (!sawDot && !hasExponent && b[s] == '0' && intDigits > 1) {
      return LEADING_ZERO;
    }
    // a dot makes a fraction whatever the value: no rounding needed to know
    return sawDot || (hasExponent && value != Math.rint(value)) ? FRACTION : INTEGER;
  }

  private void setNumber(double value) {
    number = value;
    hasNumber = true;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int s, int e, String prefix) {
    return e - s >= prefix.length() && equalsIgnoreCase(b, s, prefix.length(), prefix);
  }

  private static boolean isUrl(byte[] b, int s, int e) {
    int p;
    if (startsWithIgnoreCase(b, s, e, "https://")) {
      p = 8;
    } else if (startsWithIgnoreCase(b, s, e, "http://")) {
      p = 7;
    } else if (startsWithIgnoreCase(b, s, e, "ftp://")) {
      p = 6;
    } else if (startsWithIgnoreCase(b, s, e, "www.")) {
      p = 4;
    } else {
      return false;
    }
    return e - s > p + 1;
  }

  private static boolean isEmail(byte[] b, int s, int e) {
    int at = -1;
    for (int i = s; i < e; i++) {
      if (b[i] == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      } else if (isSpace(b[i])) {
        return false;
      }
    }
    if (at <= s || at >= e - 3) {
      return false;
    }
    int dot = -1;
    for (int i = at + 2; i < e - 1; i++) {
      if (b[i] == '.') {
        dot = i;
      }
    }
    if (dot < 0) {
      return false;
    }
    for (int i = dot + 1; i < e; i++) {
      int c = lower(b[i]);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }

  /** {@code [..]}/{@code {..}} with a separator inside, or {@code a;b;c} / {@code a|b} with non-empty items. */
  private static boolean isList(byte[] b, int s, int e) {
    byte first = b[s];
    byte last = b[e - 1];
    if (e - s >= 2 && ((first == '[' && last == ']') || (first == '{' && last == '}'))) {
      return true;
    }
    int separators = 0;
    int itemLength = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c == ';' || c == '|') {
        if (itemLength == 0) {
          return false;
        }
        separators++;
        itemLength = 0;
      } else if (!isSpace(c)) {
        itemLength++;
      }
    }
    return separators > 0 && itemLength > 0;
  }

  /** The length of the unit at {@code j}: '%', letters, '/', quote marks for feet and inches, non-ASCII symbols. */
  private static int unitLength(byte[] b, int j, int e) {
    int n = 0;
    while (j + n < e) {
      int c = b[j + n] & 0xff;
      if (c == '%' || c == '/' || c == '"' || c == '\'' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80) {
        n++;
      } else {
        break;
      }
    }
    return n;
  }

  /**
   * Currency prefix, sign, digits with grouping/decimal separators, then a short unit
   * ({@code $1,200}, {@code 12 kg}, {@code 45%}, {@code 1 234,5}, {@code €3.50}, {@code 12.5 km/h}).
   * Sets the parsed value.
   */
  private boolean parseNumberWithUnit(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    boolean prefix = false;
    for (int guard = 0; guard < 3 && i < e; guard++) {
      int c = b[i] & 0xff;
      if (c == '-' || c == '+') {
        negative = c == '-';
        i++;
      } else if (c == '$') {
        prefix = true;
        i++;
      } else if (c == 0xC2 && i + 1 < e && ((b[i + 1] & 0xff) == 0xA3 || (b[i + 1] & 0xff) == 0xA5)) {
        prefix = true; // £ ¥
        i += 2;
      } else if (c == 0xE2 && i + 2 < e && (b[i + 1] & 0xff) == 0x82 && (b[i + 2] & 0xff) == 0xAC) {
        prefix = true; // €
        i += 3;
      } else if (c == ' ' && prefix) {
        i++;
      } else {
        break;
      }
    }
    int bodyStart = i;
    int commas = 0;
    int dots = 0;
    int groupBreaks = 0;
    int lastComma = -1;
    int lastDot = -1;
    boolean badCommaGroup = false;
    int digitsInBody = 0;
    while (i < e) {
      int c = b[i] & 0xff;
      if (c >= '0' && c <= '9') {
        digitsInBody++;
        i++;
      } else if (c == ',') {
        commas++;
        lastComma = i;
        i++;
      } else if (c == '.') {
        dots++;
        lastDot = i;
        i++;
      } else if ((c == ' ' || c == '\'') && i + 1 < e && b[i + 1] >= '0' && b[i + 1] <= '9' && digitsInBody > 0) {
        groupBreaks++;
        i++;
      } else if (c == 0xC2 && i + 2 < e && (b[i + 1] & 0xff) == 0xA0 && digitsInBody > 0) {
        groupBreaks++; // no-break space as thousands separator
        i += 2;
      } else {
        break;
      }
    }
    int bodyEnd = i;
    if (digitsInBody == 0 || !(b[bodyStart] >= '0' && b[bodyStart] <= '9')) {
      return false;
    }
    // unit: optional spaces, then '%' or up to 8 letters / '/' / '²' '³', or nothing when grouped/prefixed
    int j = bodyEnd;
    while (j < e && b[j] == ' ') {
      j++;
    }
    int unitStart = j;
    int unitChars = unitLength(b, j, e);
    j += unitChars;
    // compound amounts: "1h 30m", "5'4\"", "2 lbs 3 oz" (up to three more number-unit pairs)
    for (int more = 0; more < 3 && unitChars > 0 && unitChars <= 8 && j < e; more++) {
      int k = j;
      while (k < e && b[k] == ' ') {
        k++;
      }
      int digitsStart = k;
      k = skipDigits(b, k, e);
      int u = unitLength(b, k, e);
      if (k == digitsStart || u == 0 || u > 8) {
        break;
      }
      j = k + u;
    }
    if (j != e || unitChars > 8) {
      return false;
    }
    boolean hasUnit = unitChars > 0 && unitStart < e;
    if (!hasUnit && !prefix && commas == 0 && groupBreaks == 0 && dots <= 1) {
      return false;
    }
    // decide the decimal separator
    int decimalAt = -1;
    if (commas > 0 && dots > 0) {
      decimalAt = Math.max(lastComma, lastDot);
    } else if (commas == 1 && dots == 0) {
      int after = 0;
      for (int k = lastComma + 1; k < bodyEnd && b[k] >= '0' && b[k] <= '9'; k++) {
        after++;
      }
      badCommaGroup = after != 3 || groupBreaks > 0;
      decimalAt = badCommaGroup ? lastComma : -1;
    } else if (dots == 1 && commas == 0) {
      decimalAt = lastDot;
    }
    double value = 0;
    double fractionScale = 0;
    for (int k = bodyStart; k < bodyEnd; k++) {
      byte c = b[k];
      if (c >= '0' && c <= '9') {
        if (fractionScale == 0) {
          value = value * 10 + (c - '0');
        } else {
          value += (c - '0') * fractionScale;
          fractionScale /= 10;
        }
      } else if (k == decimalAt) {
        fractionScale = 0.1;
      }
    }
    setNumber(negative ? -value : value);
    return true;
  }
}
