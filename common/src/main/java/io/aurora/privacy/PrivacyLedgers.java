package io.aurora.privacy;

import io.aurora.AuroraException;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.config.PostgresSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the privacy ledger a configuration asks for: PostgreSQL when {@code aurora.postgres.url} is
 * set, otherwise the embedded file database at {@code <warehouse>/_ledger/ledger} (no server, no port;
 * the folder readable by its owner only) — which exists only for a local warehouse: with an
 * {@code s3a://} or {@code hdfs://} warehouse the operator must configure PostgreSQL (exit 2 otherwise).
 */
public final class PrivacyLedgers {
  /** Folder under the warehouse root holding the embedded ledger. */
  public static final String EMBEDDED_FOLDER = "_ledger";

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private PrivacyLedgers() {}

  /** The ledger for a job that releases: writable; a read-only warehouse is a usage error (exit 2). */
  public static PrivacyLedger open(AuroraConfig config) {
    return open(config, false);
  }

  /** The ledger for a command that only reads it (privacy-report): also on a read-only warehouse. */
  public static PrivacyLedger openForReading(AuroraConfig config) {
    return open(config, true);
  }

  /** The policy of {@code config}: initial lifetime budget and quota (exit 2 for values out of range). */
  public static LedgerPolicy policy(AuroraConfig config) {
    LifetimeBudget initial = new LifetimeBudget(config.getDouble(ConfigKeys.DATASET_BUDGET), config.getDouble(ConfigKeys.DATASET_BUDGET_DELTA));
    long quota = config.getLong(ConfigKeys.QUOTA_PROFILE_RUNS_PER_HOUR);
    if (quota < 0 || quota > 1_000_000) {
      throw AuroraException.badInput("aurora.quota.profile-runs-per-hour must be between 0 (no quota) and 1000000, got " + quota);
    }
    return new LedgerPolicy(initial, (int) quota);
  }

  private static PrivacyLedger open(AuroraConfig config, boolean reading) {
    LedgerPolicy policy = policy(config);
    Optional<PostgresSettings> postgres = PostgresSettings.from(config);
    if (postgres.isPresent()) {
      String schema = config.find(ConfigKeys.LEDGER_SCHEMA).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
      return JdbcPrivacyLedger.postgres(postgres.get(), schema, config.getInt(ConfigKeys.POSTGRES_POOL_SIZE), policy);
    }
    long lockSeconds = config.getLong(ConfigKeys.LEDGER_LOCK_TIMEOUT);
    if (lockSeconds < 1 || lockSeconds > 86_400) {
      throw AuroraException.badInput("aurora.ledger.lock-timeout-seconds must be between 1 and 86400, got " + lockSeconds);
    }
    Path folder = embeddedFolder(config.get(ConfigKeys.WAREHOUSE));
    if (folder.toString().contains(";")) {
      // ';' separates settings in an H2 URL: a path containing it would change the database's settings
      throw AuroraException.badInput("the warehouse path " + folder.getParent() + " contains ';', which the embedded privacy ledger cannot use");
    }
    boolean readOnly = reading && Files.isDirectory(folder) && !Files.isWritable(folder);
    if (!readOnly) {
      prepareFolder(folder);
    }
    return JdbcPrivacyLedger.embedded(folder, readOnly, Duration.ofSeconds(lockSeconds), policy);
  }

  /** Creates {@code folder} readable by its owner only, or tightens it; a read-only warehouse is exit 2. */
  private static void prepareFolder(Path folder) {
    try {
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(folder.getParent());
        try {
          Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
          Files.createDirectory(folder);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // a concurrent first run created it
        }
      }
      PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
      if (view != null && !view.readAttributes().permissions().equals(OWNER_ONLY)) {
        view.setPermissions(OWNER_ONLY);
      }
      if (!Files.isWritable(folder)) {
        throw readOnly(folder);
      }
    } catch (AccessDeniedException e) {
      throw readOnly(folder);
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().toLowerCase(Locale.ROOT).contains("read-only")) {
        throw readOnly(folder);
      }
      throw AuroraException.badInput("cannot create the embedded privacy ledger folder " + folder + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (IOException e) {
      throw AuroraException.badInput("cannot create the embedded privacy ledger folder " + folder + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static AuroraException readOnly(Path folder) {
    return AuroraException.badInput("the warehouse " + folder.getParent() + " is read-only (cannot write " + folder
        + "): profile and run record their releases in its privacy ledger; privacy-report, review and rules only read it");
  }

  /**
   * True when {@code config} names no PostgreSQL and no embedded ledger file exists yet: nothing was
   * ever released, and a read-only caller need not create one.
   */
  public static boolean neverUsed(AuroraConfig config) {
    if (PostgresSettings.from(config).isPresent()) {
      return false;
    }
    return !Files.exists(embeddedFolder(config.get(ConfigKeys.WAREHOUSE)).resolve("ledger.mv.db"));
  }

  /** {@code <warehouse>/_ledger} for a local warehouse; exit 2 for a remote one. */
  public static Path embeddedFolder(String warehouse) {
    String w = warehouse.trim();
    int colon = w.indexOf("://");
    String scheme = colon > 0 ? w.substring(0, colon).toLowerCase(Locale.ROOT) : null;
    Path root;
    if (scheme == null && w.startsWith("file:")) {
      root = Path.of(w.substring("file:".length()));
    } else if (scheme == null || (scheme.length() == 1 && Character.isLetter(scheme.charAt(0)))) {
      root = Path.of(w); // plain path (a single letter before ':' is a Windows drive)
    } else if (scheme.equals("file")) {
      root = Path.of(URI.create(w));
    } else {
      throw AuroraException.badInput("the warehouse " + scheme + "://... is not a local path, so the privacy ledger cannot be "
          + "embedded there: set aurora.postgres.url (and aurora.postgres.user, AURORA_POSTGRES_PASSWORD) to a PostgreSQL database");
    }
    return root.resolve(EMBEDDED_FOLDER);
  }
}
