package io.aurora.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every AURORA command accepts (SPEC §2.1). */
public final class CommonOptions {
  @Option(names = "--tenant", paramLabel = "ID", description = "Tenant (default: default)")
  public String tenant;

  @Option(names = "--warehouse", paramLabel = "URI", description = "Warehouse root: local path, s3a://, hdfs:// (default: ./warehouse)")
  public String warehouse;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Set a configuration key (repeatable)")
  public List<String> conf = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: conf/aurora.properties when present)")
  public Path configFile;

  @Option(names = "--json", description = "Print one JSON object per line on stdout; logs go to stderr")
  public boolean json;
}
