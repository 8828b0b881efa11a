package io.aurora.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Test helper: the events of a private logger context, caught in place of its stderr appender. */
final class CapturedEvents {
  private CapturedEvents() {}

  /** Replaces the root logger's {@code stderr} appender of {@code context} by a list that keeps every event. */
  static List<LogEvent> insteadOfStderr(LoggerContext context) {
    List<LogEvent> events = new CopyOnWriteArrayList<>();
    AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        events.add(event.toImmutable());
      }
    };
    capture.start();
    context.getConfiguration().getRootLogger().removeAppender("stderr");
    context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
    context.updateLoggers();
    return events;
  }
}
