package io.aurora.jobs;

import io.aurora.AuroraException;

/** The answer of a command whose job has not been built yet: exit 2 saying so. */
final class NotBuiltYet {
  private NotBuiltYet() {}

  static AuroraException of(String command) {
    return AuroraException.badInput("command '" + command + "' is not built yet in this version of AURORA");
  }
}
