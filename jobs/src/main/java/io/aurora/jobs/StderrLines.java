package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Logger;

/**
 * What code writes to {@code System.err} past the logging, one WARN event per line: Scala's default
 * reporter prints the uncaught exceptions of futures there, as Spark's standalone backend does when
 * it races its own shutdown ({@code RejectedExecutionException ... CallbackRunnable}, SPARK-47121),
 * which broke the JSON lines of a successful spark-submit run. Installed by {@link AuroraMain} once
 * the JSON configuration holds the original stream; a partial line waits for its end or the close.
 */
final class StderrLines extends OutputStream {
  private final Logger logger;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  StderrLines(Logger logger) {
    this.logger = requireNonNull(logger, "logger is null");
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void close() {
    emit();
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (!text.isBlank()) {
      logger.warn(text);
    }
  }
}
