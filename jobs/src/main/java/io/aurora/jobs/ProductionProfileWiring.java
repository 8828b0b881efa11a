package io.aurora.jobs;

import io.aurora.config.ConfigKeys;
import io.aurora.ingest.DatasetReader;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.NoiseSource;
import io.aurora.privacy.PrivacyLedger;
import io.aurora.privacy.PrivacyLedgers;
import io.aurora.privacy.SecureNoiseSource;

/**
 * The profile command's real services: the ingest reader, the configured privacy ledger (PostgreSQL,
 * or the embedded file database under the warehouse) and exact secure noise.
 */
final class ProductionProfileWiring implements ProfileWiring {
  @Override
  public ReadResult read(JobContext context, ReadOptions options) {
    return new DatasetReader(context.spark())
        .withLimits(InputLimits.of(context.config()))
        .refusingInputsUnder(context.config().get(ConfigKeys.WAREHOUSE))
        .readToRelease(options);
  }

  @Override
  public PrivacyLedger ledger(JobContext context) {
    return PrivacyLedgers.open(context.config());
  }

  @Override
  public NoiseSource noise(JobContext context) {
    return new SecureNoiseSource();
  }
}
