package io.aurora.privacy;

import io.aurora.AuroraException;
import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the privacy ledger a configuration asks for: PostgreSQL when {@code aurora.postgres.url} is
 * set, otherwise an embedded H2 file database at {@code <warehouse>/_ledger/ledger} — which exists
 * only for a local warehouse: with an {@code s3a://} or {@code hdfs://} warehouse the operator must
 * configure PostgreSQL (exit 2 otherwise).
 */
public final class PrivacyLedgers {
  /** Folder under the warehouse root holding the embedded ledger. */
  public static final String EMBEDDED_FOLDER = "_ledger";

  private PrivacyLedgers() {}

  public static PrivacyLedger open(AuroraConfig config) {
    Optional<String> url = config.find(ConfigKeys.POSTGRES_URL).filter(u -> !u.isBlank());
    int poolSize = config.getInt(ConfigKeys.POSTGRES_POOL_SIZE);
    if (url.isPresent()) {
      String user = config.find(ConfigKeys.POSTGRES_USER).orElse(null);
      return JdbcPrivacyLedger.open(url.get().trim(), user, password(config), null, poolSize);
    }
    Path folder = embeddedFolder(config.get(ConfigKeys.WAREHOUSE));
    if (folder.toString().contains(";")) {
      // ';' separates settings in an H2 URL: a path containing it would change the database's settings
      throw AuroraException.badInput("the warehouse path " + folder.getParent() + " contains ';', which the embedded privacy ledger cannot use");
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw AuroraException.badInput("cannot create the embedded privacy ledger folder " + folder + " (" + e.getClass().getSimpleName() + ")", e);
    }
    // AUTO_SERVER lets concurrent local runs share the file; LOCK_TIMEOUT lets a debit wait for another's lock
    String jdbcUrl = "jdbc:h2:file:" + folder.resolve("ledger").toAbsolutePath() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
    return JdbcPrivacyLedger.open(jdbcUrl, "aurora", "", null, poolSize);
  }

  /**
   * True when {@code config} names no PostgreSQL and no embedded ledger file exists yet: nothing was
   * ever released, and a read-only caller need not create one.
   */
  public static boolean neverUsed(AuroraConfig config) {
    if (config.find(ConfigKeys.POSTGRES_URL).filter(u -> !u.isBlank()).isPresent()) {
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

  private static String password(AuroraConfig config) {
    Optional<String> direct = config.find(ConfigKeys.POSTGRES_PASSWORD);
    if (direct.isPresent()) {
      return direct.get();
    }
    Optional<String> file = config.find(ConfigKeys.POSTGRES_PASSWORD_FILE);
    if (file.isEmpty()) {
      return null;
    }
    try {
      return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw AuroraException.badInput("cannot read aurora.postgres.password-file " + file.get() + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
