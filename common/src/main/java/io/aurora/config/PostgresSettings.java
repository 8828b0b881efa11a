package io.aurora.config;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How AURORA connects to PostgreSQL (privacy ledger, feedback inbox, doctor): a {@code jdbc:postgresql://}
 * URL and nothing else (the class path holds other JDBC drivers, H2 among them, whose URLs can run
 * code), no credentials or driver plug-ins in the URL, TLS that does not silently fall back to
 * plaintext for a remote host, and connect, socket, lock and statement timeouts so that no call waits
 * forever.
 *
 * @param url the checked JDBC URL
 * @param user the user, or null for the driver's default
 * @param password the password (a secret: environment or password file only), or null
 * @param sslMode the effective TLS mode
 */
public record PostgresSettings(String url, String user, String password, String sslMode, String sslRootCert,
    int connectTimeoutSeconds, int socketTimeoutSeconds, int lockTimeoutSeconds, int statementTimeoutSeconds) {
  private static final String PREFIX = "jdbc:postgresql://";
  private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  /** URL parameters that change nothing security-relevant; every other one is refused with its name. */
  private static final Set<String> URL_PARAMETERS = Set.of("applicationname", "currentschema", "sslmode", "sslrootcert",
      "targetservertype", "loadbalancehosts", "tcpkeepalive", "preparethreshold", "rewritebatchedinserts", "readonly");

  public PostgresSettings {
    requireNonNull(url, "url is null");
    requireNonNull(sslMode, "sslMode is null");
  }

  /** The settings of {@code config}, or empty when {@code aurora.postgres.url} is not set. Exit 2 for a URL or value it refuses. */
  public static Optional<PostgresSettings> from(AuroraConfig config) {
    Optional<String> raw = config.find(ConfigKeys.POSTGRES_URL).map(String::trim).filter(u -> !u.isEmpty());
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String url = checkUrl(raw.get());
    String mode = config.find(ConfigKeys.POSTGRES_SSL_MODE).map(m -> m.trim().toLowerCase(Locale.ROOT)).filter(m -> !m.isEmpty())
        .orElse(loopbackOnly(url) ? "prefer" : "verify-full");
    if (!SSL_MODES.contains(mode)) {
      throw AuroraException.badInput("aurora.postgres.sslmode must be one of " + new java.util.TreeSet<>(SSL_MODES) + ", got '" + mode + "'");
    }
    return Optional.of(new PostgresSettings(url, config.find(ConfigKeys.POSTGRES_USER).filter(u -> !u.isBlank()).orElse(null),
        config.find(ConfigKeys.POSTGRES_PASSWORD).orElse(null), mode, config.find(ConfigKeys.POSTGRES_SSL_ROOT_CERT).orElse(null),
        seconds(config, ConfigKeys.POSTGRES_CONNECT_TIMEOUT), seconds(config, ConfigKeys.POSTGRES_SOCKET_TIMEOUT),
        seconds(config, ConfigKeys.POSTGRES_LOCK_TIMEOUT), seconds(config, ConfigKeys.POSTGRES_STATEMENT_TIMEOUT)));
  }

  /**
   * {@code url} when it is a {@code jdbc:postgresql://host[:port][,host…]/database[?…]} URL without
   * user-info and with only harmless parameters; otherwise exit 2 naming what is wrong (never echoing a
   * parameter's value, which may be a password).
   */
  public static String checkUrl(String url) {
    requireNonNull(url, "url is null");
    if (!url.startsWith(PREFIX)) {
      int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
      String scheme = colon > 0 && colon < 40 ? url.substring(0, colon + 1) : "this URL";
      throw AuroraException.badInput("aurora.postgres.url must be a " + PREFIX + "host:port/database URL, got " + scheme
          + "...: no other database driver is accepted");
    }
    int query = url.indexOf('?');
    String authority = url.substring(PREFIX.length(), query < 0 ? url.length() : query);
    int slash = authority.indexOf('/');
    String hosts = slash < 0 ? authority : authority.substring(0, slash);
    if (hosts.contains("@")) {
      throw AuroraException.badInput("aurora.postgres.url must not carry a user or password before the host: set aurora.postgres.user, "
          + "and the password in AURORA_POSTGRES_PASSWORD or aurora.postgres.password-file");
    }
    if (hosts.isEmpty() || slash < 0 || slash == authority.length() - 1) {
      throw AuroraException.badInput("aurora.postgres.url must name a host and a database: " + PREFIX + "host:port/database");
    }
    if (query >= 0) {
      for (String pair : url.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.equals("user")) {
          throw AuroraException.badInput("aurora.postgres.url must not carry credentials (parameter '" + safe(name) + "'): set "
              + "aurora.postgres.user, and the password in AURORA_POSTGRES_PASSWORD or aurora.postgres.password-file");
        }
        if (!URL_PARAMETERS.contains(lower)) {
          throw AuroraException.badInput("aurora.postgres.url parameter '" + safe(name) + "' is not accepted (allowed: "
              + String.join(", ", new java.util.TreeSet<>(URL_PARAMETERS)) + "); timeouts and TLS have their own aurora.postgres.* keys");
        }
      }
    }
    return url;
  }

  /** The URL without its parameters, fit for messages and logs. */
  public String describe() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** Driver properties: credentials, TLS and timeouts ({@code lock_timeout} and {@code statement_timeout} set per session). */
  public Properties driverProperties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("sslmode", sslMode);
    if (sslRootCert != null && !sslRootCert.isBlank()) {
      p.setProperty("sslrootcert", sslRootCert.trim());
    }
    p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    p.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
    p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
    p.setProperty("options", "-c lock_timeout=" + lockTimeoutSeconds * 1000L + " -c statement_timeout=" + statementTimeoutSeconds * 1000L);
    return p;
  }

  @Override
  public String toString() {
    // never the password
    return "PostgresSettings{" + describe() + ", user=" + user + ", sslmode=" + sslMode + "}";
  }

  private static boolean loopbackOnly(String url) {
    int query = url.indexOf('?');
    String authority = url.substring(PREFIX.length(), query < 0 ? url.length() : query);
    String hosts = authority.substring(0, authority.indexOf('/'));
    for (String hostPort : hosts.split(",")) {
      String host = hostPort.startsWith("[") ? hostPort.substring(1, Math.max(1, hostPort.indexOf(']')))
          : (hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort);
      String h = host.toLowerCase(Locale.ROOT);
      if (!(h.equals("localhost") || h.startsWith("127.") || h.equals("::1"))) {
        return false;
      }
    }
    return true;
  }

  private static int seconds(AuroraConfig config, ConfigKey key) {
    long v = config.getLong(key);
    if (v < 1 || v > 86_400) {
      throw AuroraException.badInput("config key '" + key.name() + "' must be between 1 and 86400 seconds, got " + v);
    }
    return (int) v;
  }

  private static String safe(String name) {
    String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
  }
}
