package io.aurora.publish;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The lookup API for applications: the latest published recommendation of a column, from Redis.
 * Counts hits and misses in this instance ({@link #hits()}, {@link #misses()}) and in Redis
 * ({@code INCR} of {@link RedisKeys#hits}/{@link RedisKeys#misses}, so counts survive processes and
 * add up across clients). Redis unreachable: a miss, one warning per instance.
 */
public final class RecommendationCache implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(RecommendationCache.class);

  private final JedisPool pool;
  private final String printableUrl;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  public RecommendationCache(String url, String password) {
    this(url, null, password);
  }

  /** A cache reading as Redis ACL {@code user} (null: the default user). */
  public RecommendationCache(String url, String user, String password) {
    this.pool = RedisConnection.open(url, user, password);
    this.printableUrl = RedisConnection.printable(url);
  }

  /** A cache for the Redis of {@code config} ({@code aurora.redis.url}, its user, password from the environment). */
  public static RecommendationCache from(AuroraConfig config) {
    return new RecommendationCache(config.get(ConfigKeys.REDIS_URL), config.find(ConfigKeys.REDIS_USER).orElse(null),
        config.find(ConfigKeys.REDIS_PASSWORD).orElse(null));
  }

  /** The latest published recommendation of (tenant, dataset, column), if cached. */
  public Optional<CachedRecommendation> lookup(String tenant, String dataset, String column) {
    String key = RedisKeys.recommendation(tenant, dataset, column);
    try (Jedis jedis = pool.getResource()) {
      Map<String, String> hash = jedis.hgetAll(key);
      boolean hit = hash != null && !hash.isEmpty();
      (hit ? hits : misses).incrementAndGet();
      jedis.incr(hit ? RedisKeys.hits(tenant) : RedisKeys.misses(tenant));
      return hit ? Optional.of(CachedRecommendation.fromHash(hash)) : Optional.empty();
    } catch (JedisException e) {
      misses.incrementAndGet();
      if (warned.compareAndSet(false, true)) {
        LOG.warn("Redis at {} unreachable ({}): lookups answer 'not cached'", printableUrl, e.getClass().getSimpleName());
      }
      return Optional.empty();
    }
  }

  /** Hits counted by this instance. */
  public long hits() {
    return hits.get();
  }

  /** Misses counted by this instance. */
  public long misses() {
    return misses.get();
  }

  /** Hits and misses of {@code tenant} counted in Redis by every client: {hits, misses}. */
  public long[] sharedCounts(String tenant) {
    try (Jedis jedis = pool.getResource()) {
      String h = jedis.get(RedisKeys.hits(tenant));
      String m = jedis.get(RedisKeys.misses(tenant));
      return new long[] {h == null ? 0 : Long.parseLong(h), m == null ? 0 : Long.parseLong(m)};
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
