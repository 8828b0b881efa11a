package io.aurora.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.recommend.Recommendation;
import io.aurora.recommend.ScoredAction;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints recommendations: one JSON object per line (SPEC §2.1) with --json, an aligned table otherwise. */
final class RecommendationOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecommendationOutput() {}

  static void print(List<Recommendation> recommendations, boolean json, PrintStream out) {
    if (json) {
      for (Recommendation r : recommendations) {
        out.println(toJson(r));
      }
      return;
    }
    out.println(String.format(Locale.ROOT, "%-28s %-17s %6s %-10s %-7s %-9s %s", "column", "action", "conf", "status",
        "source", "impute", "explanation"));
    for (Recommendation r : recommendations) {
      out.println(String.format(Locale.ROOT, "%-28s %-17s %6.2f %-10s %-7s %-9s %s", abbreviate(r.columnName(), 28),
          r.action().wireName(), r.confidence(), r.status(), r.source().wireName(),
          r.imputation().wireName() + (r.missingIndicator() ? "+ind" : ""), r.explanation()));
      if (r.status().equals(Recommendation.UNCERTAIN) && !r.alternatives().isEmpty()) {
        StringBuilder alts = new StringBuilder();
        for (ScoredAction a : r.alternatives()) {
          alts.append(alts.length() == 0 ? "" : ", ").append(a.action().wireName())
              .append(String.format(Locale.ROOT, " %.2f", a.confidence()));
        }
        out.println(String.format(Locale.ROOT, "%-28s   alternatives: %s", "", alts));
      }
    }
  }

  /** The SPEC §2.1 object of one recommendation, in the SPEC's field order. */
  static String toJson(Recommendation r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("tenant", r.tenant());
    o.put("dataset", r.dataset());
    o.put("run_id", r.runId());
    o.put("recommendation_id", r.recommendationId());
    o.put("column", r.columnName());
    o.put("action", r.action().wireName());
    o.put("confidence", round(r.confidence()));
    o.put("status", r.status());
    o.put("source", r.source().wireName());
    ArrayNode alts = o.putArray("alternatives");
    for (ScoredAction a : r.alternatives()) {
      ObjectNode alt = alts.addObject();
      alt.put("action", a.action().wireName());
      alt.put("confidence", round(a.confidence()));
    }
    o.put("imputation", r.imputation().wireName());
    o.put("explanation", r.explanation());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
