package io.aurora.publish;

import io.aurora.recommend.Action;
import io.aurora.recommend.Imputation;
import io.aurora.recommend.ScoredAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A recommendation as an application reads it back from the Redis cache. */
public record CachedRecommendation(
    String runId,
    String recommendationId,
    String column,
    Action action,
    double confidence,
    String status,
    String source,
    List<ScoredAction> alternatives,
    Imputation imputation,
    boolean missingIndicator,
    String explanation) {

  static CachedRecommendation fromHash(Map<String, String> h) {
    List<ScoredAction> alts = new ArrayList<>();
    String a = h.getOrDefault("alternatives", "");
    if (!a.isEmpty()) {
      for (String part : a.split(",")) {
        int colon = part.lastIndexOf(':');
        alts.add(new ScoredAction(Action.fromWire(part.substring(0, colon)), Double.parseDouble(part.substring(colon + 1))));
      }
    }
    return new CachedRecommendation(h.get("run_id"), h.get("recommendation_id"), h.get("column"),
        Action.fromWire(h.get("action")), Double.parseDouble(h.get("confidence")), h.get("status"), h.get("source"),
        alts, Imputation.fromWire(h.get("imputation")), Boolean.parseBoolean(h.get("missing_indicator")),
        h.get("explanation"));
  }
}
