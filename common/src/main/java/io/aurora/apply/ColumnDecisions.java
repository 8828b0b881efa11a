package io.aurora.apply;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.fingerprint.Fingerprint;
import io.aurora.learn.LearningTables;
import io.aurora.recommend.Action;
import io.aurora.recommend.Recommendation;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The decisions {@code apply} works from: the recommendations of a dataset's latest recommended run
 * (or a given one), each overridden by the analysts' latest valid verdict on it in {@code feedback}.
 * Verdicts are checked here as {@code feedback} and {@code learn} check them (a notebook may have
 * appended rows nobody validated yet): a known verdict, a known action for a correction, an accept
 * that does not name another action. Reads recommendations, feedback and fingerprints metadata only.
 */
public final class ColumnDecisions {
  private final TableStore store;

  public ColumnDecisions(TableStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** The decisions of one recommended run, in column order. */
  public record DecidedRun(String runId, List<ColumnDecision> decisions) {
    public DecidedRun {
      requireNonNull(runId, "runId is null");
      decisions = List.copyOf(decisions);
    }
  }

  /**
   * The decisions for {@code dataset}'s run {@code runId} (null: the latest recommended run). Unknown
   * dataset or run: bad input naming it.
   */
  public DecidedRun forRun(String tenant, String dataset, String runId) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("dataset", dataset);
    Dataset<Row> all = store.read(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant).where(col("dataset").equalTo(dataset));
    String run = runId;
    if (run == null) {
      List<Row> latest = all.groupBy("run_id").agg(functions.max("created_at").as("at"))
          .orderBy(col("at").desc(), col("run_id").desc()).limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw AuroraException.badInput("unknown dataset '" + dataset + "' for tenant '" + tenant
            + "': no recommendations to apply (run 'aurora run' first)");
      }
      run = latest.get(0).getString(0);
    } else {
      Identifiers.require("run id", run);
    }
    List<Recommendation> recommendations = new ArrayList<>();
    for (Row r : all.where(col("run_id").equalTo(run)).collectAsList()) {
      recommendations.add(Recommendation.fromRow(r));
    }
    if (recommendations.isEmpty()) {
      throw AuroraException.badInput("unknown run id '" + run + "' for dataset '" + dataset + "': no recommendations");
    }
    recommendations.sort(Comparator.comparingInt(Recommendation::columnIndex));
    Map<String, Verdict> verdicts = verdicts(tenant, recommendations);
    Map<String, String> types = typeClasses(tenant, dataset, run);
    List<ColumnDecision> decisions = new ArrayList<>();
    for (Recommendation r : recommendations) {
      Verdict v = verdicts.get(r.recommendationId());
      ColumnDecision.Origin origin = v == null ? ColumnDecision.Origin.RECOMMENDED
          : v.action() == null ? ColumnDecision.Origin.ACCEPTED : ColumnDecision.Origin.CORRECTED;
      Action action = origin == ColumnDecision.Origin.CORRECTED ? v.action() : r.action();
      decisions.add(new ColumnDecision(r.columnIndex(), r.columnName(), action, r.imputation(), r.missingIndicator(),
          r.status(), origin, r.action(), r.recommendationId(), types.get(r.columnName())));
    }
    return new DecidedRun(run, decisions);
  }

  /** An analyst's verdict: an accept (action null) or a correction to {@code action}. */
  private record Verdict(Action action, Timestamp receivedAt, String feedbackId) {}

  /** The latest valid verdict per recommendation id (received_at, then corrections before accepts, then id). */
  private Map<String, Verdict> verdicts(String tenant, List<Recommendation> recommendations) {
    Map<String, Recommendation> byId = new HashMap<>();
    for (Recommendation r : recommendations) {
      byId.put(r.recommendationId(), r);
    }
    Dataset<Row> feedback = store.read(Table.FEEDBACK, LearningTables.FEEDBACK, tenant)
        .where(functions.trim(col("recommendation_id")).isin(byId.keySet().toArray()))
        .select(functions.trim(col("recommendation_id")), col("verdict"), col("correct_action"), col("received_at"),
            col("feedback_id"));
    Map<String, Verdict> latest = new HashMap<>();
    Comparator<Verdict> order = Comparator.comparing(Verdict::receivedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(v -> v.action() != null)
        .thenComparing(Verdict::feedbackId, Comparator.nullsFirst(Comparator.naturalOrder()));
    for (Row row : feedback.collectAsList()) {
      Recommendation r = byId.get(row.getString(0));
      String verdict = row.isNullAt(1) ? "" : row.getString(1).trim().toLowerCase(Locale.ROOT);
      String named = row.isNullAt(2) || row.getString(2).isBlank() ? null : row.getString(2).trim().toLowerCase(Locale.ROOT);
      Verdict v;
      if (verdict.equals("correct") && named != null && Action.isAction(named)) {
        Action corrected = Action.fromWire(named);
        v = new Verdict(corrected == r.action() ? null : corrected, row.getTimestamp(3), row.getString(4));
      } else if (verdict.equals("accept") && (named == null || named.equals(r.action().wireName()))) {
        v = new Verdict(null, row.getTimestamp(3), row.getString(4));
      } else {
        continue; // refused by validation: feedback_rejects holds it once feedback or learn has seen it
      }
      latest.merge(r.recommendationId(), v, (a, b) -> order.compare(a, b) >= 0 ? a : b);
    }
    return latest;
  }

  private Map<String, String> typeClasses(String tenant, String dataset, String run) {
    Map<String, String> types = new HashMap<>();
    for (Row r : store.read(Table.FINGERPRINTS, Fingerprint.SCHEMA, tenant)
        .where(col("dataset").equalTo(dataset).and(col("run_id").equalTo(run)))
        .select("column_name", "type_class").collectAsList()) {
      types.put(r.getString(0), r.getString(1));
    }
    return types;
  }
}
