package io.aurora.config;

/** The configuration reference of the README, generated from {@link ConfigKeys} so the two cannot drift apart. */
public final class ConfigReference {
  private ConfigReference() {}

  /** A Markdown table: key, environment variable, default, meaning (secrets marked). */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | environment variable | default | meaning |\n");
    sb.append("|---|---|---|---|\n");
    for (ConfigKey key : ConfigKeys.all()) {
      sb.append("| `").append(key.name()).append("` | `").append(key.environmentVariable()).append("` | ")
          .append(key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`").append(" | ")
          .append(key.secret() ? "**secret** — " : "")
          .append(key.description().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  /** Prints the table: {@code java -cp ... io.aurora.config.ConfigReference}. */
  public static void main(String[] args) {
    System.out.print(markdownTable());
  }
}
