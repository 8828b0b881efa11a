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
  /** A measured quantity ({@code count}, {@code num_*}, {@code amount}, {@code price}, {@code age}, {@code rate}). */
  QUANTITY,
  /** Free text or a proper name ({@code name}, {@code description}, {@code comment}, {@code address}). */
  TEXT,
  /** A short letters-and-digits code of a survey or coded export ({@code s1p4pest}, {@code ad7121}, {@code q0004}). */
  CRYPTIC,
  /** Nothing recognised. */
  OTHER;

  private static final Pattern YEAR_NAME = Pattern.compile("(?i)\\D{0,3}(19|20)\\d{2}\\b.*");
  private static final Pattern ID_NAME = Pattern.compile(
      "(?i)^(id|uuid|guid|key|pk|index|idx|row_?num(ber)?)$|(?i)[_\\s.-](id|uuid|guid|key|pk)$|[a-z]I[dD]$|^ID[_\\s.-]");
  private static final Pattern CODE_NAME = Pattern.compile(
      "(?i)(zip|postal|postcode|fips|(^|[_\\s.-])code$|code$|^code|phone|isbn|sku|naics|sic$|icd)");
  private static final Pattern DATE_NAME = Pattern.compile(
      "(?i)((?<!candi|vali|man|accommo)date|time|timestamp|datetime|_at$|_on$|(^|[_\\s])(day|month|dt)$|created|updated|modified)");
  /** camelCase boundaries and any non-alphanumeric character split a name into tokens. */
  private static final Pattern TOKEN = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\\d+");
  private static final Pattern CRYPTIC_NAME = Pattern.compile("(?i)[a-z]{1,6}\\d+[a-z0-9]*(_[a-z0-9]{1,6})?");

  private static final Pattern SURVEY_NAME = Pattern.compile("[A-Za-z]{1,5}\\d{1,4}[A-Za-z_]*\\d*[A-Za-z]*");
  /** Code words of other languages and abbreviations: CODIGO_CARGO, COD_MUNICIPIO, CD_ITEM. */
  private static final Set<String> CODE_TOKENS = Set.of("codigo", "cod", "cd", "codes", "fips", "zipcode");
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
    if (CODE_NAME.matcher(name).find()) {
      return CODE;
    }
    if (name.length() <= 32 && SURVEY_NAME.matcher(name).matches()) {
      // numbered roster and question columns (age31, q22LangProfOther, s1p4pest): their meaning is in a codebook
      return CRYPTIC;
    }
    List<String> tokens = tokens(name);
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
