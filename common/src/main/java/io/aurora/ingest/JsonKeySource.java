package io.aurora.ingest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON-lines input read without a declared schema: its keys are data, so its columns are known only
 * once a differentially private key selection has released them. Both calls scan the input.
 */
public interface JsonKeySource {
  /**
   * Every top-level key with the number of well-formed rows holding it, streamed from one Spark job
   * (nothing collected at once); each row counts its first {@link #maxKeysPerRow()} distinct keys in
   * written order, keys over {@link JsonKeyCounts#MAX_KEY_CHARS} characters not at all. The counts
   * are exact: the input of the selection, never to be logged, stored or printed.
   */
  Iterator<Map.Entry<String, Long>> rowCounts();

  /** The keys one row contributes to {@link #rowCounts()} at most ({@link ReadLimits#maxJsonKeysPerRow()}). */
  int maxKeysPerRow();

  /** The input read with {@code keys} as its columns, each as text: types follow from released statistics. */
  ReadResult read(List<String> keys);
}
