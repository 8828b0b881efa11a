package io.aurora.config;

import io.aurora.AuroraException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves {@link AuroraConfig} with the precedence of SPEC §2.4, highest first: command-line flags,
 * {@code --conf KEY=VALUE}, {@code spark.aurora.*} in the Spark conf, {@code AURORA_*} environment
 * variables, the config file, built-in defaults. Secrets are accepted only from the environment or
 * from a file named by a {@code *-file} key.
 */
public final class AuroraConfigLoader {
  private AuroraConfigLoader() {}

  public static AuroraConfig load(
      Map<String, String> flags,
      List<String> confPairs,
      Map<String, String> sparkConf,
      Map<String, String> environment,
      Path configFile) {
    Map<String, String> merged = new LinkedHashMap<>();
    // lowest first, each layer overriding the one before
    if (configFile != null) {
      merged.putAll(readFile(configFile));
    }
    for (ConfigKey key : ConfigKeys.all()) {
      String v = environment.get(key.environmentVariable());
      if (v != null) {
        merged.put(key.name(), v);
      }
    }
    sparkConf.forEach((k, v) -> {
      if (k.startsWith("spark.aurora.")) {
        merged.put(known(k.substring("spark.".length()), "Spark conf " + k), v);
      }
    });
    for (String pair : confPairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw AuroraException.badInput("--conf expects KEY=VALUE, got '" + pair + "'");
      }
      merged.put(known(pair.substring(0, eq).trim(), "--conf"), pair.substring(eq + 1));
    }
    flags.forEach((k, v) -> {
      if (v != null) {
        merged.put(known(k, "flag"), v);
      }
    });
    for (ConfigKey key : ConfigKeys.all()) {
      if (key.secret() && merged.containsKey(key.name()) && environment.get(key.environmentVariable()) == null) {
        throw AuroraException.badInput("secret '" + key.name() + "' may only come from the environment ("
            + key.environmentVariable() + ") or a password file, not from flags, --conf, Spark conf or the config file");
      }
    }
    return new AuroraConfig(merged);
  }

  private static String known(String key, String where) {
    if (ConfigKeys.find(key).isEmpty()) {
      throw AuroraException.badInput("unknown config key '" + key + "' in " + where);
    }
    return key;
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw AuroraException.badInput("cannot read config file " + file + ": " + e.getClass().getSimpleName());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(known(name, "config file " + file), p.getProperty(name));
    }
    return out;
  }
}
