package io.aurora.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

class StderrLinesTest {
  @Test
  void everyLineWrittenToTheStreamIsOneWarnEvent() {
    LoggerContext context = new LoggerContext("stderr-lines-test");
    context.start(JsonLogging.configuration(context));
    List<LogEvent> events = CapturedEvents.insteadOfStderr(context);
    try (PrintStream err = new PrintStream(new StderrLines(context.getLogger("stderr")), true, StandardCharsets.UTF_8)) {
      new IllegalStateException("rejected").printStackTrace(err);
      err.print("a line\r\n\nhalf");
      err.print(" a line");
    } finally {
      context.stop();
    }
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getLoggerName()).isEqualTo("stderr");
    });
    List<String> lines = events.stream().map(e -> e.getMessage().getFormattedMessage()).toList();
    assertThat(lines.get(0)).isEqualTo("java.lang.IllegalStateException: rejected");
    assertThat(lines.get(1)).startsWith("\tat io.aurora.jobs.StderrLinesTest");
    assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("a line", "half a line");
  }
}
