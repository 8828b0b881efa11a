package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.aurora.config.ConfigKey;
import io.aurora.config.ConfigKeys;
import io.aurora.testing.TestData;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The production stack (docker-compose.yml) checked without a Docker engine: against the Compose
 * specification's JSON schema, every file it references exists, every service AURORA's configuration
 * points at is there on the port it is reached at, images are pinned, consoles are published on
 * loopback only, and secrets come only from .env.
 */
class ComposeStackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One-shot services: they run to completion and need no health check. */
  private static final Set<String> ONE_SHOT = Set.of("minio-setup", "airflow-init", "aurora");

  static Path repo(String relative) {
    return Path.of(SparkSubmitIT.repo(relative));
  }

  /** The compose file as the Compose tools read it: YAML with anchors and merge keys resolved. */
  static JsonNode compose() throws IOException {
    try (Reader r = Files.newBufferedReader(repo("docker-compose.yml"))) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      return JSON.valueToTree(tree);
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> services(JsonNode compose) {
    return () -> compose.path("services").fields();
  }

  @Test
  void composeFileFollowsTheComposeSpecification() throws Exception {
    JsonNode spec = JSON.readTree(TestData.root().resolve("compose-spec/compose-spec.json").toFile());
    // the file's "$id" is a bare file name, which the validator refuses as a base URI: give it an absolute one
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("$id", "https://github.com/compose-spec/compose-spec/schema/compose-spec.json");
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(spec);
    Set<ValidationMessage> errors = schema.validate(compose());
    assertThat(errors).as("docker-compose.yml against the Compose specification").isEmpty();
    // the schema really checks: a misspelt service key is refused
    JsonNode broken = compose().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("services").path("redis")).put("healthchek", "x");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  @Test
  void theStackHasEveryServiceOfTheSpec() throws Exception {
    Set<String> names = new TreeSet<>();
    services(compose()).forEach(e -> names.add(e.getKey()));
    assertThat(names).contains("spark-master", "spark-worker-1", "spark-worker-2", "postgres", "redis", "minio",
        "minio-setup", "mlflow", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "prometheus",
        "pushgateway", "grafana");
  }

  @Test
  void everyReferencedFileAndDockerfileExists() throws Exception {
    JsonNode compose = compose();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services(compose)) {
      JsonNode build = service.getValue().path("build");
      if (!build.isMissingNode()) {
        Path context = repo(build.path("context").asText("."));
        Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
        if (!Files.isRegularFile(dockerfile)) {
          missing.add(service.getKey() + ": " + dockerfile);
        } else {
          for (String source : DockerfilesTest.copySources(dockerfile)) {
            if (!Files.exists(context.resolve(source))) {
              missing.add(service.getKey() + ": " + dockerfile.getFileName() + " copies " + source);
            }
          }
        }
      }
      for (JsonNode volume : service.getValue().path("volumes")) {
        String spec = volume.isTextual() ? volume.asText() : volume.path("source").asText();
        if (spec.startsWith("./") || spec.startsWith("../")) {
          String source = spec.split(":")[0];
          if (!Files.exists(repo(source))) {
            missing.add(service.getKey() + ": volume " + source);
          }
        }
      }
    }
    // files the mounted configuration names
    for (String f : List.of("conf/prometheus/alerts.yml", "conf/minio/aurora-rw.json", "conf/minio/mlflow-rw.json",
        "conf/grafana/provisioning/datasources/prometheus.yml", "conf/grafana/provisioning/dashboards/aurora.yml",
        ".env.example")) {
      if (!Files.isRegularFile(repo(f))) {
        missing.add(f);
      }
    }
    assertThat(missing).as("files docker-compose.yml references").isEmpty();
  }

  /** Each AURORA_* setting of the stack is a real key, and each service URL names a service of the stack on a port it exposes. */
  @Test
  void everyServiceAuroraPointsAtExistsOnItsPort() throws Exception {
    JsonNode compose = compose();
    JsonNode env = compose.path("x-aurora-env");
    assertThat(env.size()).isPositive();
    Set<String> variables = new HashSet<>();
    ConfigKeys.all().forEach(k -> variables.add(k.environmentVariable()));
    int urls = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(variables).as("AURORA setting " + e.getKey()).contains(e.getKey());
      String value = e.getValue().asText();
      Matcher m = Pattern.compile("^(?:jdbc:)?([a-z0-9]+)://([a-z0-9-]+):(\\d+)").matcher(value);
      if (m.find()) {
        urls++;
        String host = m.group(2);
        String port = m.group(3);
        JsonNode service = compose.path("services").path(host);
        assertThat(service.isMissingNode()).as(e.getKey() + " points at service " + host).isFalse();
        List<String> exposed = StreamSupport.stream(service.path("expose").spliterator(), false).map(JsonNode::asText).toList();
        assertThat(exposed).as(e.getKey() + ": service " + host + " exposes port " + port).contains(port);
      }
      if (e.getKey().endsWith("_FILE")) {
        String secret = value.substring(value.lastIndexOf('/') + 1);
        assertThat(compose.path("secrets").has(secret)).as(e.getKey() + " names a compose secret").isTrue();
      }
    }
    assertThat(urls).as("postgres, redis, mlflow, s3, pushgateway").isEqualTo(5);
    // the URLs carry no credentials (the loader would refuse them), the secrets come from files
    for (ConfigKey secret : List.of(ConfigKeys.POSTGRES_PASSWORD, ConfigKeys.REDIS_PASSWORD, ConfigKeys.S3_SECRET_KEY)) {
      assertThat(env.has(secret.environmentVariable())).as(secret.name() + " as a value").isFalse();
      assertThat(env.has(secret.environmentVariable() + "_FILE")).as(secret.name() + " from a file").isTrue();
    }
    // every service that runs AURORA gets the secret files its settings name
    for (String name : List.of("aurora", "airflow-scheduler")) {
      Set<String> mounted = new HashSet<>();
      compose.path("services").path(name).path("secrets").forEach(s -> mounted.add(s.asText()));
      assertThat(mounted).as(name).contains("aurora_db_password", "redis_password", "aurora_s3_secret_key");
    }
    // the Spark connection of the DAGs points at the master's port
    JsonNode spark = JSON.readTree(compose.path("services").path("airflow-scheduler").path("environment")
        .path("AIRFLOW_CONN_AURORA_SPARK").asText());
    assertThat(spark.path("host").asText()).isEqualTo("spark://spark-master");
    assertThat(compose.path("services").path("spark-master").path("expose").toString()).contains("\"" + spark.path("port").asInt() + "\"");
  }

  @Test
  void imagesArePinnedAndServicesChecked() throws Exception {
    for (Map.Entry<String, JsonNode> service : services(compose())) {
      String image = service.getValue().path("image").asText();
      assertThat(image).as(service.getKey() + " image").isNotEmpty();
      String tag = image.contains("@") ? image.substring(image.indexOf('@')) : image.substring(image.lastIndexOf(':') + 1);
      assertThat(image).as(service.getKey()).contains(":");
      assertThat(tag).as(service.getKey() + " pins a version").doesNotContain("latest").containsPattern("\\d");
      if (!ONE_SHOT.contains(service.getKey())) {
        assertThat(service.getValue().path("healthcheck").path("test").isMissingNode())
            .as(service.getKey() + " has a health check").isFalse();
      }
    }
  }

  /** Published ports bind 127.0.0.1 and belong to consoles with their own login; the rest stays inside the network. */
  @Test
  void onlyAuthenticatedConsolesArePublishedAndOnlyOnLoopback() throws Exception {
    Set<String> published = new TreeSet<>();
    for (Map.Entry<String, JsonNode> service : services(compose())) {
      for (JsonNode port : service.getValue().path("ports")) {
        assertThat(port.asText()).as(service.getKey() + " publishes on loopback").startsWith("127.0.0.1:");
        published.add(service.getKey());
      }
    }
    assertThat(published).containsExactlyInAnyOrder("airflow-apiserver", "grafana", "minio");
  }

  /** No secret is written in the compose file: secrets are compose secrets from .env, documented in .env.example. */
  @Test
  void secretsComeOnlyFromDotEnv() throws Exception {
    JsonNode compose = compose();
    String env = Files.readString(repo(".env.example"));
    for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("secrets").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> secret = it.next();
      String variable = secret.getValue().path("environment").asText();
      assertThat(variable).as("secret " + secret.getKey() + " comes from a variable").isNotEmpty();
      assertThat(env).as(".env.example documents " + variable).containsPattern("(?m)^" + variable + "=");
    }
    Pattern secretName = Pattern.compile("(?i).*(password|secret|token|fernet|credential).*");
    for (Map.Entry<String, JsonNode> service : services(compose)) {
      for (Iterator<Map.Entry<String, JsonNode>> it = service.getValue().path("environment").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (secretName.matcher(e.getKey()).matches()) {
          assertThat(e.getKey()).as(service.getKey() + ": " + e.getKey() + " names a file or a command, not a value")
              .matches(".*(_FILE|__FILE|_CMD)$");
          assertThat(e.getValue().asText()).as(service.getKey() + ": " + e.getKey()).matches("(/run/secrets/|cat /run/secrets/|sh -c).*");
        }
      }
      // a password given on a command line would be visible in the process list
      assertThat(service.getValue().path("command").toString() + service.getValue().path("entrypoint").toString())
          .as(service.getKey() + " command line").doesNotContainPattern("(?i)(requirepass|password)\\s+[^\"$\\\\]");
    }
    assertThat(Files.readString(repo(".gitignore"))).containsPattern("(?m)^\\.env$");
  }

  @Test
  void grafanaAndPrometheusAreWiredToEachOther() throws Exception {
    String datasource = Files.readString(repo("conf/grafana/provisioning/datasources/prometheus.yml"));
    URI url = URI.create(datasource.replaceAll("(?s).*url:\\s*(\\S+).*", "$1"));
    JsonNode prometheus = compose().path("services").path(url.getHost());
    assertThat(prometheus.path("expose").toString()).contains("\"" + url.getPort() + "\"");
    String config = Files.readString(repo("conf/prometheus/prometheus.yml"));
    assertThat(config).contains("pushgateway:9091").contains("honor_labels: true").contains("alerts.yml");
  }
}
