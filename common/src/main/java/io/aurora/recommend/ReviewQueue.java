package io.aurora.recommend;

import static java.util.Objects.requireNonNull;

import io.aurora.AuroraException;
import io.aurora.Identifiers;
import io.aurora.store.Table;
import io.aurora.store.TableStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The review queue of a dataset (SPEC §5): its uncertain recommendations, least confident first. */
public final class ReviewQueue {
  private final TableStore store;

  public ReviewQueue(TableStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * The uncertain recommendations of {@code dataset}'s run {@code runId} (null: the latest
   * recommended run), least confident first. Unknown dataset or run: bad input naming it.
   */
  public List<Recommendation> uncertain(String tenant, String dataset, String runId) {
    Identifiers.require("tenant", tenant);
    Identifiers.require("dataset", dataset);
    Dataset<Row> all = store.read(Table.RECOMMENDATIONS, Recommendation.SCHEMA, tenant)
        .where(functions.col("dataset").equalTo(dataset));
    String run = runId;
    if (run == null) {
      List<Row> latest = all.groupBy("run_id").agg(functions.max("created_at").as("at"))
          .orderBy(functions.col("at").desc(), functions.col("run_id").desc()).limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw AuroraException.badInput("unknown dataset '" + dataset + "' for tenant '" + tenant
            + "': no recommendations (run 'recommend' first)");
      }
      run = latest.get(0).getString(0);
    } else {
      Identifiers.require("run id", run);
      if (all.where(functions.col("run_id").equalTo(run)).limit(1).count() == 0) {
        throw AuroraException.badInput("unknown run id '" + run + "' for dataset '" + dataset + "'");
      }
    }
    List<Recommendation> out = new ArrayList<>();
    for (Row r : all.where(functions.col("run_id").equalTo(run)
            .and(functions.col("status").equalTo(Recommendation.UNCERTAIN)))
        .orderBy(functions.col("confidence").asc(), functions.col("column_index").asc()).collectAsList()) {
      out.add(Recommendation.fromRow(r));
    }
    return out;
  }
}
