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

  /**
   * Until the ingest reader and the privacy ledger/secure noise source are merged, profiling refuses
   * to run (privacy fails closed). Integration: read = the ingest DatasetReader, ledger = the
   * configured PrivacyLedger (PostgreSQL or embedded), noise = SecureNoiseSource.
   */
  ProfileWiring PENDING = new ProfileWiring() {
    @Override
    public ReadResult read(JobContext context, ReadOptions options) {
      throw unavailable();
    }

    @Override
    public PrivacyLedger ledger(JobContext context) {
      throw unavailable();
    }

    @Override
    public NoiseSource noise(JobContext context) {
      throw unavailable();
    }

    private AuroraException unavailable() {
      return AuroraException.badInput("command 'profile' needs the dataset reader and the privacy ledger, which are not part of this build yet");
    }
  };
}
