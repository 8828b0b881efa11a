package io.aurora.publish;

import io.aurora.Identifiers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Redis key scheme of published recommendations:
 * {@code aurora:<tenant>:rec:<dataset>:<column>} holds a hash of the latest recommendation of a
 * column; {@code aurora:<tenant>:cache:hits} and {@code aurora:<tenant>:cache:misses} count
 * lookups. Tenant and dataset are validated identifiers (no ':'); the column name, which may hold
 * anything, is percent-encoded (UTF-8, every byte outside {@code [A-Za-z0-9._-]}), so keys are
 * unambiguous and a column named {@code a:b} cannot collide with another key.
 */
public final class RedisKeys {
  private RedisKeys() {}

  public static String recommendation(String tenant, String dataset, String column) {
    return "aurora:" + Identifiers.require("tenant", tenant) + ":rec:" + Identifiers.require("dataset", dataset) + ":"
        + encodeColumn(column);
  }

  public static String hits(String tenant) {
    return "aurora:" + Identifiers.require("tenant", tenant) + ":cache:hits";
  }

  public static String misses(String tenant) {
    return "aurora:" + Identifiers.require("tenant", tenant) + ":cache:misses";
  }

  /**
   * SCAN pattern of every key of {@code tenant}: its published recommendations and its cache
   * counters. Identifiers hold no glob character ({@code * ? [ ] \}), so the pattern matches
   * exactly this tenant (the ':' after it stops a longer tenant id from matching).
   */
  public static String tenantPattern(String tenant) {
    return "aurora:" + Identifiers.require("tenant", tenant) + ":*";
  }

  /** SCAN pattern of the published recommendations of one dataset of {@code tenant}. */
  public static String datasetPattern(String tenant, String dataset) {
    return "aurora:" + Identifiers.require("tenant", tenant) + ":rec:" + Identifiers.require("dataset", dataset) + ":*";
  }

  /** Percent-encodes every UTF-8 byte of {@code column} outside {@code [A-Za-z0-9._-]}. */
  public static String encodeColumn(String column) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : column.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
        out.write(c);
      } else {
        out.write('%');
        out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
