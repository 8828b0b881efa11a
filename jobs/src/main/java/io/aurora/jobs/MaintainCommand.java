package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `maintain` command. */
@Command(name = "maintain", mixinStandardHelpOptions = true, description = "Retention purge and Delta OPTIMIZE/VACUUM")
public final class MaintainCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("maintain");
  }
}
