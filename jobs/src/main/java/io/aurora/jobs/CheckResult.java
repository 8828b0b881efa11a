package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

/** The outcome of one {@code doctor} check: {@code OK name: detail} or {@code FAIL name: reason}. */
record CheckResult(String name, boolean ok, String detail) {
  CheckResult {
    requireNonNull(name, "name is null");
    requireNonNull(detail, "detail is null");
  }

  static CheckResult ok(String name, String detail) {
    return new CheckResult(name, true, detail);
  }

  static CheckResult fail(String name, String reason) {
    return new CheckResult(name, false, reason);
  }

  /** A failure whose reason is the exception's type and first message line (service errors carry no data values). */
  static CheckResult fail(String name, String what, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl);
    }
    if (message.length() > 200) {
      message = message.substring(0, 200) + "…";
    }
    return fail(name, what + ": " + root.getClass().getSimpleName() + (message.isEmpty() ? "" : " " + message));
  }

  String line() {
    return (ok ? "OK " : "FAIL ") + name + ": " + detail;
  }
}
