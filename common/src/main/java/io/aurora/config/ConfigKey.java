package io.aurora.config;

import static java.util.Objects.requireNonNull;

/**
 * One known configuration key under {@code aurora.*}: its default (null when unset by default),
 * whether it is a secret (never printed or logged) and a one-line description for the README and
 * {@code --help}.
 */
public record ConfigKey(String name, String defaultValue, boolean secret, String description) {
  public ConfigKey {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    if (!name.startsWith("aurora.")) {
      throw new IllegalArgumentException("config key must start with 'aurora.': " + name);
    }
  }

  /** The environment variable that sets this key: {@code aurora.redis.url} → {@code AURORA_REDIS_URL}. */
  public String environmentVariable() {
    return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
