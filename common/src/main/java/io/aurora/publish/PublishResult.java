package io.aurora.publish;

/** What a publication did: how many recommendations were written, and whether the target was reachable. */
public record PublishResult(int published, boolean reachable) {
  public static PublishResult skipped() {
    return new PublishResult(0, true);
  }
}
