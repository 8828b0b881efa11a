package io.aurora.publish;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;

/** Chooses the publisher of a job from its configuration: Redis when {@code aurora.redis.url} is set, else none. */
public final class RecommendationPublishers {
  private RecommendationPublishers() {}

  public static RecommendationPublisher from(AuroraConfig config) {
    if (config.find(ConfigKeys.REDIS_URL).isEmpty()) {
      return RecommendationPublisher.none();
    }
    return new RedisRecommendationPublisher(config.get(ConfigKeys.REDIS_URL), config.find(ConfigKeys.REDIS_USER).orElse(null),
        config.find(ConfigKeys.REDIS_PASSWORD).orElse(null), config.getLong(ConfigKeys.REDIS_TTL_SECONDS));
  }
}
