package io.aurora.jobs;

import io.aurora.AuroraException;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.ingest.ReadLimits;

/** The bounds on input records, from the {@code aurora.ingest.*} configuration keys. */
final class InputLimits {
  private InputLimits() {}

  static ReadLimits of(AuroraConfig config) {
    long record = config.getLong(ConfigKeys.INGEST_MAX_RECORD_CHARS);
    long field = config.getLong(ConfigKeys.INGEST_MAX_FIELD_CHARS);
    long columns = config.getLong(ConfigKeys.INGEST_MAX_COLUMNS);
    if (record < 1024 || record > Integer.MAX_VALUE - 16) {
      throw AuroraException.badInput("config key '" + ConfigKeys.INGEST_MAX_RECORD_CHARS.name()
          + "' must be between 1024 and " + (Integer.MAX_VALUE - 16) + ", got " + record);
    }
    if (field < 1 || field > record) {
      throw AuroraException.badInput("config key '" + ConfigKeys.INGEST_MAX_FIELD_CHARS.name()
          + "' must be between 1 and " + ConfigKeys.INGEST_MAX_RECORD_CHARS.name() + " (" + record + "), got " + field);
    }
    if (columns < 1 || columns > 1_000_000) {
      throw AuroraException.badInput("config key '" + ConfigKeys.INGEST_MAX_COLUMNS.name()
          + "' must be between 1 and 1000000, got " + columns);
    }
    long keys = config.getLong(ConfigKeys.INGEST_JSON_MAX_KEYS_PER_ROW);
    if (keys < 1 || keys > 10_000) {
      throw AuroraException.badInput("config key '" + ConfigKeys.INGEST_JSON_MAX_KEYS_PER_ROW.name()
          + "' must be between 1 and 10000, got " + keys);
    }
    return new ReadLimits((int) record, (int) field, (int) columns, (int) keys);
  }
}
