package io.aurora.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuroraConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void eachLayerOverridesTheOnesBelowIt() throws IOException {
    Path conf = file("aurora.properties", """
        aurora.tenant=from-file
        aurora.redis.url=redis://file:1/0
        aurora.mlflow.tracking-uri=http://file
        aurora.s3.endpoint=http://file
        aurora.postgres.url=jdbc:postgresql://file/db
        """);
    Map<String, String> env = Map.of(
        "AURORA_REDIS_URL", "redis://env:1/0",
        "AURORA_MLFLOW_TRACKING_URI", "http://env",
        "AURORA_S3_ENDPOINT", "http://env",
        "AURORA_POSTGRES_URL", "jdbc:postgresql://env/db");
    Map<String, String> spark = Map.of(
        "spark.aurora.mlflow.tracking-uri", "http://spark",
        "spark.aurora.s3.endpoint", "http://spark",
        "spark.aurora.postgres.url", "jdbc:postgresql://spark/db",
        "spark.executor.memory", "1g");
    List<String> confPairs = List.of("aurora.s3.endpoint=http://conf", "aurora.postgres.url=jdbc:postgresql://conf/db");
    Map<String, String> flags = Map.of("aurora.postgres.url", "jdbc:postgresql://flag/db");

    AuroraConfig config = AuroraConfigLoader.load(flags, confPairs, spark, env, conf);

    assertThat(config.get(ConfigKeys.TENANT)).isEqualTo("from-file");
    assertThat(config.get(ConfigKeys.REDIS_URL)).isEqualTo("redis://env:1/0");
    assertThat(config.get(ConfigKeys.MLFLOW_TRACKING_URI)).isEqualTo("http://spark");
    assertThat(config.get(ConfigKeys.S3_ENDPOINT)).isEqualTo("http://conf");
    assertThat(config.get(ConfigKeys.POSTGRES_URL)).isEqualTo("jdbc:postgresql://flag/db");
    // untouched keys keep their built-in default
    assertThat(config.get(ConfigKeys.EPSILON)).isEqualTo("1.0");
    assertThat(config.isSet(ConfigKeys.EPSILON)).isFalse();
  }

  @Test
  void defaultsApplyWithNothingConfigured() {
    AuroraConfig config = AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of(), null);
    assertThat(config.get(ConfigKeys.WAREHOUSE)).isEqualTo("./warehouse");
    assertThat(config.get(ConfigKeys.TENANT)).isEqualTo("default");
    assertThat(config.find(ConfigKeys.REDIS_URL)).isEmpty();
  }

  @Test
  void secretFromTheEnvironmentIsUsedAndMaskedInToString() {
    AuroraConfig config = AuroraConfigLoader.load(Map.of(), List.of(), Map.of(),
        Map.of("AURORA_POSTGRES_PASSWORD", "s3cr3t-env"), null);
    assertThat(config.get(ConfigKeys.POSTGRES_PASSWORD)).isEqualTo("s3cr3t-env");
    assertThat(config.toString()).doesNotContain("s3cr3t-env").contains("aurora.postgres.password=****");
  }

  @Test
  void secretFileIsReadAndOutranksTheEnvironmentWhenSetHigher() throws IOException {
    Path secret = file("pw", "s3cr3t-file\n");
    AuroraConfig config = AuroraConfigLoader.load(Map.of(), List.of("aurora.postgres.password-file=" + secret),
        Map.of(), Map.of("AURORA_POSTGRES_PASSWORD", "s3cr3t-env"), null);
    assertThat(config.get(ConfigKeys.POSTGRES_PASSWORD)).isEqualTo("s3cr3t-file");
    assertThat(config.toString()).doesNotContain("s3cr3t-file");

    // a password file named in the config file ranks below the environment
    Path conf = file("c.properties", "aurora.postgres.password-file=" + secret + "\n");
    AuroraConfig lower = AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of("AURORA_POSTGRES_PASSWORD", "s3cr3t-env"), conf);
    assertThat(lower.get(ConfigKeys.POSTGRES_PASSWORD)).isEqualTo("s3cr3t-env");
  }

  @Test
  void everySecretHasAFileCompanionKey() {
    for (ConfigKey key : ConfigKeys.all()) {
      if (key.secret()) {
        assertThat(ConfigKeys.find(key.name() + AuroraConfigLoader.SECRET_FILE_SUFFIX)).as(key.name()).isPresent();
      }
    }
  }

  @Test
  void secretsOutsideTheEnvironmentAreRefusedWithoutEchoingThem() throws IOException {
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("aurora.redis.password=hunter2"), Map.of(), Map.of(), null),
        "aurora.redis.password");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of("spark.aurora.s3.secret-key", "hunter2"), Map.of(), null),
        "aurora.s3.secret-key");
    Path conf = file("s.properties", "aurora.mlflow.token=hunter2\n");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of(), conf), "aurora.mlflow.token");
    // even when the environment also has it: a secret in a flag is a mistake worth stopping
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("aurora.redis.password=hunter2"), Map.of(),
        Map.of("AURORA_REDIS_PASSWORD", "x"), null), "aurora.redis.password");
  }

  @Test
  void unreadableOrEmptySecretFileIsBadInputNamingTheFile() throws IOException {
    Path missing = dir.resolve("nope");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("aurora.redis.password-file=" + missing), Map.of(), Map.of(), null),
        missing.toString());
    Path empty = file("empty", "\n");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("aurora.redis.password-file=" + empty), Map.of(), Map.of(), null),
        "is empty");
  }

  @Test
  void unknownKeysAndBadFilesAreBadInput() throws IOException {
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("aurora.nope=1"), Map.of(), Map.of(), null), "unknown config key 'aurora.nope'");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of("spark.aurora.nope", "1"), Map.of(), null), "unknown config key 'aurora.nope'");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of("no-equals"), Map.of(), Map.of(), null), "--conf expects KEY=VALUE");
    Path conf = file("u.properties", "aurora.warehous=/tmp\n");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of(), conf), "unknown config key 'aurora.warehous'");
    Path missing = dir.resolve("missing.properties");
    assertBadInput(() -> AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of(), missing), "cannot read config file");
    // AURORA_* variables that are not config keys (test plumbing, launcher settings) are ignored
    assertThat(AuroraConfigLoader.load(Map.of(), List.of(), Map.of(), Map.of("AURORA_TEST_REDIS_URL", "x"), null).isSet(ConfigKeys.REDIS_URL)).isFalse();
  }

  private static void assertBadInput(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String fragment) {
    assertThatThrownBy(call)
        .isInstanceOf(AuroraException.class)
        .satisfies(e -> assertThat(((AuroraException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(fragment)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
  }
}
