package io.aurora.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the real services that {@code scripts/services.sh} started (PostgreSQL, Redis,
 * S3, MLflow, Spark master). Under the test command ({@code AURORA_REQUIRE_SERVICES=1}) a missing
 * service fails the test; in a developer's plain {@code ./mvnw test} it skips it.
 */
public final class TestServices {
  private TestServices() {}

  /** JDBC URL of the test PostgreSQL database (user/password: {@link #postgresUser()}/{@link #postgresPassword()}). */
  public static String postgresUrl() {
    return require("AURORA_TEST_POSTGRES_URL");
  }

  public static String postgresUser() {
    return System.getenv().getOrDefault("AURORA_TEST_POSTGRES_USER", "aurora");
  }

  public static String postgresPassword() {
    return System.getenv().getOrDefault("AURORA_TEST_POSTGRES_PASSWORD", "aurora");
  }

  /** redis://host:port/db */
  public static String redisUrl() {
    return require("AURORA_TEST_REDIS_URL");
  }

  /** http://host:port of the S3-compatible server; keys in AURORA_TEST_S3_ACCESS_KEY / _SECRET_KEY, bucket AURORA_TEST_S3_BUCKET. */
  public static String s3Endpoint() {
    return require("AURORA_TEST_S3_ENDPOINT");
  }

  public static String mlflowTrackingUri() {
    return require("AURORA_TEST_MLFLOW_URI");
  }

  /** spark://host:port of the standalone master; SPARK_HOME of the pyspark distribution in AURORA_TEST_SPARK_HOME. */
  public static String sparkMaster() {
    return require("AURORA_TEST_SPARK_MASTER");
  }

  /** http://host:port of the Prometheus Pushgateway (added by the platform area). */
  public static String pushgatewayUrl() {
    return require("AURORA_TEST_PUSHGATEWAY_URL");
  }

  /**
   * The executable {@code name} on the PATH (a tool {@code scripts/services.sh} installs, such as
   * {@code promtool} or {@code prometheus-pushgateway}); missing, it fails or skips like a service.
   */
  public static java.nio.file.Path tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, name);
      if (java.nio.file.Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if (System.getenv("AURORA_REQUIRE_SERVICES") != null) {
      throw new AssertionError(name + " is not on the PATH: the test command installs it (scripts/services.sh)");
    }
    Assumptions.abort(name + " not on the PATH: run scripts/services.sh up, which installs it");
    return null;
  }

  public static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      if (System.getenv("AURORA_REQUIRE_SERVICES") != null) {
        throw new AssertionError(name + " is not set: the test command must start this service (scripts/services.sh)");
      }
      Assumptions.abort(name + " not set: start services with scripts/services.sh up");
    }
    return value;
  }
}
