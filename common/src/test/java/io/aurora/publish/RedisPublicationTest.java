package io.aurora.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.ScoredAction;
import io.aurora.recommend.Source;
import io.aurora.testing.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Publication and lookup against the real Redis of the test services; every test uses its own tenant. */
class RedisPublicationTest {
  private static Recommendation rec(String tenant, String column, Action action, double confidence) {
    return new Recommendation(tenant, "sales", "run-1", Recommendation.idFor(tenant, "sales", "run-1", column), 0, column,
        action, confidence, confidence < 0.6 ? Recommendation.UNCERTAIN : Recommendation.CONFIDENT, Source.EXPERT,
        List.of(new ScoredAction(Action.ROBUST_SCALE, 0.2)), Imputation.MEDIAN, true,
        "expert rule log_skewed: non-negative, right-skewed (skew≈4.2), spans 5 decades → log_transform",
        null, "expert:log_skewed", null, new Timestamp(1_700_000_000_000L));
  }

  private static String tenant() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void publishesOneHashPerColumnWithTtlAndLooksItUpCountingHitsAndMisses() {
    String url = TestServices.redisUrl();
    String tenant = tenant();
    try (RedisRecommendationPublisher publisher = new RedisRecommendationPublisher(url, null, 120);
        RecommendationCache cache = new RecommendationCache(url, null)) {
      PublishResult result = publisher.publish(List.of(rec(tenant, "price", Action.LOG_TRANSFORM, 0.91),
          rec(tenant, "odd:name %2", Action.ONE_HOT_ENCODE, 0.4)));
      assertThat(result.published()).isEqualTo(2);
      assertThat(result.reachable()).isTrue();
      // the round trips took some time, and not much: the latency the metrics push
      assertThat(result.seconds()).isPositive().isLessThan(10);

      CachedRecommendation price = cache.lookup(tenant, "sales", "price").orElseThrow();
      assertThat(price.action()).isEqualTo(Action.LOG_TRANSFORM);
      assertThat(price.confidence()).isEqualTo(0.91);
      assertThat(price.alternatives()).containsExactly(new ScoredAction(Action.ROBUST_SCALE, 0.2));
      assertThat(price.missingIndicator()).isTrue();
      assertThat(cache.lookup(tenant, "sales", "odd:name %2").orElseThrow().status()).isEqualTo(Recommendation.UNCERTAIN);
      assertThat(cache.lookup(tenant, "sales", "absent")).isEmpty();
      assertThat(cache.lookup(tenant, "other", "price")).isEmpty();

      assertThat(cache.hits()).isEqualTo(2);
      assertThat(cache.misses()).isEqualTo(2);
      assertThat(cache.sharedCounts(tenant)).containsExactly(2, 2);

      try (Jedis jedis = new Jedis(URI.create(url))) {
        String key = "aurora:" + tenant + ":rec:sales:odd%3Aname%20%252";
        assertThat(RedisKeys.recommendation(tenant, "sales", "odd:name %2")).isEqualTo(key);
        assertThat(jedis.exists(key)).isTrue();
        assertThat(jedis.ttl(key)).isBetween(1L, 120L);
        jedis.del(key, RedisKeys.recommendation(tenant, "sales", "price"), RedisKeys.hits(tenant), RedisKeys.misses(tenant));
      }
    }
  }

  @Test
  void republishingReplacesTheWholeHash() {
    String url = TestServices.redisUrl();
    String tenant = tenant();
    try (RedisRecommendationPublisher publisher = new RedisRecommendationPublisher(url, null, 60);
        Jedis jedis = new Jedis(URI.create(url))) {
      String key = RedisKeys.recommendation(tenant, "sales", "price");
      publisher.publish(List.of(rec(tenant, "price", Action.LOG_TRANSFORM, 0.9)));
      jedis.hset(key, "stale", "x");
      publisher.publish(List.of(rec(tenant, "price", Action.STANDARD_SCALE, 0.8)));
      Map<String, String> hash = jedis.hgetAll(key);
      assertThat(hash).containsEntry("action", "standard_scale").doesNotContainKey("stale");
      jedis.del(key);
    }
  }

  @Test
  void unreachableRedisIsReportedNotThrown() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    String dead = "redis://127.0.0.1:" + deadPort + "/0";
    try (RedisRecommendationPublisher publisher = new RedisRecommendationPublisher(dead, null, 60);
        RecommendationCache cache = new RecommendationCache(dead, null)) {
      PublishResult result = publisher.publish(List.of(rec(tenant(), "price", Action.LOG_TRANSFORM, 0.9)));
      assertThat(result.published()).isZero();
      assertThat(result.reachable()).isFalse();
      assertThat(cache.lookup("t", "sales", "price")).isEmpty();
      assertThat(cache.misses()).isEqualTo(1);
    }
  }
  /**
   * docs/security.md's Redis isolation: a Redis ACL user per tenant, allowed only its tenant's keys
   * ({@code aurora:<tenant>:*}); AURORA connected as that user (aurora.redis.user) publishes for its tenant
   * and cannot write, or read, another tenant's recommendations.
   */
  @Test
  void aTenantsAclUserPublishesAndReadsOnlyItsTenantsKeys() {
    String url = TestServices.redisUrl();
    String acme = tenant();
    String globex = tenant();
    String user = "aurora-" + acme;
    String password = UUID.randomUUID().toString();
    try (Jedis admin = new Jedis(URI.create(url))) {
      admin.aclSetUser(user, "reset", "on", ">" + password, "~aurora:" + acme + ":*", "+@all", "-@dangerous");
      try {
        admin.hset(RedisKeys.recommendation(globex, "sales", "price"), Map.of("action", "drop"));
        try (RedisRecommendationPublisher publisher = new RedisRecommendationPublisher(url, user, password, 120);
            RecommendationCache cache = new RecommendationCache(url, user, password)) {
          PublishResult own = publisher.publish(List.of(rec(acme, "price", Action.LOG_TRANSFORM, 0.91)));
          assertThat(own.published()).isEqualTo(1);
          assertThat(own.reachable()).isTrue();
          PublishResult other = publisher.publish(List.of(rec(globex, "price", Action.DROP, 0.91)));
          assertThat(other.published()).as("NOPERM on another tenant's key").isZero();
          assertThat(cache.lookup(acme, "sales", "price")).isPresent();
          assertThat(cache.lookup(globex, "sales", "price")).as("another tenant's key is not readable").isEmpty();
        }
        assertThat(admin.hget(RedisKeys.recommendation(globex, "sales", "price"), "action")).isEqualTo("drop");
        assertThat(admin.exists(RedisKeys.recommendation(acme, "sales", "price"))).isTrue();
      } finally {
        admin.aclDelUser(user);
        admin.del(RedisKeys.recommendation(acme, "sales", "price"), RedisKeys.recommendation(globex, "sales", "price"),
            RedisKeys.hits(acme), RedisKeys.misses(acme), RedisKeys.hits(globex), RedisKeys.misses(globex));
      }
    }
  }
}
