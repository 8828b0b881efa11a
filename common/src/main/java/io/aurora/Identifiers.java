package io.aurora;

import java.util.regex.Pattern;

/**
 * Validates identifiers (tenant, dataset, run id, partition key) that end up in paths, SQL
 * predicates and Redis keys, so no caller has to quote them (SPEC §9, tenant isolation).
 */
public final class Identifiers {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,127}");

  private Identifiers() {}

  /** Returns {@code value} when it is a safe identifier, else throws a bad-input error naming {@code kind}. */
  public static String require(String kind, String value) {
    if (value == null || !VALID.matcher(value).matches()) {
      throw AuroraException.badInput(
          "invalid " + kind + " '" + (value == null ? "" : value)
              + "': use 1-128 characters of letters, digits, '.', '_', '-', '=', starting with a letter or digit");
    }
    return value;
  }

  /** Derives a dataset id from an input path's last name: lower-case, unsafe characters replaced. */
  public static String datasetFromPath(String path) {
    String name = path.replaceAll("[/\\\\]+$", "");
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    name = name.replaceAll("[*?\\[\\]{}]", "");
    int dot = name.indexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    name = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_").replaceAll("^[^a-z0-9]+", "");
    return name.isEmpty() ? "dataset" : (name.length() > 128 ? name.substring(0, 128) : name);
  }
}
