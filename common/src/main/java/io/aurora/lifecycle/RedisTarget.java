package io.aurora.lifecycle;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.publish.RedisEraser;
import java.util.Optional;

/** The recommendations published to Redis ({@code aurora:<tenant>:…} keys), deleted with SCAN + UNLINK. */
public final class RedisTarget implements ForgetTarget {
  private final Optional<String> url;
  private final String password;

  public RedisTarget(AuroraConfig config) {
    this.url = config.find(ConfigKeys.REDIS_URL).filter(u -> !u.isBlank());
    this.password = config.find(ConfigKeys.REDIS_PASSWORD).orElse(null);
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Erasure forget(ForgetScope scope) {
    if (url.isEmpty()) {
      return Erasure.notConfigured(name(), "aurora.redis.url is not set: nothing was published");
    }
    try (RedisEraser eraser = new RedisEraser(url.get(), password)) {
      long keys = scope.wholeTenant() ? eraser.eraseTenant(scope.tenant()) : eraser.eraseDataset(scope.tenant(), scope.dataset());
      return Erasure.done(name(), keys, "keys deleted");
    } catch (RuntimeException e) {
      return Erasure.failed(name(), RedisEraser.printable(url.get()) + " unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }
}
