package io.aurora.publish;

import static java.util.Objects.requireNonNull;

import io.aurora.recommend.Recommendation;
import io.aurora.recommend.ScoredAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Publishes recommendations to Redis as one hash per (tenant, dataset, column) under
 * {@link RedisKeys#recommendation}, each with a TTL, in one pipeline. The hash holds only what the
 * recommendations table holds (actions, confidences, status, source, imputation, an explanation
 * made of column names and rounded released statistics): no data value. Redis unreachable: one
 * warning, nothing thrown.
 */
public final class RedisRecommendationPublisher implements RecommendationPublisher {
  private static final Logger LOG = LogManager.getLogger(RedisRecommendationPublisher.class);

  private final JedisPool pool;
  private final String printableUrl;
  private final long ttlSeconds;

  public RedisRecommendationPublisher(String url, String password, long ttlSeconds) {
    this(url, null, password, ttlSeconds);
  }

  /** A publisher authenticating as Redis ACL {@code user} (null: the default user). */
  public RedisRecommendationPublisher(String url, String user, String password, long ttlSeconds) {
    requireNonNull(url, "url is null");
    if (ttlSeconds <= 0) {
      throw new IllegalArgumentException("ttlSeconds must be positive: " + ttlSeconds);
    }
    this.pool = RedisConnection.open(url, user, password);
    this.printableUrl = RedisConnection.printable(url);
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public PublishResult publish(List<Recommendation> recommendations) {
    if (recommendations.isEmpty()) {
      return PublishResult.skipped();
    }
    long started = System.nanoTime();
    try (Jedis jedis = pool.getResource()) {
      Pipeline p = jedis.pipelined();
      for (Recommendation r : recommendations) {
        String key = RedisKeys.recommendation(r.tenant(), r.dataset(), r.columnName());
        // replace, not merge: a field absent from the new recommendation must not survive from an old one
        p.del(key);
        p.hset(key, fields(r));
        p.expire(key, ttlSeconds);
      }
      // a refused command (NOPERM of a tenant-scoped ACL user, OOM) comes back in its response, not as a throw
      List<Object> responses = p.syncAndReturnAll();
      int published = 0;
      Object refusal = null;
      for (int i = 0; i < recommendations.size(); i++) {
        Object failed = null;
        for (Object response : responses.subList(3 * i, 3 * i + 3)) {
          if (response instanceof Exception) {
            failed = response;
          }
        }
        if (failed == null) {
          published++;
        } else if (refusal == null) {
          refusal = failed;
        }
      }
      if (refusal != null) {
        // the class only: a Redis error text may name a key, and keys hold column names
        LOG.warn("Redis at {} refused {} of {} recommendations ({}); the recommendations table is complete", printableUrl,
            recommendations.size() - published, recommendations.size(), refusal.getClass().getSimpleName());
      }
      return new PublishResult(published, true, (System.nanoTime() - started) / 1e9);
    } catch (JedisException e) {
      LOG.warn("Redis at {} unreachable ({}): recommendations not published; the recommendations table is complete",
          printableUrl, e.getClass().getSimpleName());
      return new PublishResult(0, false, (System.nanoTime() - started) / 1e9);
    }
  }

  /** The hash fields of a published recommendation. */
  static Map<String, String> fields(Recommendation r) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("run_id", r.runId());
    f.put("recommendation_id", r.recommendationId());
    f.put("column", r.columnName());
    f.put("action", r.action().wireName());
    f.put("confidence", String.format(Locale.ROOT, "%.4f", r.confidence()));
    f.put("status", r.status());
    f.put("source", r.source().wireName());
    StringBuilder alts = new StringBuilder();
    for (ScoredAction a : r.alternatives()) {
      if (alts.length() > 0) {
        alts.append(',');
      }
      alts.append(a.action().wireName()).append(':').append(String.format(Locale.ROOT, "%.4f", a.confidence()));
    }
    f.put("alternatives", alts.toString());
    f.put("imputation", r.imputation().wireName());
    f.put("missing_indicator", Boolean.toString(r.missingIndicator()));
    f.put("explanation", r.explanation());
    f.put("created_at", r.createdAt() == null ? "" : Long.toString(r.createdAt().getTime()));
    return f;
  }

  @Override
  public void close() {
    pool.close();
  }
}
