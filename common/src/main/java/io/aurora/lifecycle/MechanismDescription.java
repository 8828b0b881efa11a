package io.aurora.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the mechanism a release recorded in the privacy ledger (a line of text) as a JSON
 * structure for privacy-report. Two forms are known:
 * <ul>
 *   <li>a profile run's budget ({@code ReleaseBudget.describe()}): the distribution, ε (and ρ, δ for
 *       Gaussian noise) and how the two release stages share it, after a JSON-lines key selection
 *       when there was one ({@code key_selection}: its row bound, ρ and δ);
 *   <li>the single-stage calibration of earlier releases: the distribution, its
 *       noise parameter per statistic, ε (and ρ, δ for Gaussian noise), the columns and the weighted
 *       sensitivity units;
 *   <li>mechanism families with release counts ({@code laplace:12,gaussian:2}).
 * </ul>
 * Anything else is kept whole under {@code description}, never split.
 */
public final class MechanismDescription {
  private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|Infinity";
  private static final Pattern CALIBRATION = Pattern.compile(
      "(?<family>[^,]+), discrete (?<distribution>Laplace|Gaussian) (?<parameter>scale|sigma) per count \\((?<statistics>[^)]*)\\), "
          + "(?:pure eps=(?<pure>" + NUMBER + ")|rho=(?<rho>" + NUMBER + ") zCDP -> \\(eps=(?<eps>" + NUMBER + "), delta=(?<delta>"
          + NUMBER + ")\\)) over (?<columns>\\d+) columns \\((?<units>" + NUMBER + ") weighted (?<norm>L1|L2\\^2) sensitivity units\\)");
  private static final Pattern STAGED = Pattern.compile(
      "(?<family>[^,]+), discrete (?<distribution>Laplace|Gaussian), (?:pure eps=(?<pure>" + NUMBER + ")|rho=(?<rho>" + NUMBER
          + ") zCDP -> \\(eps=(?<eps>" + NUMBER + "), delta=(?<delta>" + NUMBER + ")\\)) \\((?<stages>stage 1: .*)\\)");
  private static final Pattern KEY_SELECTION = Pattern.compile(
      "JSON keys by differentially private key selection \\(discrete Gaussian on key row counts, at most (?<keys>\\d+) keys per row, "
          + "rho=(?<rho>" + NUMBER + "), delta=(?<delta>" + NUMBER + ") spent outright\\) then (?<rest>.*)");
  private static final Pattern STAGE = Pattern.compile(
      "\\s*stage (?<stage>\\d+): (?<statistics>[^,;]+), (?<unit>eps|rho)=(?<amount>" + NUMBER + ")\\s*");
  private static final Pattern STATISTIC = Pattern.compile("\\s*([A-Za-z0-9_.-]+) (" + NUMBER + ")\\s*");
  private static final Pattern COUNTED = Pattern.compile("[A-Za-z0-9_.-]+:\\d+(?:,[A-Za-z0-9_.-]+:\\d+)*");

  private MechanismDescription() {}

  /** The structure of {@code description}. */
  public static ObjectNode parse(String description, ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    String text = description == null ? "" : description.strip();
    Matcher keys = KEY_SELECTION.matcher(text);
    if (keys.matches()) {
      Matcher stages = STAGED.matcher(keys.group("rest"));
      if (!stages.matches()) {
        return whole(node, text);
      }
      staged(node, keys.group("rest"), stages, mapper);
      if (node.has("description")) {
        return whole(node, text);
      }
      ObjectNode selection = node.putObject("key_selection");
      selection.put("distribution", "discrete_gaussian");
      selection.put("max_keys_per_row", Integer.parseInt(keys.group("keys")));
      selection.put("rho", Double.parseDouble(keys.group("rho")));
      selection.put("delta", Double.parseDouble(keys.group("delta")));
      return node;
    }
    Matcher staged = STAGED.matcher(text);
    if (staged.matches()) {
      return staged(node, text, staged, mapper);
    }
    Matcher m = CALIBRATION.matcher(text);
    if (m.matches()) {
      ObjectNode statistics = mapper.createObjectNode();
      for (String part : m.group("statistics").split(",")) {
        Matcher s = STATISTIC.matcher(part);
        if (!s.matches()) {
          return whole(node, text);
        }
        statistics.put(s.group(1), Double.parseDouble(s.group(2)));
      }
      boolean gaussian = m.group("distribution").equals("Gaussian");
      node.put("family", m.group("family").strip());
      node.put("distribution", gaussian ? "discrete_gaussian" : "discrete_laplace");
      node.put("noise_parameter", m.group("parameter"));
      node.set("noise_per_count", statistics);
      if (gaussian) {
        node.put("epsilon", Double.parseDouble(m.group("eps")));
        node.put("delta", Double.parseDouble(m.group("delta")));
        node.put("rho", Double.parseDouble(m.group("rho")));
      } else {
        node.put("epsilon", Double.parseDouble(m.group("pure")));
        node.put("delta", 0.0);
      }
      node.put("columns", Integer.parseInt(m.group("columns")));
      ObjectNode sensitivity = node.putObject("sensitivity");
      sensitivity.put("norm", m.group("norm").equals("L1") ? "l1" : "l2_squared");
      sensitivity.put("weighted_units", Double.parseDouble(m.group("units")));
      return node;
    }
    if (COUNTED.matcher(text).matches()) {
      ObjectNode counts = node.putObject("families");
      for (String part : text.split(",")) {
        int colon = part.lastIndexOf(':');
        String name = part.substring(0, colon).toLowerCase(Locale.ROOT);
        counts.put(name, counts.path(name).asInt(0) + Integer.parseInt(part.substring(colon + 1)));
      }
      return node;
    }
    return whole(node, text);
  }

  /**
   * The zCDP ρ of a release: the recorded ρ of Gaussian noise; for pure ε-DP noise ε²/2, the ρ that
   * ε-DP implies (Bun, Steinke 2016, Prop. 1.4); empty when the description does not say.
   */
  public static OptionalDouble rho(ObjectNode parsed, double epsilon, double delta) {
    if (parsed.has("rho")) {
      return OptionalDouble.of(parsed.get("rho").asDouble());
    }
    if ("discrete_laplace".equals(parsed.path("distribution").asText()) || (delta == 0 && !parsed.has("description"))) {
      return OptionalDouble.of(epsilon * epsilon / 2);
    }
    return OptionalDouble.empty();
  }

  private static ObjectNode staged(ObjectNode node, String text, Matcher m, ObjectMapper mapper) {
    boolean gaussian = m.group("distribution").equals("Gaussian");
    node.put("family", m.group("family").strip());
    node.put("distribution", gaussian ? "discrete_gaussian" : "discrete_laplace");
    if (gaussian) {
      node.put("epsilon", Double.parseDouble(m.group("eps")));
      node.put("delta", Double.parseDouble(m.group("delta")));
      node.put("rho", Double.parseDouble(m.group("rho")));
    } else {
      node.put("epsilon", Double.parseDouble(m.group("pure")));
      node.put("delta", 0.0);
    }
    var stages = node.putArray("stages");
    for (String part : m.group("stages").split(";")) {
      Matcher s = STAGE.matcher(part);
      if (!s.matches()) {
        return whole(node, text);
      }
      ObjectNode stage = mapper.createObjectNode();
      stage.put("stage", Integer.parseInt(s.group("stage")));
      stage.put("statistics", s.group("statistics").strip());
      stage.put(s.group("unit").equals("eps") ? "epsilon" : "rho", Double.parseDouble(s.group("amount")));
      stages.add(stage);
    }
    return node;
  }

  private static ObjectNode whole(ObjectNode node, String text) {
    node.removeAll();
    node.put("description", text);
    return node;
  }
}
