package io.aurora.apply.ml;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks shared by AURORA's custom pipeline stages: input columns present, outputs new. */
final class StageSchemas {
  private StageSchemas() {}

  /** The field named {@code column}; IllegalArgumentException naming the stage and the column when absent. */
  static StructField require(StructType schema, String stage, String column) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(stage + ": input column '" + column + "' is missing");
    }
    return schema.apply(column);
  }

  /** {@code schema} with {@code column} of {@code type} added; IllegalArgumentException when it exists. */
  static StructType add(StructType schema, String stage, String column, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(stage + ": output column '" + column + "' already exists");
    }
    return schema.add(new StructField(column, type, true, org.apache.spark.sql.types.Metadata.empty()));
  }

  /** A column reference that takes {@code name} literally (dots, spaces and backquotes included). */
  static org.apache.spark.sql.Column col(String name) {
    return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
  }

  /**
   * {@code schema} with one output column of {@code type} per input column: same number of each, at
   * least one, every input present, every output new.
   */
  static StructType mapped(StructType schema, String stage, String[] inputs, String[] outputs, DataType type) {
    pairs(stage, inputs, outputs);
    StructType out = schema;
    for (int i = 0; i < inputs.length; i++) {
      require(schema, stage, inputs[i]);
      out = add(out, stage, outputs[i], type);
    }
    return out;
  }

  /** Same length of input and output columns, at least one. */
  static void pairs(String stage, String[] inputs, String[] outputs) {
    if (inputs.length == 0 || inputs.length != outputs.length) {
      throw new IllegalArgumentException(stage + ": needs as many output columns as input columns, at least one (were "
          + inputs.length + " and " + outputs.length + ")");
    }
  }
}
