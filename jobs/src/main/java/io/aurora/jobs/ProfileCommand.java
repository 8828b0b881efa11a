package io.aurora.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The `profile` command. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Profile a dataset into differentially private fingerprints")
public final class ProfileCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw NotBuiltYet.of("profile");
  }
}
