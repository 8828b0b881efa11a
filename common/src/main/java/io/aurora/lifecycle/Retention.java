package io.aurora.lifecycle;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import io.aurora.store.Table;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * Which tables age out after {@code aurora.retention.days}, and by which time: the one rule that
 * maintain purges by and privacy-report dates the purge with.
 */
public final class Retention {
  private Retention() {}

  /**
   * The time that says how old a row of {@code table} is, when the table is under retention: a
   * run's start, a fingerprint's or recommendation's creation, a feedback's reception (or, for a row
   * a notebook appended without it, the recommendation's creation), a reject's rejection. Empty for
   * the tables that are kept (rules, lifecycle events).
   */
  public static Optional<Column> age(Table table) {
    return switch (table) {
      case RUNS -> Optional.of(col("started_at"));
      case FINGERPRINTS, RECOMMENDATIONS -> Optional.of(col("created_at"));
      case FEEDBACK -> Optional.of(coalesce(col("received_at"), col("recommended_at")));
      case FEEDBACK_REJECTS -> Optional.of(col("rejected_at"));
      default -> Optional.empty();
    };
  }
}
