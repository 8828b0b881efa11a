package io.aurora;

/** Process exit codes of SPEC §2.1. */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  BAD_INPUT(2),
  BUDGET_EXHAUSTED(3),
  SERVICE_UNAVAILABLE(4),
  QUOTA_EXCEEDED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
