package io.aurora.store;

/** What one OPTIMIZE (file compaction) of a table did: files it replaced and files it wrote. */
public record Compaction(long filesRemoved, long filesAdded) {
  public static final Compaction NONE = new Compaction(0, 0);
}
