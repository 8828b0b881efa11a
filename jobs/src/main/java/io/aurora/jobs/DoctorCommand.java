package io.aurora.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurora.ExitCode;
import io.aurora.config.AuroraConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The `doctor` command: checks that the warehouse and every configured service is reachable. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
        "Check that the warehouse and every configured service is reachable.",
        "Checks: warehouse (create and delete a probe file), postgres (select 1), redis (PING), mlflow (tracking API),"
            + " s3 (endpoint answers), spark (a probe job, when a non-local master is set), pushgateway (/-/healthy).",
        "Prints one line per check, 'OK name: detail' or 'FAIL name: reason' (one JSON object per check with --json).",
        "Exit code 4 when a check fails."})
public final class DoctorCommand implements Callable<Integer> {
  private static final Logger LOG = LogManager.getLogger(DoctorCommand.class);

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    AuroraConfig config = JobContext.resolveConfig(common, Map.of());
    ServiceChecks checks = new ServiceChecks(config);
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper();
    List<CheckResult> results = new ArrayList<>();
    results.add(checks.warehouse());
    checks.postgres().ifPresent(results::add);
    checks.redis().ifPresent(results::add);
    checks.mlflow().ifPresent(results::add);
    checks.s3().ifPresent(results::add);
    checks.pushgateway().ifPresent(results::add);
    checks.spark().ifPresent(results::add);
    int failed = 0;
    for (CheckResult r : results) {
      if (common.json) {
        ObjectNode node = json.createObjectNode();
        node.put("check", r.name()).put("ok", r.ok()).put("detail", r.detail());
        out.println(node);
      } else {
        out.println(r.line());
      }
      if (!r.ok()) {
        failed++;
      }
    }
    out.flush();
    LOG.info("doctor ran {} checks, {} failed", results.size(), failed);
    if (failed > 0) {
      spec.commandLine().getErr().println("aurora: doctor: " + failed + " check(s) failed");
    }
    return failed == 0 ? ExitCode.OK.code() : ExitCode.SERVICE_UNAVAILABLE.code();
  }
}
