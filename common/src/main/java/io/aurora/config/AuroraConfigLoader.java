package io.aurora.config;

import io.aurora.AuroraException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@link AuroraConfig} with the precedence of SPEC §2.4, highest first: command-line flags,
 * {@code --conf KEY=VALUE}, {@code spark.aurora.*} in the Spark conf, {@code AURORA_*} environment
 * variables, the config file, built-in defaults. Secrets are accepted only from the environment or
 * from the file named by their {@code <key>-file} companion key (e.g. {@code aurora.postgres.password-file}),
 * and never inside a service URL ({@link ServiceUrls}).
 */
public final class AuroraConfigLoader {
  /** Suffix of the key naming a file that holds a secret. */
  public static final String SECRET_FILE_SUFFIX = "-file";

  // Source ranks, higher wins.
  private static final int FILE = 1;
  private static final int ENVIRONMENT = 2;
  private static final int SPARK_CONF = 3;
  private static final int CONF = 4;
  private static final int FLAG = 5;

  private AuroraConfigLoader() {}

  public static AuroraConfig load(
      Map<String, String> flags,
      List<String> confPairs,
      Map<String, String> sparkConf,
      Map<String, String> environment,
      Path configFile) {
    Map<String, String> merged = new LinkedHashMap<>();
    Map<String, Integer> rank = new HashMap<>();
    // lowest first, each layer overriding the one before
    if (configFile != null) {
      readFile(configFile).forEach((k, v) -> put(merged, rank, k, v, FILE, "config file " + configFile));
    }
    for (ConfigKey key : ConfigKeys.all()) {
      String v = environment.get(key.environmentVariable());
      if (v != null) {
        put(merged, rank, key.name(), v, ENVIRONMENT, "environment");
      }
    }
    sparkConf.forEach((k, v) -> {
      if (k.startsWith("spark.aurora.")) {
        put(merged, rank, known(k.substring("spark.".length()), "Spark conf " + k), v, SPARK_CONF, "Spark conf " + k);
      }
    });
    for (String pair : confPairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw AuroraException.badInput("--conf expects KEY=VALUE, got '" + keyOnly(pair) + "'");
      }
      put(merged, rank, known(pair.substring(0, eq).trim(), "--conf"), pair.substring(eq + 1), CONF, "--conf");
    }
    flags.forEach((k, v) -> {
      if (v != null) {
        put(merged, rank, known(k, "flag"), v, FLAG, "flag");
      }
    });
    readSecretFiles(merged, rank);
    ServiceUrls.check(merged);
    return new AuroraConfig(merged);
  }

  private static void put(Map<String, String> merged, Map<String, Integer> rank, String key, String value, int source, String where) {
    ConfigKey known = ConfigKeys.find(known(key, where)).orElseThrow();
    if (known.secret() && source != ENVIRONMENT) {
      // never echo the value: it is a secret put where it does not belong
      throw AuroraException.badInput("secret '" + key + "' may only come from the environment ("
          + known.environmentVariable() + ") or from a file named by '" + key + SECRET_FILE_SUFFIX
          + "', not from the " + where);
    }
    merged.put(key, value);
    rank.put(key, source);
  }

  /** A secret named by {@code <key>-file} replaces a lower-ranked (environment) value of the secret. */
  private static void readSecretFiles(Map<String, String> merged, Map<String, Integer> rank) {
    for (ConfigKey key : ConfigKeys.all()) {
      if (!key.secret()) {
        continue;
      }
      String fileKey = key.name() + SECRET_FILE_SUFFIX;
      String file = merged.get(fileKey);
      if (file == null || file.isBlank()) {
        continue;
      }
      if (rank.getOrDefault(key.name(), 0) > rank.get(fileKey)) {
        continue;
      }
      merged.put(key.name(), readSecret(fileKey, Path.of(file.trim())));
      rank.put(key.name(), rank.get(fileKey));
    }
  }

  private static String readSecret(String fileKey, Path file) {
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw AuroraException.badInput("cannot read the secret file " + file + " named by '" + fileKey + "': "
          + e.getClass().getSimpleName());
    }
    if (secret.isEmpty()) {
      throw AuroraException.badInput("the secret file " + file + " named by '" + fileKey + "' is empty");
    }
    return secret;
  }

  private static String keyOnly(String pair) {
    // a malformed --conf may still hold a secret: show at most what looks like a key
    return pair.length() > 64 ? pair.substring(0, 64) + "…" : pair;
  }

  private static String known(String key, String where) {
    if (ConfigKeys.find(key).isEmpty()) {
      throw AuroraException.badInput("unknown config key '" + key + "' in " + where);
    }
    return key;
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    if (!Files.isRegularFile(file)) {
      throw AuroraException.badInput("cannot read config file " + file + ": no such file");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw AuroraException.badInput("cannot read config file " + file + ": " + e.getClass().getSimpleName());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(known(name, "config file " + file), p.getProperty(name).strip());
    }
    return out;
  }
}
