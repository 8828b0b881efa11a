package io.aurora.jobs;

import static java.util.Objects.requireNonNull;

import io.aurora.config.AuroraConfig;
import io.aurora.config.ConfigKeys;
import io.aurora.config.ServiceUrls;
import io.aurora.metrics.Pushgateway;
import io.aurora.spark.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The reachability checks of {@code doctor}: the warehouse (a probe file created and deleted through
 * Hadoop's FileSystem, so local, s3a:// and hdfs:// all work) and each configured service. Every
 * check is bounded by short timeouts and turns failures into a one-line reason.
 */
final class ServiceChecks {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long SPARK_PROBE_SECONDS = 180;

  private final AuroraConfig config;
  private final HttpClient http;

  ServiceChecks(AuroraConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** Hadoop configuration for the warehouse: S3A settings from the AURORA config, fast failure on retries. */
  Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    config.find(ConfigKeys.S3_ENDPOINT).ifPresent(endpoint -> {
      conf.set("fs.s3a.endpoint", endpoint);
      conf.set("fs.s3a.path.style.access", config.get(ConfigKeys.S3_PATH_STYLE));
      conf.set("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")));
    });
    config.find(ConfigKeys.S3_ACCESS_KEY).ifPresent(v -> conf.set("fs.s3a.access.key", v));
    config.find(ConfigKeys.S3_SECRET_KEY).ifPresent(v -> conf.set("fs.s3a.secret.key", v));
    conf.set("fs.s3a.attempts.maximum", "2");
    conf.set("fs.s3a.retry.limit", "2");
    conf.set("fs.s3a.connection.establish.timeout", "5000");
    conf.set("fs.s3a.connection.timeout", "10000");
    return conf;
  }

  CheckResult warehouse() {
    String root = config.get(ConfigKeys.WAREHOUSE);
    try {
      Path path = new Path(root);
      try (FileSystem fs = FileSystem.newInstance(path.toUri(), hadoopConfiguration())) {
        Path qualified = fs.makeQualified(path);
        fs.mkdirs(qualified);
        Path probe = new Path(qualified, ".aurora-doctor-" + UUID.randomUUID());
        try (OutputStream out = fs.create(probe, false)) {
          out.write('1');
        }
        if (!fs.delete(probe, false)) {
          return CheckResult.fail("warehouse", qualified + ": probe file could not be deleted");
        }
        return CheckResult.ok("warehouse", qualified + " is writable");
      }
    } catch (IOException | RuntimeException e) {
      return CheckResult.fail("warehouse", root + " is not writable", e);
    }
  }

  Optional<CheckResult> postgres() {
    return config.find(ConfigKeys.POSTGRES_URL).map(url -> {
      Properties p = new Properties();
      config.find(ConfigKeys.POSTGRES_USER).ifPresent(v -> p.setProperty("user", v));
      config.find(ConfigKeys.POSTGRES_PASSWORD).ifPresent(v -> p.setProperty("password", v));
      p.setProperty("connectTimeout", "5");
      p.setProperty("loginTimeout", "5");
      p.setProperty("socketTimeout", "10");
      String shown = withoutCredentials(url);
      try (Connection c = DriverManager.getConnection(url, p);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select 1")) {
        rs.next();
        return CheckResult.ok("postgres", shown + " answers select 1 (" + c.getMetaData().getDatabaseProductName()
            + " " + c.getMetaData().getDatabaseProductVersion() + ")");
      } catch (Exception e) {
        return CheckResult.fail("postgres", shown + " unreachable", e);
      }
    });
  }

  Optional<CheckResult> redis() {
    return config.find(ConfigKeys.REDIS_URL).map(url -> {
      String shown = withoutCredentials(url);
      try {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        int db = path.isEmpty() ? 0 : Integer.parseInt(path);
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) TIMEOUT.toMillis())
            .socketTimeoutMillis((int) TIMEOUT.toMillis())
            .database(db)
            .autoNegotiateProtocol(false)
            .ssl("rediss".equals(uri.getScheme()));
        config.find(ConfigKeys.REDIS_USER).ifPresent(b::user);
        config.find(ConfigKeys.REDIS_PASSWORD).ifPresent(b::password);
        try (Jedis jedis = new Jedis(new HostAndPort(uri.getHost(), port), b.build())) {
          String pong = jedis.ping();
          return "PONG".equals(pong)
              ? CheckResult.ok("redis", shown + " answers PING")
              : CheckResult.fail("redis", shown + " answered PING with something else");
        }
      } catch (Exception e) {
        return CheckResult.fail("redis", shown + " unreachable", e);
      }
    });
  }

  Optional<CheckResult> mlflow() {
    return config.find(ConfigKeys.MLFLOW_TRACKING_URI).map(uri -> {
      String base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
      if (!base.startsWith("http://") && !base.startsWith("https://")) {
        return CheckResult.fail("mlflow", "tracking URI " + withoutCredentials(uri) + " is not http(s)");
      }
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/experiments/search?max_results=1"))
            .timeout(TIMEOUT).GET();
        config.find(ConfigKeys.MLFLOW_TOKEN).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200
            ? CheckResult.ok("mlflow", withoutCredentials(base) + " answers the tracking API")
            : CheckResult.fail("mlflow", withoutCredentials(base) + " answered HTTP " + response.statusCode());
      } catch (Exception e) {
        return CheckResult.fail("mlflow", withoutCredentials(base) + " unreachable", e);
      }
    });
  }

  Optional<CheckResult> s3() {
    return config.find(ConfigKeys.S3_ENDPOINT).map(endpoint -> {
      try {
        // any HTTP answer (S3 says 403 to an anonymous request) proves the endpoint is there;
        // the warehouse check proves the credentials when the warehouse is on s3a://
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return CheckResult.ok("s3", withoutCredentials(endpoint) + " answers HTTP " + response.statusCode());
      } catch (Exception e) {
        return CheckResult.fail("s3", withoutCredentials(endpoint) + " unreachable", e);
      }
    });
  }

  Optional<CheckResult> pushgateway() {
    return config.find(ConfigKeys.PUSHGATEWAY_URL).map(url -> {
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/-/healthy")).timeout(TIMEOUT).GET();
        Pushgateway.authorization(config).ifPresent(value -> request.header("Authorization", value));
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200
            ? CheckResult.ok("pushgateway", withoutCredentials(base) + " is healthy")
            : CheckResult.fail("pushgateway", withoutCredentials(base) + " answered HTTP " + response.statusCode());
      } catch (Exception e) {
        return CheckResult.fail("pushgateway", withoutCredentials(base) + " unreachable", e);
      }
    });
  }

  /**
   * The Spark master, when one is configured (by spark-submit or aurora.spark.master, local[*] is no
   * service): a standalone master's port must answer, then a session starts and runs a tiny job on
   * generated numbers, which proves executors accept work.
   */
  Optional<CheckResult> spark() {
    String master = System.getProperty("spark.master");
    if (master == null) {
      master = config.find(ConfigKeys.SPARK_MASTER).orElse(null);
    }
    if (master == null || master.startsWith("local")) {
      return Optional.empty();
    }
    if (master.startsWith("spark://")) {
      for (String hostPort : master.substring("spark://".length()).split(",")) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 7077;
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
        } catch (IOException e) {
          return Optional.of(CheckResult.fail("spark", master + " unreachable", e));
        }
      }
    }
    String shownMaster = master;
    ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "aurora-doctor-spark");
      t.setDaemon(true);
      return t;
    });
    SparkSession spark = null;
    try {
      spark = SparkSessions.create("aurora-doctor", config);
      SparkSession session = spark;
      Future<Long> count = probe.submit(() -> session.range(0, 1000, 1, 2).count());
      long n = count.get(SPARK_PROBE_SECONDS, TimeUnit.SECONDS);
      int executors = Math.max(0, spark.sparkContext().getExecutorMemoryStatus().size() - 1);
      return Optional.of(n == 1000
          ? CheckResult.ok("spark", shownMaster + " ran a probe job (Spark " + spark.version() + ", " + executors + " executor(s))")
          : CheckResult.fail("spark", shownMaster + " probe job returned a wrong count"));
    } catch (TimeoutException e) {
      spark.sparkContext().cancelAllJobs();
      return Optional.of(CheckResult.fail("spark", shownMaster + ": no executor ran the probe job within " + SPARK_PROBE_SECONDS + "s"));
    } catch (Exception e) {
      return Optional.of(CheckResult.fail("spark", shownMaster + " failed", e));
    } finally {
      probe.shutdownNow();
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** A URL fit for output: no user-info, no query string, no JDBC-style settings (any may carry a password). */
  static String withoutCredentials(String url) {
    return ServiceUrls.withoutCredentials(url);
  }
}
