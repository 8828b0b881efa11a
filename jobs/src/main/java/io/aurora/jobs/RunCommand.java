package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import io.aurora.metrics.JobMetrics;
import io.aurora.profile.ProfileJob;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code run} command: profile a dataset and recommend an action per column, in one Spark
 * application. With {@code --json}, stdout carries one recommendation object per column.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Profile a dataset and recommend a preprocessing action per column")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LogManager.getLogger(RunCommand.class);

  @Mixin
  CommonOptions common;

  @Mixin
  InputOptions input;

  @Mixin
  PrivacyOptions privacy;

  private final ProfileWiring wiring;

  public RunCommand() {
    this(new ProductionProfileWiring());
  }

  RunCommand(ProfileWiring wiring) {
    this.wiring = requireNonNull(wiring, "wiring is null");
  }

  @Override
  public Integer call() throws Exception {
    String dataset = ProfileCommand.datasetId(input);
    try (JobContext context = JobContext.open("run", common, ProfileCommand.flags(privacy))) {
      context.metrics().dataset(dataset);
      return context.metered(() -> run(context, dataset));
    }
  }

  private int run(JobContext context, String dataset) {
    long started = System.nanoTime();
    ProfileJob.Outcome profiled = ProfileCommand.profile(context, dataset, input, privacy, wiring);
    context.metrics().set(BatchMetrics.PHASE_DURATION, JobMetrics.labels("phase", "profile"), (System.nanoTime() - started) / 1e9);
    if (!context.json()) {
      ProfileCommand.print(context, profiled);
    } else {
      for (String warning : profiled.run().warnings()) {
        LOG.warn("profile run {}: {}", profiled.run().runId(), warning);
      }
    }
    started = System.nanoTime();
    RecommendationSetup.Recommended done = RecommendationSetup.recommend(context, dataset, profiled.run().runId());
    context.metrics().set(BatchMetrics.PHASE_DURATION, JobMetrics.labels("phase", "recommend"), (System.nanoTime() - started) / 1e9);
    RecommendationOutput.print(done.result().recommendations(), context.json(), context.out());
    return 0;
  }
}
