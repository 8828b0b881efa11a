package io.aurora.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every configuration key AURORA knows; an unknown {@code aurora.*} key is a usage error (exit 2). */
public final class ConfigKeys {
  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  public static final ConfigKey WAREHOUSE = key("aurora.warehouse", "./warehouse", "Root URI of the Delta tables and embedded state (local path, s3a://, hdfs://)");
  public static final ConfigKey TENANT = key("aurora.tenant", "default", "Tenant every read and write is scoped to");
  public static final ConfigKey SPARK_MASTER = key("aurora.spark.master", null, "Spark master when not launched by spark-submit (the launcher uses local[*])");

  public static final ConfigKey EPSILON = key("aurora.privacy.epsilon", "1.0", "Privacy budget ε of one profile run, composed over all columns and statistics");
  public static final ConfigKey DATASET_BUDGET = key("aurora.privacy.dataset-budget", "10",
      "Lifetime ε budget a dataset gets when the ledger first sees it (each partition has one of this size); afterwards only 'privacy-budget' changes it");
  public static final ConfigKey DATASET_BUDGET_DELTA = key("aurora.privacy.dataset-budget-delta", "1e-9",
      "δ of the lifetime budget of a dataset first seen (the ledger adds up ρ and converts this (ε, δ) to ρ once)");
  public static final ConfigKey DELTA = key("aurora.privacy.delta", "1e-9", "δ of one run when Gaussian noise is used (0: pure ε, Laplace noise; at most 1e-6)");
  public static final ConfigKey QUOTA_PROFILE_RUNS_PER_HOUR = key("aurora.quota.profile-runs-per-hour", "0",
      "Most profile runs that release (debit the ledger) per tenant in any hour, enforced in the ledger database; 0: no quota");
  public static final ConfigKey LEDGER_SCHEMA = key("aurora.ledger.schema", null,
      "PostgreSQL schema of the privacy ledger's tables (created by its migrations); unset: the connection's default schema");
  public static final ConfigKey LEDGER_LOCK_TIMEOUT = key("aurora.ledger.lock-timeout-seconds", "30",
      "Seconds a call waits while another process has the embedded ledger file open before failing with exit 4");

  public static final ConfigKey POSTGRES_URL = key("aurora.postgres.url", null, "JDBC URL of PostgreSQL (privacy ledger, feedback inbox); unset: embedded file database under the warehouse");
  public static final ConfigKey POSTGRES_USER = key("aurora.postgres.user", null, "PostgreSQL user");
  public static final ConfigKey POSTGRES_PASSWORD = secret("aurora.postgres.password", "PostgreSQL password (environment or password file only)");
  public static final ConfigKey POSTGRES_PASSWORD_FILE = key("aurora.postgres.password-file", null, "File holding the PostgreSQL password");
  public static final ConfigKey POSTGRES_POOL_SIZE = key("aurora.postgres.pool-size", "4", "Connection pool size");
  public static final ConfigKey POSTGRES_SSL_MODE = key("aurora.postgres.sslmode", null,
      "PostgreSQL TLS mode (disable, prefer, require, verify-ca, verify-full); unset: verify-full for a remote host, prefer on loopback");
  public static final ConfigKey POSTGRES_SSL_ROOT_CERT = key("aurora.postgres.ssl-root-cert", null,
      "CA certificate file that verify-ca / verify-full check the server against (unset: the driver's default ~/.postgresql/root.crt)");
  public static final ConfigKey POSTGRES_CONNECT_TIMEOUT = key("aurora.postgres.connect-timeout-seconds", "5", "Seconds to wait for a PostgreSQL connection");
  public static final ConfigKey POSTGRES_SOCKET_TIMEOUT = key("aurora.postgres.socket-timeout-seconds", "330",
      "Seconds a PostgreSQL read may block before the connection is dropped (above the statement timeout)");
  public static final ConfigKey POSTGRES_LOCK_TIMEOUT = key("aurora.postgres.lock-timeout-seconds", "10",
      "Seconds a PostgreSQL statement waits for a row lock (e.g. a dataset's budget row) before failing with exit 4");
  public static final ConfigKey POSTGRES_STATEMENT_TIMEOUT = key("aurora.postgres.statement-timeout-seconds", "300",
      "Seconds a PostgreSQL statement may run");

  public static final ConfigKey REDIS_URL = key("aurora.redis.url", null, "Redis URL (redis://host:port/db); unset: no publication");
  public static final ConfigKey REDIS_USER = key("aurora.redis.user", null, "Redis ACL user (Redis 6+; e.g. one per tenant, docs/security.md); unset: the default user");
  public static final ConfigKey REDIS_PASSWORD = secret("aurora.redis.password", "Redis password (environment or password file only)");
  public static final ConfigKey REDIS_TTL_SECONDS = key("aurora.redis.ttl-seconds", "604800", "TTL of published recommendations");

  public static final ConfigKey MLFLOW_TRACKING_URI = key("aurora.mlflow.tracking-uri", null, "MLflow tracking URI; unset: local registry folder under the warehouse");
  public static final ConfigKey MLFLOW_TOKEN = secret("aurora.mlflow.token", "MLflow bearer token (environment or file only)");
  public static final ConfigKey MODEL_NAME = key("aurora.model.name", "aurora-recommender", "Registered model name");

  public static final ConfigKey S3_ENDPOINT = key("aurora.s3.endpoint", null, "S3-compatible endpoint for s3a:// paths");
  public static final ConfigKey S3_ACCESS_KEY = key("aurora.s3.access-key", null, "S3 access key id");
  public static final ConfigKey S3_SECRET_KEY = secret("aurora.s3.secret-key", "S3 secret key (environment or file only)");
  public static final ConfigKey S3_PATH_STYLE = key("aurora.s3.path-style", "true", "Use path-style S3 access");

  public static final ConfigKey PUSHGATEWAY_URL = key("aurora.metrics.pushgateway", null, "Prometheus Pushgateway URL; unset: no metrics pushed");
  public static final ConfigKey PUSHGATEWAY_USER = key("aurora.metrics.pushgateway-user", null, "User for the Pushgateway's HTTP basic authentication; unset: no authentication");
  public static final ConfigKey PUSHGATEWAY_PASSWORD = secret("aurora.metrics.pushgateway-password", "Pushgateway basic-authentication password (environment or password file only)");
  public static final ConfigKey PUSHGATEWAY_PASSWORD_FILE = key("aurora.metrics.pushgateway-password-file", null, "File holding the Pushgateway password");

  public static final ConfigKey UNCERTAIN_BELOW = key("aurora.recommend.uncertain-below", "0.6", "Confidence below which a recommendation is 'uncertain'");
  public static final ConfigKey MIN_CORRECTIONS = key("aurora.learning.min-corrections", "5", "Corrections to one action for one pattern that create a rule");
  public static final ConfigKey CROSS_TENANT_MODEL = key("aurora.learning.cross-tenant", "false", "Let the model learn across tenants");
  public static final ConfigKey RETENTION_DAYS = key("aurora.retention.days", "90", "Days rows are kept before maintain purges them");
  // added by learning (issue 6)
  public static final ConfigKey INBOX_SCHEMA = key("aurora.inbox.schema", "aurora_inbox", "PostgreSQL schema of the feedback inbox (created by its migrations)");
  public static final ConfigKey INBOX_BATCH = key("aurora.inbox.batch-size", "500000", "Most inbox rows one feedback --from-postgres run consumes");

  // added by models (issue 19)
  public static final ConfigKey RETRAIN_MIN_NEW_LABELS = key("aurora.retrain.min-new-labels", "100", "Feedback labels that must have arrived since the newest model version was trained before retrain trains");
  public static final ConfigKey RETRAIN_MARGIN = key("aurora.retrain.promotion-margin", "0.01", "Holdout accuracy a retrained model must gain over the expert rules and the champion to be promoted");
  public static final ConfigKey RETRAIN_FEEDBACK_WEIGHT = key("aurora.retrain.feedback-weight", "4", "Weight of an analyst's label against one of the built-in corpus in training");

  public static final ConfigKey REDIS_PASSWORD_FILE = key("aurora.redis.password-file", null, "File holding the Redis password");
  public static final ConfigKey MLFLOW_TOKEN_FILE = key("aurora.mlflow.token-file", null, "File holding the MLflow bearer token");
  public static final ConfigKey S3_SECRET_KEY_FILE = key("aurora.s3.secret-key-file", null, "File holding the S3 secret key");

  // added by ingest (issue 24): bounds on one input record, so no input can exhaust a task's memory
  public static final ConfigKey INGEST_MAX_RECORD_CHARS = key("aurora.ingest.max-record-chars", "8388608", "Longest input record in characters (a JSON line; a CSV row with its quoted line breaks); longer ones are counted as malformed");
  public static final ConfigKey INGEST_MAX_FIELD_CHARS = key("aurora.ingest.max-field-chars", "1048576", "Longest field of a CSV row in characters; a row with a longer one is malformed");
  public static final ConfigKey INGEST_JSON_MAX_KEYS_PER_ROW = key("aurora.ingest.json.max-keys-per-row", "32", "Keys a JSON line contributes to the differentially private key selection at most (its first ones); the selection's noise grows with its square root");
  public static final ConfigKey INGEST_MAX_COLUMNS = key("aurora.ingest.max-columns", "20000", "Most fields of a CSV row; a row with more is malformed");

  private ConfigKeys() {}

  private static ConfigKey key(String name, String defaultValue, String description) {
    ConfigKey key = new ConfigKey(name, defaultValue, false, description);
    KEYS.put(name, key);
    return key;
  }

  private static ConfigKey secret(String name, String description) {
    ConfigKey key = new ConfigKey(name, null, true, description);
    KEYS.put(name, key);
    return key;
  }

  /** The key named {@code name}, if AURORA knows it. */
  public static Optional<ConfigKey> find(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  /** All known keys in declaration order. */
  public static Iterable<ConfigKey> all() {
    return java.util.Collections.unmodifiableCollection(KEYS.values());
  }
}
