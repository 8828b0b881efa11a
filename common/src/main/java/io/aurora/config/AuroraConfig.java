package io.aurora.config;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolved configuration of one job: every known key with its effective value after precedence
 * (flags, --conf, spark.aurora.*, AURORA_* environment, config file, defaults) was applied by
 * {@code AuroraConfigLoader}. Immutable; {@link #toString()} masks secrets.
 */
public final class AuroraConfig implements java.io.Serializable {
  private final Map<String, String> values;

  public AuroraConfig(Map<String, String> values) {
    requireNonNull(values, "values is null");
    Map<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (ConfigKeys.find(e.getKey()).isEmpty()) {
        throw AuroraException.badInput("unknown config key '" + e.getKey() + "'");
      }
      if (e.getValue() != null) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    this.values = java.util.Collections.unmodifiableMap(copy);
  }

  /** Defaults only: the embedded configuration of SPEC §2.5. */
  public static AuroraConfig defaults() {
    return new AuroraConfig(Map.of()).withDefaults();
  }

  private AuroraConfig withDefaults() {
    Map<String, String> merged = new TreeMap<>();
    for (ConfigKey key : ConfigKeys.all()) {
      if (key.defaultValue() != null) {
        merged.put(key.name(), key.defaultValue());
      }
    }
    merged.putAll(values);
    return new AuroraConfig(merged);
  }

  /** The value of {@code key}, falling back to its default. */
  public Optional<String> find(ConfigKey key) {
    String value = values.get(key.name());
    return Optional.ofNullable(value != null ? value : key.defaultValue());
  }

  public String get(ConfigKey key) {
    return find(key).orElseThrow(() -> AuroraException.badInput("config key '" + key.name() + "' is required but not set"));
  }

  public boolean isSet(ConfigKey key) {
    return values.containsKey(key.name());
  }

  public double getDouble(ConfigKey key) {
    String v = get(key);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw AuroraException.badInput("config key '" + key.name() + "' must be a number, got '" + printable(key, v) + "'");
    }
  }

  public long getLong(ConfigKey key) {
    String v = get(key);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw AuroraException.badInput("config key '" + key.name() + "' must be an integer, got '" + printable(key, v) + "'");
    }
  }

  public int getInt(ConfigKey key) {
    return Math.toIntExact(getLong(key));
  }

  public boolean getBoolean(ConfigKey key) {
    String v = get(key).trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw AuroraException.badInput("config key '" + key.name() + "' must be true or false, got '" + printable(key, v) + "'");
  }

  /** A copy with {@code key} set to {@code value}. */
  public AuroraConfig with(ConfigKey key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key.name(), value);
    return new AuroraConfig(copy);
  }

  /** Every explicitly set value, secrets included: for passing on to executors, never for printing. */
  public Map<String, String> asMap() {
    return values;
  }

  private static String printable(ConfigKey key, String value) {
    return key.secret() ? "****" : value;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AuroraConfig{");
    values.forEach((k, v) -> {
      boolean secret = ConfigKeys.find(k).map(ConfigKey::secret).orElse(false);
      sb.append(k).append('=').append(secret ? "****" : v).append(", ");
    });
    return sb.append('}').toString();
  }
}
