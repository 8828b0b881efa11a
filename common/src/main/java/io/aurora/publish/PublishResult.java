package io.aurora.publish;

/**
 * What a publication did: how many recommendations were written, whether the target was reachable, and
 * how long the publication took in seconds (the Redis round trips, also when they failed).
 */
public record PublishResult(int published, boolean reachable, double seconds) {
  public PublishResult(int published, boolean reachable) {
    this(published, reachable, 0.0);
  }

  public static PublishResult skipped() {
    return new PublishResult(0, true);
  }
}
