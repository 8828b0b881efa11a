package io.aurora.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.testing.TestServices;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against the real Redis: SCAN pages, exact tenant and dataset boundaries, idempotence. */
class RedisEraserTest {
  @Test
  void erasesExactlyTheTenantsOrTheDatasetsKeysAcrossScanPages() {
    String url = TestServices.redisUrl();
    String tenant = "erase-" + UUID.randomUUID().toString().substring(0, 8);
    URI uri = URI.create(url);
    try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort()); RedisEraser eraser = new RedisEraser(url, null)) {
      for (int i = 0; i < 2500; i++) { // more than one SCAN page
        jedis.hset(RedisKeys.recommendation(tenant, i % 2 == 0 ? "sales" : "stock", "col " + i), "action", "drop");
      }
      jedis.set(RedisKeys.hits(tenant), "3");
      jedis.hset(RedisKeys.recommendation(tenant + "x", "sales", "c"), "action", "drop"); // a longer tenant id
      jedis.hset(RedisKeys.recommendation(tenant, "sales.v2", "c"), "action", "drop"); // a longer dataset id

      assertThat(eraser.eraseDataset(tenant, "sales")).isEqualTo(1250);
      assertThat(jedis.exists(RedisKeys.recommendation(tenant, "sales.v2", "c"))).isTrue();
      assertThat(jedis.exists(RedisKeys.recommendation(tenant, "stock", "col 1"))).isTrue();
      assertThat(jedis.exists(RedisKeys.hits(tenant))).isTrue();

      assertThat(eraser.eraseTenant(tenant)).isEqualTo(1250 + 1 + 1);
      assertThat(eraser.eraseTenant(tenant)).isZero();
      assertThat(jedis.exists(RedisKeys.recommendation(tenant + "x", "sales", "c"))).isTrue();
      jedis.del(RedisKeys.recommendation(tenant + "x", "sales", "c"));
    }
  }
}
