package io.aurora.publish;

import static java.util.Objects.requireNonNull;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Deletes what AURORA published to Redis about a tenant or one of its datasets ({@link RedisKeys}):
 * walks the keyspace with SCAN (never KEYS, which blocks the server) and UNLINKs each page of
 * matches. Deleting keys that are already gone is harmless, so a retry is safe. Failures surface as
 * Jedis exceptions: the caller decides what an unreachable Redis means.
 */
public final class RedisEraser implements AutoCloseable {
  private static final int PAGE = 1000;

  private final JedisPool pool;

  public RedisEraser(String url, String password) {
    this.pool = RedisConnection.open(requireNonNull(url, "url is null"), password);
  }

  /** Deletes every key of {@code tenant}; returns how many were deleted. */
  public long eraseTenant(String tenant) {
    return erase(RedisKeys.tenantPattern(tenant));
  }

  /** Deletes the published recommendations of {@code dataset} (the tenant's cache counters stay); returns how many. */
  public long eraseDataset(String tenant, String dataset) {
    return erase(RedisKeys.datasetPattern(tenant, dataset));
  }

  private long erase(String pattern) {
    long deleted = 0;
    try (Jedis jedis = pool.getResource()) {
      ScanParams params = new ScanParams().match(pattern).count(PAGE);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, params);
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          deleted += jedis.unlink(keys.toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return deleted;
  }

  /** The URL without credentials, for messages. */
  public static String printable(String url) {
    return RedisConnection.printable(url);
  }

  @Override
  public void close() {
    pool.close();
  }
}
