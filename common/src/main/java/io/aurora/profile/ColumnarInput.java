package io.aurora.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;

/**
 * The columnar batches under a dataset whose physical plan is a columnar scan turned into rows
 * (Parquet, ORC and Delta files read by Spark's vectorized readers), optionally under a projection
 * that only selects or renames columns. The profile then reads the batches themselves: each
 * column's values of a batch are folded in one run while that column's state is in the cache, and
 * the scan's own conversion of every batch into rows is not needed. Any other plan (filters,
 * computed columns, row-based sources) is read as rows.
 */
record ColumnarInput(SparkPlan scan, int[] vectors) {
  ColumnarInput {
    requireNonNull(scan, "scan is null");
    vectors = vectors.clone();
  }

  /** The batches, one Spark job when an action runs over them. */
  JavaRDD<ColumnarBatch> batches() {
    return scan.executeColumnar().toJavaRDD();
  }

  /** The columnar source of {@code rows}, when its plan is a plain columnar scan of the same values. */
  static Optional<ColumnarInput> of(Dataset<Row> rows) {
    SparkPlan plan = rows.queryExecution().executedPlan();
    if (plan instanceof WholeStageCodegenExec stage) {
      plan = stage.child();
    }
    List<NamedExpression> projection = null;
    if (plan instanceof ProjectExec project) {
      projection = JavaConverters.seqAsJavaList(project.projectList());
      plan = project.child();
    }
    if (!(plan instanceof ColumnarToRowExec toRows) || !toRows.child().supportsColumnar()) {
      return Optional.empty();
    }
    SparkPlan scan = toRows.child();
    List<Attribute> scanned = JavaConverters.seqAsJavaList(scan.output());
    StructType schema = rows.schema();
    int[] vectors = new int[schema.size()];
    for (int i = 0; i < vectors.length; i++) {
      Expression source = projection == null ? (i < scanned.size() ? scanned.get(i) : null) : (Expression) projection.get(i);
      if (source instanceof Alias alias) {
        source = alias.child();
      }
      int at = source instanceof Attribute attribute ? indexOf(scanned, attribute) : -1;
      if (at < 0 || !sameType(schema.fields()[i], scanned.get(at))) {
        return Optional.empty(); // a computed column: only rows carry its values
      }
      vectors[i] = at;
    }
    if (projection == null && scanned.size() != vectors.length) {
      return Optional.empty();
    }
    return Optional.of(new ColumnarInput(scan, vectors));
  }

  private static int indexOf(List<Attribute> scanned, Attribute attribute) {
    for (int i = 0; i < scanned.size(); i++) {
      if (scanned.get(i).exprId().equals(attribute.exprId())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameType(StructField field, Attribute attribute) {
    return field.dataType().equals(attribute.dataType());
  }
}
