package io.aurora.jobs;

import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.PrintableText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of every AURORA job: {@code spark-submit --class io.aurora.jobs.AuroraMain aurora-jobs.jar <command>}. */
@Command(
    name = "aurora",
    mixinStandardHelpOptions = true,
    versionProvider = AuroraMain.Version.class,
    description = "Differentially private column profiling and preprocessing recommendations on Apache Spark.",
    subcommands = {
        RunCommand.class, ProfileCommand.class, RecommendCommand.class, ReviewCommand.class,
        FeedbackCommand.class, LearnCommand.class, RulesCommand.class, RetrainCommand.class,
        ApplyCommand.class, PrivacyReportCommand.class, ForgetCommand.class, MaintainCommand.class,
        DoctorCommand.class
    })
public final class AuroraMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    // before anything logs: JSON lines on stderr, also when spark-submit configured log4j2 first
    PrintStream stderr = System.err;
    if (JsonLogging.install()) {
      // the JSON appender holds the original stream; raw writes to System.err become events too
      System.setErr(new PrintStream(new StderrLines(LogManager.getLogger("stderr")), true, StandardCharsets.UTF_8));
    }
    int code = execute(stderr, args);
    System.out.flush();
    System.err.flush();
    // exit explicitly: Spark's non-daemon threads would otherwise keep the JVM alive
    System.exit(code);
  }

  /** Runs the command line and returns the exit code of SPEC §2.1 (no System.exit: testable). */
  public static int execute(String... args) {
    return execute(System.err, args);
  }

  /** As {@link #execute(String...)}, with the command line's own messages ("aurora: ...") on {@code messages}. */
  static int execute(PrintStream messages, String... args) {
    CommandLine cli = new CommandLine(new AuroraMain());
    cli.setErr(new PrintWriter(messages, true));
    cli.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("aurora: " + PrintableText.escape(ex.getMessage()) + " (see 'aurora " + commandPath(ex.getCommandLine())
          + "--help')");
      return ExitCode.BAD_INPUT.code();
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      AuroraException known = findKnown(ex);
      PrintWriter err = commandLine.getErr();
      if (known != null) {
        // paths and column names may hold control characters: escaped, they cannot drive the terminal
        err.println("aurora: " + PrintableText.escape(known.getMessage()));
        return known.exitCode().code();
      }
      err.println("aurora: unexpected failure: " + ex.getClass().getName()
          + " (details in the log; please report)");
      LogManager.getLogger(AuroraMain.class).error("unexpected failure", ex);
      return ExitCode.FAILURE.code();
    });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      sb.insert(0, c.getCommandName() + " ");
    }
    return sb.toString();
  }

  private static AuroraException findKnown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AuroraException a) {
        return a;
      }
    }
    return null;
  }

  /** Version from the jar manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AuroraMain.class.getPackage().getImplementationVersion();
      return new String[] {"aurora " + (v == null ? "dev" : v)};
    }
  }
}
