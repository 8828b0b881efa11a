package io.aurora.jobs;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Switches log4j2 to AURORA's JSON-lines configuration ({@code aurora-log4j2.properties}: one JSON
 * object per line on stderr, Spark at WARN, io.aurora at INFO). Done programmatically at the start
 * of {@link AuroraMain#main} because under spark-submit the cluster configured log4j2 before our jar
 * was even on the class path; exception messages are left out of the lines on purpose (they may
 * quote data values), only exception types and stack frames are written.
 */
final class JsonLogging {
  static final String CONFIG = "aurora-log4j2.properties";
  /** System property: {@code keep} leaves the existing log4j2 configuration alone (the operator's own). */
  static final String MODE_PROPERTY = "aurora.log.config";

  private JsonLogging() {}

  /** Installs the JSON configuration unless told to keep the current one; returns whether it did. */
  static boolean install() {
    String mode = System.getProperty(MODE_PROPERTY, "json");
    if (mode.equals("keep") || System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null) {
      return false;
    }
    URL url = JsonLogging.class.getClassLoader().getResource(CONFIG);
    if (url == null) {
      return false;
    }
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return false;
    }
    try {
      context.setConfigLocation(url.toURI());
    } catch (URISyntaxException e) {
      return false;
    }
    return true;
  }
}
