package io.aurora;

import static java.util.Objects.requireNonNull;

/**
 * An error a user or operator can cause; carries the process exit code of SPEC §2.1 and a one-line
 * message naming what and where. Messages must never contain a value read from a user's dataset.
 */
public class AuroraException extends RuntimeException {
  // thrown inside Spark tasks too (a damaged input found by the scan): it reaches the driver serialized
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public AuroraException(ExitCode exitCode, String message) {
    super(requireNonNull(message, "message is null"));
    this.exitCode = requireNonNull(exitCode, "exitCode is null");
  }

  public AuroraException(ExitCode exitCode, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.exitCode = requireNonNull(exitCode, "exitCode is null");
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** Bad usage or bad input: exit 2. */
  public static AuroraException badInput(String message) {
    return new AuroraException(ExitCode.BAD_INPUT, message);
  }

  public static AuroraException badInput(String message, Throwable cause) {
    return new AuroraException(ExitCode.BAD_INPUT, message, cause);
  }

  /** The privacy budget would be exceeded: exit 3. */
  public static AuroraException budgetExhausted(String message) {
    return new AuroraException(ExitCode.BUDGET_EXHAUSTED, message);
  }

  /** A required service is unreachable: exit 4. */
  public static AuroraException serviceUnavailable(String message, Throwable cause) {
    return new AuroraException(ExitCode.SERVICE_UNAVAILABLE, message, cause);
  }
}
