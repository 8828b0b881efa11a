package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link PatternKey} in words a person reads ("positive right-skewed continuous amounts spanning
 * 1+ decades"), for the explanation of a rule-based recommendation. Every part of the key has a
 * phrase; a part the noise left out or merged says so in its own words.
 */
public final class PatternDescription {
  private static final Map<String, String> ROLE_NOUNS = Map.ofEntries(
      Map.entry("id", "identifiers"), Map.entry("key", "keys"), Map.entry("uuid", "identifiers"),
      Map.entry("guid", "identifiers"), Map.entry("code", "codes"), Map.entry("no", "numbers"),
      Map.entry("num", "numbers"), Map.entry("number", "numbers"), Map.entry("zip", "postal codes"),
      Map.entry("zipcode", "postal codes"), Map.entry("postcode", "postal codes"), Map.entry("postal", "postal codes"),
      Map.entry("phone", "phone numbers"), Map.entry("email", "e-mail addresses"), Map.entry("url", "links"),
      Map.entry("link", "links"), Map.entry("date", "dates"), Map.entry("time", "times"),
      Map.entry("timestamp", "timestamps"), Map.entry("at", "timestamps"), Map.entry("year", "years"),
      Map.entry("month", "months"), Map.entry("day", "days"), Map.entry("name", "names"), Map.entry("title", "titles"),
      Map.entry("description", "descriptions"), Map.entry("comment", "comments"), Map.entry("text", "texts"),
      Map.entry("notes", "notes"), Map.entry("amount", "amounts"), Map.entry("price", "prices"),
      Map.entry("cost", "costs"), Map.entry("fee", "fees"), Map.entry("total", "totals"),
      Map.entry("balance", "balances"), Map.entry("salary", "salaries"), Map.entry("income", "incomes"),
      Map.entry("revenue", "revenues"), Map.entry("count", "counts"), Map.entry("qty", "quantities"),
      Map.entry("quantity", "quantities"), Map.entry("age", "ages"), Map.entry("score", "scores"),
      Map.entry("rate", "rates"), Map.entry("ratio", "ratios"), Map.entry("pct", "percentages"),
      Map.entry("percent", "percentages"), Map.entry("lat", "latitudes"), Map.entry("latitude", "latitudes"),
      Map.entry("lon", "longitudes"), Map.entry("lng", "longitudes"), Map.entry("longitude", "longitudes"),
      Map.entry("flag", "flags"), Map.entry("tags", "tags"), Map.entry("category", "categories"),
      Map.entry("type", "types"), Map.entry("status", "statuses"));
  private static final Map<String, String> STRING_NOUNS = Map.of(
      "url", "URLs", "email", "e-mail addresses", "date", "dates written as text", "bool", "yes/no words",
      "unit", "numbers with units or currency", "num", "numbers written as text", "list", "lists of items",
      "lead0", "codes with leading zeros", "text", "free text", "plain", "short strings");

  private PatternDescription() {}

  /** The columns {@code key} stands for, in words. */
  public static String of(PatternKey key) {
    requireNonNull(key, "key is null");
    Map<String, String> p = key.parts();
    String type = p.getOrDefault("type", "");
    String role = p.getOrDefault("role", "-");
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    String noun;
    switch (type) {
      case "numeric" -> {
        noun = ROLE_NOUNS.getOrDefault(role, "numbers");
        if ("?".equals(p.get("shape"))) {
          after.add("of a shape the noise hides");
        }
        before.add(switch (p.getOrDefault("sign", "")) {
          case "positive" -> "positive";
          case "signed" -> "signed";
          default -> "";
        });
        before.add(switch (p.getOrDefault("skew", "")) {
          case "+" -> "right-skewed";
          case "-" -> "left-skewed";
          case "0" -> "symmetric";
          default -> "";
        });
        after.add(switch (p.getOrDefault("span", "")) {
          case "wide" -> "spanning 1+ decades";
          case "narrow" -> "within a decade";
          case "zeros" -> "with many zeros";
          default -> "";
        });
      }
      case "string" -> {
        String shape = p.getOrDefault("str", "plain");
        noun = shape.equals("plain") && !role.equals("-") ? ROLE_NOUNS.getOrDefault(role, "short strings")
            : Arrays.stream(shape.split("\\+")).map(f -> STRING_NOUNS.getOrDefault(f, f)).collect(Collectors.joining(" and "));
      }
      case "boolean" -> noun = "true/false values";
      case "datetime" -> noun = "dates and times";
      case "empty" -> noun = "empty columns";
      default -> noun = "values";
    }
    String card = p.getOrDefault("card", "na");
    switch (card) {
      case "cont" -> before.add("continuous");
      case "unique" -> before.add("all-distinct");
      case "1" -> before.add("constant");
      case "2" -> before.add("two-valued");
      case "na" -> { }
      default -> after.add(0, "with " + levels(card) + " distinct values");
    }
    after.add(switch (p.getOrDefault("null", "")) {
      case "some" -> "some missing";
      case "most" -> "mostly missing";
      case "all" -> "all missing";
      default -> "";
    });
    StringBuilder sb = new StringBuilder();
    for (String w : before) {
      if (!w.isEmpty()) {
        sb.append(w).append(' ');
      }
    }
    sb.append(noun);
    List<String> tail = after.stream().filter(w -> !w.isEmpty()).toList();
    if (!tail.isEmpty()) {
      sb.append(' ').append(String.join(", ", tail));
    }
    return sb.toString();
  }

  /** "under 20", "20 to 200", "200 to 5,000", "over 5,000", or for a merged bucket its whole range. */
  private static String levels(String card) {
    String[] range = card.split("\\.\\.");
    String low = lower(range[0]);
    String high = upper(range[range.length - 1]);
    if (low.isEmpty()) {
      return high.isEmpty() ? "any number of" : "under " + high;
    }
    return high.isEmpty() ? "over " + low : low + " to " + high;
  }

  private static String lower(String label) {
    return switch (label) {
      case "some" -> "20";
      case "many" -> "200";
      case "huge" -> "5,000";
      default -> "";
    };
  }

  private static String upper(String label) {
    return switch (label) {
      case "1" -> "2";
      case "2" -> "3";
      case "few" -> "20";
      case "some" -> "200";
      case "many" -> "5,000";
      default -> "";
    };
  }

  /** "1 correction", "5 corrections". */
  static String count(long n, String one, String many) {
    return String.format(Locale.ROOT, "%d %s", n, n == 1 ? one : many);
  }
}
