package io.aurora.learn;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.sql.Timestamp;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code feedback} job: validates one batch of raw feedback and merges it into {@code feedback}
 * (insert-only by feedback_id) and {@code feedback_rejects} (insert-only by reject id). Both merges
 * are idempotent, so a batch ingested twice — a re-run, or a crash between the two commits — changes
 * nothing the second time.
 */
public final class FeedbackIngest {
  private static final Logger LOG = LogManager.getLogger(FeedbackIngest.class);

  private final TableStore store;

  public FeedbackIngest(TableStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** What one ingestion did: rows that arrived, were accepted (after de-duplication), were refused. */
  public record Report(String tenant, String runId, String origin, long accepted, long rejected) {}

  public Report ingest(Dataset<Row> raw, String tenant, String origin, String runId, Timestamp now) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("run id", runId);
    FeedbackValidation.Outcome outcome = new FeedbackValidation(store).validate(raw, tenant, origin, runId, now);
    Dataset<Row> accepted = outcome.accepted().persist();
    Dataset<Row> rejected = outcome.rejected().persist();
    try {
      long a = accepted.count();
      long r = rejected.count();
      // rejects first: if we crash in between, the re-run finds the same rows and both merges are no-ops for what landed
      if (r > 0) {
        store.upsert(Table.FEEDBACK_REJECTS, LearningTables.FEEDBACK_REJECTS, tenant, List.of("reject_id"), rejected, false);
      }
      if (a > 0) {
        store.upsert(Table.FEEDBACK, LearningTables.FEEDBACK, tenant, List.of("feedback_id"), accepted, false);
      }
      LOG.info("feedback tenant={} run={} origin={} accepted={} rejected={}", tenant, runId, origin, a, r);
      return new Report(tenant, runId, origin, a, r);
    } finally {
      accepted.unpersist();
      rejected.unpersist();
    }
  }
}
