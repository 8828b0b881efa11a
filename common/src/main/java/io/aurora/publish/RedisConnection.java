package io.aurora.publish;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/** Opens a small Jedis pool for a {@code redis://host:port/db} URL (password from the environment, never logged). */
final class RedisConnection {
  private static final int TIMEOUT_MILLIS = 2000;

  private RedisConnection() {}

  static JedisPool open(String url, String password) {
    requireNonNull(url, "url is null");
    URI uri = URI.create(url);
    if (password != null && !password.isEmpty() && uri.getUserInfo() == null) {
      uri = URI.create(uri.getScheme() + "://:" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
          + "@" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()) + (uri.getPath() == null ? "" : uri.getPath()));
    }
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(8);
    config.setJmxEnabled(false);
    return new JedisPool(config, uri, TIMEOUT_MILLIS);
  }

  /** The URL without credentials, for log lines. */
  static String printable(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
  }
}
