package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.testing.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} against the real services of scripts/services.sh. */
class DoctorCommandTest {
  @TempDir
  Path dir;

  private Path secretFile(String name, String secret) throws IOException {
    return Files.writeString(dir.resolve(name), secret + "\n");
  }

  @Test
  void localWarehouseIsCreatedAndProbed() {
    Path warehouse = dir.resolve("wh");
    CapturedRun run = CapturedRun.of("doctor", "--warehouse", warehouse.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).containsExactly("OK warehouse: file:" + warehouse + " is writable");
    assertThat(warehouse).isEmptyDirectory();
  }

  @Test
  void everyConfiguredServiceAnswersAndThePasswordIsNeverLogged() throws IOException {
    String password = TestServices.postgresPassword();
    List<String> args = new ArrayList<>(List.of("doctor", "--json", "--warehouse", dir.resolve("wh").toString(),
        "--conf", "aurora.postgres.url=" + TestServices.postgresUrl(),
        "--conf", "aurora.postgres.user=" + TestServices.postgresUser(),
        "--conf", "aurora.postgres.password-file=" + secretFile("pg", password),
        "--conf", "aurora.redis.url=" + TestServices.redisUrl(),
        "--conf", "aurora.mlflow.tracking-uri=" + TestServices.mlflowTrackingUri(),
        "--conf", "aurora.s3.endpoint=" + TestServices.s3Endpoint(),
        "--conf", "aurora.metrics.pushgateway=" + TestServices.pushgatewayUrl()));
    CapturedRun run = CapturedRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<String> names = new ArrayList<>();
    for (String line : run.outLines()) {
      JsonNode node = json.readTree(line);
      assertThat(node.get("ok").asBoolean()).as(line).isTrue();
      names.add(node.get("check").asText());
    }
    assertThat(names).containsExactly("warehouse", "postgres", "redis", "mlflow", "s3", "pushgateway");
    if (password.length() >= 10) { // a dev password like "aurora" occurs in key names
      assertThat(run.logLines()).isNotEmpty().noneMatch(l -> l.contains(password));
      assertThat(run.out() + run.err()).doesNotContain(password);
    }
  }

  @Test
  void aWrongPasswordFailsWithExit4AndIsNeverPrintedOrLogged() throws IOException {
    String wrong = "pw-" + UUID.randomUUID();
    CapturedRun run = CapturedRun.of("doctor", "--warehouse", dir.resolve("wh").toString(),
        "--conf", "aurora.postgres.url=" + TestServices.postgresUrl(),
        "--conf", "aurora.postgres.user=" + TestServices.postgresUser(),
        "--conf", "aurora.postgres.password-file=" + secretFile("wrong", wrong));
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.outLines()).anyMatch(l -> l.startsWith("FAIL postgres: "));
    assertThat(run.logLines()).isNotEmpty().noneMatch(l -> l.contains(wrong));
    assertThat(run.out() + run.err()).doesNotContain(wrong);
  }

  @Test
  void s3aWarehouseIsWritableWithTheSecretKeyFromAFile() throws IOException {
    String secret = System.getenv("AURORA_TEST_S3_SECRET_KEY");
    String endpoint = TestServices.s3Endpoint();
    String warehouse = "s3a://" + System.getenv("AURORA_TEST_S3_BUCKET") + "/doctor-" + UUID.randomUUID();
    CapturedRun run = CapturedRun.of("doctor", "--warehouse", warehouse,
        "--conf", "aurora.s3.endpoint=" + endpoint,
        "--conf", "aurora.s3.access-key=" + System.getenv("AURORA_TEST_S3_ACCESS_KEY"),
        "--conf", "aurora.s3.secret-key-file=" + secretFile("s3", secret));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.outLines()).contains("OK warehouse: " + warehouse + " is writable");
    assertThat(run.logLines()).noneMatch(l -> l.contains(secret));
  }

  @Test
  void unreachableServiceFailsWithExit4NamingIt() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CapturedRun run = CapturedRun.of("doctor", "--warehouse", dir.resolve("wh").toString(),
        "--conf", "aurora.redis.url=redis://127.0.0.1:" + closedPort + "/0",
        "--conf", "aurora.mlflow.tracking-uri=http://127.0.0.1:" + closedPort);
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.outLines()).hasSize(3);
    assertThat(run.outLines().get(0)).startsWith("OK warehouse");
    assertThat(run.outLines().get(1)).startsWith("FAIL redis: redis://127.0.0.1:" + closedPort + "/0 unreachable");
    assertThat(run.outLines().get(2)).startsWith("FAIL mlflow: http://127.0.0.1:" + closedPort + " unreachable");
    assertThat(run.err()).contains("2 check(s) failed");
  }

  @Test
  void credentialsInUrlsAreNotPrinted() {
    assertThat(ServiceChecks.withoutCredentials("jdbc:postgresql://h:5432/db?user=a&password=hunter2")).isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(ServiceChecks.withoutCredentials("redis://user:hunter2@h:6379/0")).isEqualTo("redis://h:6379/0");
    assertThat(ServiceChecks.withoutCredentials("redis://:hun@ter2@h:6379/0")).isEqualTo("redis://h:6379/0");
    assertThat(ServiceChecks.withoutCredentials("jdbc:h2:file:/x;USER=sa;PASSWORD=hunter2")).isEqualTo("jdbc:h2:file:/x");
  }

  /** A password inside a service URL is refused before anything runs: exit 2, the secret setting named, the value nowhere. */
  @Test
  void aPasswordInsideAServiceUrlIsRefused() {
    CapturedRun run = CapturedRun.of("doctor", "--warehouse", dir.resolve("wh").toString(),
        "--conf", "aurora.redis.url=redis://:hunter2@127.0.0.1:6379/0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("aurora.redis.url").contains("AURORA_REDIS_PASSWORD").contains("aurora.redis.password-file");
    assertThat(run.out() + run.err() + String.join("\n", run.logLines())).doesNotContain("hunter2");
  }
}
