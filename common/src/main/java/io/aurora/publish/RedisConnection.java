package io.aurora.publish;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.config.ConfigKeys;
import io.aurora.config.ServiceUrls;
import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Opens a small Jedis pool for a {@code redis://host:port/db} (or {@code rediss://}) URL. The password
 * comes from its own secret setting and goes to Redis in the AUTH command only: a URL carrying
 * credentials is refused, and the URL in log lines is the one given.
 */
final class RedisConnection {
  private static final int TIMEOUT_MILLIS = 2000;
  private static final int DEFAULT_PORT = 6379;

  private RedisConnection() {}

  static JedisPool open(String url, String password) {
    return open(url, null, password);
  }

  /** A pool authenticating as Redis ACL {@code user} (null: the default user) with {@code password}. */
  static JedisPool open(String url, String user, String password) {
    requireNonNull(url, "url is null");
    ServiceUrls.check(ConfigKeys.REDIS_URL, url);
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw AuroraException.badInput(ConfigKeys.REDIS_URL.name() + " is not a URL (redis://host:port/db)");
    }
    if (uri.getHost() == null) {
      throw AuroraException.badInput(ConfigKeys.REDIS_URL.name() + " names no host (redis://host:port/db)");
    }
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(TIMEOUT_MILLIS)
        .socketTimeoutMillis(TIMEOUT_MILLIS)
        .database(database(uri))
        .ssl("rediss".equalsIgnoreCase(uri.getScheme()));
    if (user != null && !user.isBlank()) {
      client.user(user);
    }
    if (password != null && !password.isEmpty()) {
      client.password(password);
    }
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(8);
    config.setJmxEnabled(false);
    return new JedisPool(config, new HostAndPort(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort()),
        client.build());
  }

  private static int database(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
    if (path.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(path);
    } catch (NumberFormatException e) {
      throw AuroraException.badInput(ConfigKeys.REDIS_URL.name() + " must end in a database number (redis://host:port/db)");
    }
  }

  /** The URL without credentials, for log lines. */
  static String printable(String url) {
    return ServiceUrls.withoutCredentials(url);
  }
}
