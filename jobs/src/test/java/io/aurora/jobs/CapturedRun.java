package io.aurora.jobs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** One {@link AuroraMain#execute} call with its exit code, stdout, stderr and every log line it produced. */
record CapturedRun(int exitCode, String out, String err, List<String> logLines) {
  static synchronized CapturedRun of(String... args) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        StringBuilder sb = new StringBuilder(event.getLoggerName()).append(' ').append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
          sb.append(" | ").append(t);
        }
        lines.add(sb.toString());
      }
    };
    capture.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
    // io.aurora at INFO as in production; never touch the root's level (Spark would flood the output)
    if (context.getConfiguration().getLoggerConfig("io.aurora").getName().equals("io.aurora")) {
      context.getConfiguration().getLoggerConfig("io.aurora").setLevel(Level.INFO);
    } else {
      context.getConfiguration().addLogger("io.aurora",
          new org.apache.logging.log4j.core.config.LoggerConfig("io.aurora", Level.INFO, true));
    }
    context.updateLoggers();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = AuroraMain.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      context.getConfiguration().getRootLogger().removeAppender("capture");
      context.updateLoggers();
      capture.stop();
    }
    return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), List.copyOf(lines));
  }

  /** Non-empty stdout lines. */
  List<String> outLines() {
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
