package io.aurora.jobs;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.plugins.util.PluginManager;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * Switches log4j2 to AURORA's JSON lines: one object per event on stderr (template
 * {@code aurora-log-event.json}), Spark and everything else at WARN, {@code io.aurora} at INFO.
 * Built in code at the start of {@link AuroraMain#main} because under spark-submit log4j2 was
 * configured, and its plugins indexed, before our jar joined the class path: a configuration file
 * naming JsonTemplateLayout would not find it there. Exception messages are left out of the lines
 * on purpose (they may quote data values); exception types and stack frames are written.
 */
final class JsonLogging {
  static final String TEMPLATE = "classpath:aurora-log-event.json";
  /** System property: {@code keep} leaves the existing log4j2 configuration alone (the operator's own). */
  static final String MODE_PROPERTY = "aurora.log.config";
  static final Map<String, Level> LEVELS = Map.of(
      "io.aurora", Level.INFO,
      "org.apache.parquet", Level.ERROR,
      "org.apache.hadoop.util.NativeCodeLoader", Level.ERROR,
      "org.apache.hadoop.metrics2", Level.ERROR);

  private JsonLogging() {}

  /** Installs the JSON configuration unless told to keep the current one; returns whether it did. */
  static boolean install() {
    if ("keep".equals(System.getProperty(MODE_PROPERTY)) || System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null) {
      return false;
    }
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return false;
    }
    context.reconfigure(new Configuration(context));
    return true;
  }

  /** The JSON-lines configuration for {@code context}. */
  static Configuration configuration(LoggerContext context) {
    return new Configuration(context);
  }

  /** The configuration itself: one console appender with the JSON template layout. */
  static final class Configuration extends AbstractConfiguration {
    Configuration(LoggerContext context) {
      super(context, ConfigurationSource.NULL_SOURCE);
      setName("aurora-json");
    }

    @Override
    protected void doConfigure() {
      // the layout looks its resolvers up as plugins: make their package known to a registry
      // that was filled before our jar was on the class path
      PluginManager.addPackage("org.apache.logging.log4j.layout.template.json");
      JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
          .setConfiguration(this)
          .setEventTemplateUri(TEMPLATE)
          .build();
      Appender stderr = ConsoleAppender.newBuilder()
          .setName("stderr")
          .setTarget(ConsoleAppender.Target.SYSTEM_ERR)
          .setLayout(layout)
          .setConfiguration(this)
          .build();
      stderr.start();
      addAppender(stderr);
      LoggerConfig root = getRootLogger();
      root.setLevel(Level.WARN);
      root.addAppender(stderr, null, null);
      LEVELS.forEach((name, level) -> addLogger(name, new LoggerConfig(name, level, true)));
    }
  }
}
