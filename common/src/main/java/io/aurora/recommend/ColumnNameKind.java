package io.aurora.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a column's name says about its content, from the naming conventions of real tables
 * ({@code customer_id}, {@code zip_code}, {@code is_active}, {@code total_amount}, {@code Y1984}).
 * Column names are metadata the fingerprint keeps in clear; they are a strong, legitimate signal.
 */
public enum ColumnNameKind {
  /** A year or period as the name: wide tables with one column per year ({@code 1984}, {@code 2010 [YR2010]}). */
  YEAR,
  /** An identifier or key ({@code id}, {@code user_id}, {@code customerId}, {@code uuid}). */
  ID,
  /** A code that may look numeric but names a category (zip, FIPS, phone, {@code *_code}). */
  CODE,
  /** A date, time or calendar part ({@code created_at}, {@code month}, {@code year}). */
  DATE,
  /** A yes/no flag ({@code is_active}, {@code has_garage}, {@code flag}). */
  FLAG,
  /** A grouping: type, class, category, status, region, gender... */
  GROUP,
  /**
   * A count of things ({@code Number of bedrooms}, {@code num_speakers}, {@code waitlist_count},
   * {@code AwayGoals}, {@code Rooms}): small non-negative integers that are quantities, not codes.
   */
  COUNT,
  /** A measured quantity ({@code amount}, {@code price}, {@code age}, {@code rate}, {@code total}). */
  QUANTITY,
  /** Free text or a proper name ({@code name}, {@code description}, {@code comment}, {@code address}). */
  TEXT,
  /** A short letters-and-digits code of a survey or coded export ({@code s1p4pest}, {@code ad7121}, {@code q0004}). */
  CRYPTIC,
  /** Nothing recognised. */
  OTHER;

  private static final Pattern YEAR_NAME = Pattern.compile("(?i)\\D{0,3}(19|20)\\d{2}\\b.*");
  /**
   * Identifier names. The camelCase suffix ({@code customerId}) is case-sensitive on purpose: a
   * case-insensitive {@code [a-z]id$} would also take {@code Paid}, {@code valid}, {@code humid}.
   */
  static final Pattern ID_NAME = Pattern.compile(
      "(?i:^(id|uuid|guid|key|pk|index|idx|row_?num(ber)?)$|[_\\s.-](id|uuid|guid|key|pk)$|^ID[_\\s.-])|[a-z]I[dD]$");
  private static final Pattern CODE_NAME = Pattern.compile(
      "(?i)(zip|postal|postcode|fips|(^|[_\\s.-])code$|code$|^code|phone|isbn|sku|naics|sic$|icd)");
  private static final Pattern DATE_NAME = Pattern.compile(
      "(?i)((?<!candi|vali|man|accommo)date|time|timestamp|datetime|_at$|_on$|(^|[_\\s])(day|month|dt)$|created|updated|modified)");
  /** camelCase boundaries and any non-alphanumeric character split a name into tokens. */
  private static final Pattern TOKEN = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\\d+");
  private static final Pattern CRYPTIC_NAME = Pattern.compile("(?i)[a-z]{1,6}\\d+[a-z0-9]*(_[a-z0-9]{1,6})?");

  private static final Pattern SURVEY_NAME = Pattern.compile("[A-Za-z]{1,5}\\d{1,4}[A-Za-z_]*\\d*[A-Za-z]*");
  /**
   * Words that open a count ({@code Number of bedrooms}, {@code num_speakers}, {@code NumFloors},
   * {@code count_of_visits}): the usual English and abbreviated ways of naming "how many".
   */
  private static final Set<String> COUNT_LEAD_TOKENS = Set.of("number", "num", "nb", "nbr", "count", "cnt", "no");
  /** Words that close a count: {@code waitlist_count}, {@code item_qty}, {@code visits_total} is a quantity instead. */
  private static final Set<String> COUNT_TAIL_TOKENS = Set.of("count", "counts", "cnt", "qty", "quantity");
  /**
   * Words that close the name of an identifying number ({@code InvoiceNo}, {@code license_number},
   * {@code Permit Number}, {@code part_num}): the number names one thing, it counts nothing.
   */
  private static final Set<String> NUMBER_TAIL_TOKENS = Set.of("no", "nr", "number", "num", "nbr", "numero", "nro");
  /** Plural endings that are not plurals: status, class, analysis, physics. */
  private static final Pattern NOT_PLURAL = Pattern.compile(".*(ss|us|is|ics|ous)$");
  /** Code words of other languages and abbreviations: CODIGO_CARGO, COD_MUNICIPIO, CD_ITEM. */
  private static final Set<String> CODE_TOKENS = Set.of("codigo", "cod", "cd", "code", "codes", "fips", "zipcode");
  private static final Set<String> FLAG_TOKENS = Set.of("is", "has", "flag", "flg", "bool", "can", "was", "did");
  private static final Set<String> DATE_TOKENS = Set.of("year", "yr", "month", "mon", "day", "week", "hour",
      "minute", "date", "time", "dob", "quarter", "yyyy", "weekday", "dow");
  private static final Set<String> GROUP_TOKENS = Set.of("type", "class", "category", "cat", "group", "grp",
      "status", "kind", "level", "grade", "region", "district", "state", "country", "gender", "sex", "race",
      "city", "county", "province", "division", "segment", "sector", "genre", "brand", "model", "color",
      "colour", "method", "mode", "tier", "label", "outcome", "result", "position", "pos", "team", "league",
      "department", "dept", "party", "religion", "language", "nationality", "ethnicity", "season", "zone");
  private static final Set<String> QUANTITY_TOKENS = Set.of("count", "cnt", "num", "number", "nb", "amount",
      "amt", "price", "cost", "total", "qty", "quantity", "rate", "ratio", "pct", "percent", "percentage",
      "size", "age", "score", "avg", "mean", "sum", "min", "max", "value", "val", "income", "salary", "weight",
      "height", "length", "width", "area", "population", "pop", "distance", "dist", "duration", "temp",
      "temperature", "lat", "lon", "lng", "latitude", "longitude", "per", "share", "fee", "revenue", "sales",
      "profit", "budget", "balance", "volume", "speed", "days", "years", "hours", "minutes", "mins", "usd",
      "kg", "km", "mm", "cm", "pounds", "lbs", "points", "pts", "goals", "votes", "rating", "gdp", "capita",
      "density", "growth", "std", "median", "frequency", "freq", "level", "index", "spend", "paid", "tax",
      "gross", "net", "wage", "loan", "debt", "cases", "deaths", "rank", "expense", "expenses", "expenditure",
      "expenditures", "coord", "coordinate", "kwh", "deg", "yield", "assets", "liabilities", "valor", "quantidade",
      "energy", "entropy", "mad", "iqr", "kurtosis", "skewness", "high", "low", "close", "open");
  private static final Set<String> TEXT_TOKENS = Set.of("name", "names", "desc", "description", "comment",
      "comments", "title", "text", "review", "reviews", "summary", "address", "addr", "note", "notes", "message",
      "content", "street", "tweet", "headline", "abstract", "reason", "remarks", "story", "caption",
      "author", "surname", "firstname", "lastname", "keywords", "tags", "question", "answer", "location", "descricao", "nome", "libelle", "nom");

  /** The kind of {@code columnName} (first match in declaration order). */
  public static ColumnNameKind of(String columnName) {
    String name = columnName == null ? "" : columnName.trim();
    if (name.isEmpty()) {
      return OTHER;
    }
    if (YEAR_NAME.matcher(name).matches()) {
      return YEAR;
    }
    if (ID_NAME.matcher(name).find()) {
      return ID;
    }
    List<String> tokens = tokens(name);
    if (countLead(tokens)) {
      // "Number of Cellular phone" counts phones, it is no phone number
      return COUNT;
    }
    if (CODE_NAME.matcher(name).find()) {
      return CODE;
    }
    if (name.length() <= 32 && SURVEY_NAME.matcher(name).matches()) {
      // numbered roster and question columns (age31, q22LangProfOther, s1p4pest): their meaning is in a codebook
      return CRYPTIC;
    }
    if (tokens.size() > 1 && NUMBER_TAIL_TOKENS.contains(tokens.get(tokens.size() - 1))) {
      // InvoiceNo, license_number: a number that names one thing is a code
      return CODE;
    }
    if (tokens.stream().anyMatch(CODE_TOKENS::contains)) {
      return CODE;
    }
    if (!tokens.isEmpty() && FLAG_TOKENS.contains(tokens.get(0)) && tokens.size() > 1) {
      return FLAG;
    }
    if (DATE_NAME.matcher(name).find() || tokens.stream().anyMatch(DATE_TOKENS::contains)) {
      return DATE;
    }
    if (tokens.stream().anyMatch(TEXT_TOKENS::contains)) {
      return TEXT;
    }
    if (countTail(name, tokens)) {
      return COUNT;
    }
    if (tokens.stream().anyMatch(QUANTITY_TOKENS::contains)) {
      return QUANTITY;
    }
    if (tokens.stream().anyMatch(GROUP_TOKENS::contains)) {
      return GROUP;
    }
    if (name.length() <= 14 && CRYPTIC_NAME.matcher(name).matches()) {
      return CRYPTIC;
    }
    return OTHER;
  }

  /** {@code Number of bedrooms}, {@code num_speakers}, {@code NumFloors}, {@code no_of_rooms}: "how many" first. */
  private static boolean countLead(List<String> tokens) {
    if (tokens.size() < 2 || NUMBER_TAIL_TOKENS.contains(tokens.get(tokens.size() - 1))) {
      return false;
    }
    String first = tokens.get(0);
    boolean of = tokens.get(1).equals("of");
    return (COUNT_LEAD_TOKENS.contains(first) && (of || !first.equals("no"))) || (first.equals("n") && of);
  }

  /**
   * {@code waitlist_count}, {@code Rooms}, {@code AwayGoals}, {@code bye_runs}: a count word or a
   * plural noun last. A plural names how many of a thing there are (Rooms, Goals, Episodes). On the
   * labelled corpus, integer columns named by a plural and nothing else the kinds recognise were
   * 99 numeric, 3 categorical, 5 context-specific (counted on the whole corpus while looking for
   * the failing columns, so a mild selection; the held-out gain is small, see docs/recommendations.md).
   */
  private static boolean countTail(String name, List<String> tokens) {
    if (tokens.isEmpty() || name.chars().anyMatch(Character::isDigit)) {
      // s1p2c4lives: a codebook name, whatever its last letters say
      return false;
    }
    String last = tokens.get(tokens.size() - 1);
    if (COUNT_TAIL_TOKENS.contains(last)) {
      return true;
    }
    return last.length() > 3 && last.endsWith("s") && !NOT_PLURAL.matcher(last).matches()
        && last.chars().allMatch(Character::isLetter);
  }

  /** Lower-case word tokens of a name: {@code totalAmount_USD} → total, amount, usd. */
  static List<String> tokens(String name) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(name);
    while (m.find()) {
      out.add(m.group().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Short lower-case form for calibration strata. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
