package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.metrics.JobLog;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON-lines configuration AuroraMain installs: one object per event, job fields flat, no exception messages. */
class JsonLoggingTest {
  private LoggerContext context;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void load() {
    // a private context: the test JVM's own logging stays as it is
    context = new LoggerContext("json-logging-test");
    context.start(JsonLogging.configuration(context));
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private JsonNode render(LogEvent event) throws Exception {
    Appender stderr = context.getConfiguration().getAppender("stderr");
    String line = new String(stderr.getLayout().toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(line.strip()).doesNotContain("\n");
    return json.readTree(line);
  }

  @Test
  void jobEventFieldsAreTopLevelJsonProperties() throws Exception {
    var captured = CapturedEvents.insteadOfStderr(context);
    org.apache.logging.log4j.Logger logger = context.getLogger("io.aurora.events");
    JobLog log = JobLog.of("profile", "acme").withRunId("r-1").withDataset("sales").withLogger(logger);
    try (JobLog.Phase phase = log.phase("read")) {
      phase.count("rows_read", 1200L).count("rows_malformed", 3);
    }
    assertThat(captured).hasSize(1);
    JsonNode node = render(captured.get(0));
    assertThat(node.get("message").asText()).isEqualTo("phase.finished");
    assertThat(node.get("level").asText()).isEqualTo("INFO");
    assertThat(node.get("logger").asText()).isEqualTo("io.aurora.events");
    assertThat(node.get("job").asText()).isEqualTo("profile");
    assertThat(node.get("tenant").asText()).isEqualTo("acme");
    assertThat(node.get("run_id").asText()).isEqualTo("r-1");
    assertThat(node.get("dataset").asText()).isEqualTo("sales");
    assertThat(node.get("phase").asText()).isEqualTo("read");
    assertThat(node.get("duration_ms").isNumber()).isTrue();
    assertThat(node.get("rows_read").asLong()).isEqualTo(1200L);
    assertThat(node.get("rows_malformed").asInt()).isEqualTo(3);
  }

  @Test
  void exceptionsAreLoggedByTypeAndFramesWithoutTheirMessage() throws Exception {
    Exception e = new IllegalArgumentException("cannot parse 'MARKER-4711' as a number");
    JsonNode node = render(Log4jLogEvent.newBuilder().setLoggerName("org.apache.spark.X").setLevel(Level.ERROR)
        .setMessage(new SimpleMessage("task failed")).setThrown(e).build());
    assertThat(node.get("message").asText()).isEqualTo("task failed");
    assertThat(node.get("error").get("type").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(node.get("error").get("frames").isArray()).isTrue();
    assertThat(node.toString()).doesNotContain("MARKER-4711");
  }

  @Test
  void operatorsPropertiesFileMatchesTheBuiltInConfiguration() throws Exception {
    LoggerContext fromFile = new LoggerContext("json-logging-file");
    try {
      fromFile.setConfigLocation(java.nio.file.Path.of(System.getProperty("aurora.repo.root", ".."), "conf", "log4j2-json.properties").toUri());
      assertThat(fromFile.getConfiguration().getAppender("stderr").getLayout())
          .isInstanceOf(org.apache.logging.log4j.layout.template.json.JsonTemplateLayout.class);
      assertThat(fromFile.getConfiguration().getRootLogger().getLevel()).isEqualTo(Level.WARN);
      JsonLogging.LEVELS.forEach((name, level) ->
          assertThat(fromFile.getConfiguration().getLoggerConfig(name).getLevel()).as(name).isEqualTo(level));
    } finally {
      fromFile.stop();
    }
  }

  @Test
  void sparkIsAtWarnAndAuroraAtInfo() {
    assertThat(context.getConfiguration().getRootLogger().getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getConfiguration().getLoggerConfig("io.aurora.jobs.X").getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getConfiguration().getLoggerConfig("org.apache.spark.SparkContext").getLevel()).isEqualTo(Level.WARN);
  }
}
