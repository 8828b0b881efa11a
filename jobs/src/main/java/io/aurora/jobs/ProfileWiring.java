package io.aurora.jobs;

import io.aurora.AuroraException;
import io.aurora.ingest.ReadOptions;
import io.aurora.ingest.ReadResult;
import io.aurora.privacy.NoiseSource;
import io.aurora.privacy.PrivacyLedger;

/**
 * The services the profile command needs from other modules: the dataset reader (ingest), the
 * privacy ledger and the secure noise source (privacy). Built at the command's entry from the job
 * context; tests pass their own.
 */
interface ProfileWiring {
  ReadResult read(JobContext context, ReadOptions options);

  PrivacyLedger ledger(JobContext context);

  NoiseSource noise(JobContext context);
}
