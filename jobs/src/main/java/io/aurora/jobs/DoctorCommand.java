package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `doctor` command. */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check that the warehouse and every configured service is reachable")
public final class DoctorCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("doctor");
  }
}
