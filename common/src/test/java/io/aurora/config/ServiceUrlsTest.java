package io.aurora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServiceUrlsTest {
  private static AuroraConfig load(Map<String, String> environment, String... conf) {
    return AuroraConfigLoader.load(Map.of(), List.of(conf), Map.of(), environment, null);
  }

  /** A password inside a URL is refused from every source, naming the secret setting, never echoing the value. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "aurora.redis.url=redis://:hunter2@cache:6379/0 | AURORA_REDIS_PASSWORD | aurora.redis.password-file",
      "aurora.redis.url=redis://default:hunter2@cache:6379/0 | AURORA_REDIS_PASSWORD | aurora.redis.password-file",
      "aurora.redis.url=rediss://hunter2@cache/0 | AURORA_REDIS_PASSWORD | aurora.redis.password-file",
      "aurora.redis.url=redis://:hun/ter?2@cache/0 | AURORA_REDIS_PASSWORD | aurora.redis.password-file",
      "aurora.postgres.url=jdbc:postgresql://db:5432/aurora?user=aurora&password=hunter2 | AURORA_POSTGRES_PASSWORD | aurora.postgres.password-file",
      "aurora.postgres.url=jdbc:postgresql://aurora:hunter2@db:5432/aurora | AURORA_POSTGRES_PASSWORD | aurora.postgres.password-file",
      "aurora.postgres.url=jdbc:postgresql://db/aurora?sslpassword=hunter2 | AURORA_POSTGRES_PASSWORD | aurora.postgres.password-file",
      "aurora.postgres.url=jdbc:h2:file:/tmp/x;USER=sa;PASSWORD=hunter2 | AURORA_POSTGRES_PASSWORD | aurora.postgres.password-file",
      "aurora.mlflow.tracking-uri=https://ops:hunter2@mlflow.example | AURORA_MLFLOW_TOKEN | aurora.mlflow.token-file",
      "aurora.mlflow.tracking-uri=https://mlflow.example/?token=hunter2 | AURORA_MLFLOW_TOKEN | aurora.mlflow.token-file",
      "aurora.s3.endpoint=http://minio:hunter2@minio:9000 | AURORA_S3_SECRET_KEY | aurora.s3.secret-key-file",
      "aurora.metrics.pushgateway=http://ops:hunter2@pushgateway:9091 | AURORA_METRICS_PUSHGATEWAY_PASSWORD | aurora.metrics.pushgateway-password-file",
      "aurora.warehouse=s3a://AKIA:hunter2@lake/aurora | AURORA_S3_SECRET_KEY | aurora.s3.secret-key-file"})
  void credentialsInsideAUrlAreRefusedNamingTheSecretSetting(String pair, String variable, String fileKey) {
    String key = pair.substring(0, pair.indexOf('='));
    String value = pair.substring(pair.indexOf('=') + 1);
    ConfigKey configKey = ConfigKeys.find(key).orElseThrow();
    for (Runnable source : List.<Runnable>of(
        () -> load(Map.of(), pair),
        () -> load(Map.of(configKey.environmentVariable(), value)),
        () -> AuroraConfigLoader.load(Map.of(key, value), List.of(), Map.of(), Map.of(), null),
        () -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of("spark." + key, value), Map.of(), null))) {
      assertThatThrownBy(source::run)
          .isInstanceOf(AuroraException.class)
          .satisfies(e -> assertThat(((AuroraException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining(key)
          .hasMessageContaining(variable)
          .hasMessageContaining(fileKey)
          .hasMessageNotContaining("hunter2")
          .hasMessageNotContaining("hun/ter");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "aurora.redis.url=http://cache:6379/0 | redis:// or rediss://",
      "aurora.redis.url=cache:6379 | redis:// or rediss://",
      "aurora.mlflow.tracking-uri=file:///tmp/mlruns | http:// or https://",
      "aurora.metrics.pushgateway=ftp://gw:9091 | http:// or https://",
      "aurora.s3.endpoint=ftp://minio:9000 | http:// or https://"})
  void serviceUrlsAcceptOnlyTheirSchemes(String pair, String expected) {
    assertThatThrownBy(() -> load(Map.of(), pair))
        .isInstanceOf(AuroraException.class)
        .satisfies(e -> assertThat(((AuroraException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(pair.substring(0, pair.indexOf('=')))
        .hasMessageContaining(expected);
  }

  @Test
  void urlsWithoutSecretsPass() {
    assertThatCode(() -> load(Map.of(),
        "aurora.redis.url=rediss://cache.internal:6380/2",
        "aurora.postgres.url=jdbc:postgresql://db:5432/aurora?sslmode=verify-full&ApplicationName=aurora",
        "aurora.mlflow.tracking-uri=https://mlflow.example/",
        "aurora.s3.endpoint=s3.eu-west-1.amazonaws.com",
        "aurora.metrics.pushgateway=http://127.0.0.1:9091",
        "aurora.warehouse=s3a://lake/aurora/team@2024")).doesNotThrowAnyException();
  }

  @Test
  void openingAServiceRechecksAUrlThatDidNotComeThroughTheLoader() {
    assertThatThrownBy(() -> ServiceUrls.check(ConfigKeys.REDIS_URL, "redis://:hunter2@cache:6379/0"))
        .isInstanceOf(AuroraException.class).hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "redis://:hunter2@cache:6379/0 | redis://cache:6379/0",
      "redis://:p@ss@w0rd@cache:6379/0 | redis://cache:6379/0",
      "jdbc:postgresql://db:5432/aurora?user=a&password=hunter2 | jdbc:postgresql://db:5432/aurora",
      "jdbc:h2:file:/tmp/x;USER=sa;PASSWORD=hunter2 | jdbc:h2:file:/tmp/x",
      "https://ops:hunter2@mlflow.example/api | https://mlflow.example/api",
      "http://127.0.0.1:9091 | http://127.0.0.1:9091"})
  void printableUrlsCarryNoCredentials(String url, String printed) {
    assertThat(ServiceUrls.withoutCredentials(url)).isEqualTo(printed);
  }
}
