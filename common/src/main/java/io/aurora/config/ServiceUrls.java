package io.aurora.config;

import io.aurora.AuroraException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration keys that hold a service URL, the schemes each accepts, and the rule that no URL
 * carries a secret: a password inside a URL reaches the process list, Spark's conf and event logs and
 * every log line that prints the URL, so user-info ({@code redis://:pw@host}) and password-like
 * parameters ({@code ?password=}, {@code ;PASSWORD=}) are refused with a message naming the secret
 * setting to use instead. The value is never echoed.
 */
public final class ServiceUrls {
  /** Parameter names that carry a secret in a URL's query or in JDBC-style {@code ;name=value} pairs. */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential|api[_-]?key|sig(nature)?)$");

  /** One URL-valued key: the schemes it accepts (empty: any, or none) and the secret setting that replaces user-info. */
  record Rule(ConfigKey key, Set<String> schemes, boolean schemeOptional, ConfigKey secret) {}

  private static final List<Rule> RULES = List.of(
      // the JDBC scheme itself is the ledger's to check (only jdbc:postgresql://)
      new Rule(ConfigKeys.POSTGRES_URL, Set.of(), true, ConfigKeys.POSTGRES_PASSWORD),
      new Rule(ConfigKeys.REDIS_URL, Set.of("redis", "rediss"), false, ConfigKeys.REDIS_PASSWORD),
      new Rule(ConfigKeys.MLFLOW_TRACKING_URI, Set.of("http", "https"), false, ConfigKeys.MLFLOW_TOKEN),
      // fs.s3a.endpoint also takes a bare host name (s3.eu-west-1.amazonaws.com)
      new Rule(ConfigKeys.S3_ENDPOINT, Set.of("http", "https"), true, ConfigKeys.S3_SECRET_KEY),
      new Rule(ConfigKeys.PUSHGATEWAY_URL, Set.of("http", "https"), false, ConfigKeys.PUSHGATEWAY_PASSWORD),
      new Rule(ConfigKeys.WAREHOUSE, Set.of(), true, ConfigKeys.S3_SECRET_KEY));

  private ServiceUrls() {}

  /** Checks every URL-valued key set in {@code values}; throws a bad-input error (exit 2) naming the key. */
  static void check(Map<String, String> values) {
    for (Rule rule : RULES) {
      String value = values.get(rule.key().name());
      if (value != null && !value.isBlank()) {
        check(rule, value.strip());
      }
    }
  }

  /**
   * Checks {@code url} as the value of {@code key} (a URL-valued key); throws a bad-input error naming
   * the key and the secret setting to use. Code that opens a service re-checks here, so a URL that did
   * not come through the configuration loader cannot carry a password either.
   */
  public static void check(ConfigKey key, String url) {
    Rule rule = RULES.stream().filter(r -> r.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(key.name() + " is not a service URL key"));
    check(rule, url.strip());
  }

  private static void check(Rule rule, String url) {
    String name = rule.key().name();
    String inner = url.regionMatches(true, 0, "jdbc:", 0, 5) ? url.substring(5) : url;
    int schemeEnd = inner.indexOf("://");
    Optional<String> scheme = schemeEnd > 0 ? Optional.of(inner.substring(0, schemeEnd).toLowerCase(Locale.ROOT))
        : Optional.empty();
    if (!rule.schemes().isEmpty()) {
      if (scheme.isEmpty() && !rule.schemeOptional()) {
        throw AuroraException.badInput(name + " must be a URL starting with " + schemes(rule));
      }
      if (scheme.isPresent() && !rule.schemes().contains(scheme.get())) {
        throw AuroraException.badInput(name + " accepts only " + schemes(rule) + " URLs, not " + scheme.get() + "://");
      }
    }
    String rest = schemeEnd > 0 ? inner.substring(schemeEnd + 3) : inner;
    // A service URL has no '@' but in user-info, and a password may hold '/', '?' or ';' before it: any '@'
    // is refused. For the warehouse only the authority counts (a path may hold '@').
    String scope = rule.key().equals(ConfigKeys.WAREHOUSE) ? rest.substring(0, indexOfAnyOrEnd(rest, "/?#")) : rest;
    if (scope.indexOf('@') >= 0) {
      throw AuroraException.badInput(name + " must not carry credentials (user-info before '@'): " + useInstead(rule));
    }
    for (String parameter : parameters(rest)) {
      int eq = parameter.indexOf('=');
      String parameterName = (eq < 0 ? parameter : parameter.substring(0, eq)).strip();
      if (!parameterName.isEmpty() && SECRET_PARAMETER.matcher(parameterName).matches()) {
        throw AuroraException.badInput(name + " must not carry a secret parameter ('" + parameterName.toLowerCase(Locale.ROOT)
            + "'): " + useInstead(rule));
      }
    }
  }

  /** The {@code name=value} pairs of a URL's query and of JDBC-style {@code ;name=value} settings. */
  private static List<String> parameters(String rest) {
    int start = indexOfAny(rest, "?;");
    if (start < 0) {
      return List.of();
    }
    return List.of(rest.substring(start + 1).split("[&;?]"));
  }

  private static String useInstead(Rule rule) {
    ConfigKey secret = rule.secret();
    return "give the secret in the environment variable " + secret.environmentVariable() + " or in a file named by "
        + secret.name() + AuroraConfigLoader.SECRET_FILE_SUFFIX;
  }

  private static String schemes(Rule rule) {
    return String.join(" or ", rule.schemes().stream().sorted().map(s -> s + "://").toList());
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfAnyOrEnd(String s, String chars) {
    int i = indexOfAny(s, chars);
    return i < 0 ? s.length() : i;
  }

  /**
   * {@code url} fit for output: no user-info (everything up to the last '@'), no query string and no
   * JDBC-style {@code ;name=value} settings, whichever of them may hold a secret.
   */
  public static String withoutCredentials(String url) {
    int scheme = url.indexOf("://");
    String head = scheme >= 0 ? url.substring(0, scheme + 3) : "";
    String rest = scheme >= 0 ? url.substring(scheme + 3) : url;
    rest = rest.substring(rest.lastIndexOf('@') + 1);
    return head + rest.substring(0, indexOfAnyOrEnd(rest, "?;#"));
  }
}
