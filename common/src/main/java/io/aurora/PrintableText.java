package io.aurora;

/**
 * Escapes control characters before text reaches a plain terminal line: a column name or a path
 * holding ESC, a carriage return or a bidirectional override must not move the cursor, recolour the
 * terminal or reorder what an operator reads.
 */
public final class PrintableText {
  private PrintableText() {}

  /** {@code text} with tab, CR, LF as {@code \t \r \n} and other control and bidi-control characters as {@code \}{@code uXXXX}. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    switch (c) {
      case '\t':
        return "\\t";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      default:
        break;
    }
    boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
        || c == '\u200F' || c == '\u061C';
    if (Character.isISOControl(c) || bidi || c == '\u2028' || c == '\u2029') {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
