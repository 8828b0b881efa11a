package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `forget` command. */
@Command(name = "forget", mixinStandardHelpOptions = true, description = "Delete everything stored about a tenant (or one dataset)")
public final class ForgetCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("forget");
  }
}
