package io.aurora.metrics;

import static java.util.Objects.requireNonNull;

import io.aurora.Identifiers;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One gauge sample of a job's batch metrics: a Prometheus metric name, labels whose values are
 * validated identifiers (a status, a source, a dataset id — never a data value) and a number.
 */
public record MetricSample(String name, SortedMap<String, String> labels, Number value) {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public MetricSample {
    name = metricName(requireNonNull(name, "name is null"));
    requireNonNull(labels, "labels is null");
    SortedMap<String, String> checked = new TreeMap<>();
    labels.forEach((label, v) -> checked.put(labelName(label), Identifiers.require("label " + label, v)));
    labels = java.util.Collections.unmodifiableSortedMap(checked);
    requireNonNull(value, "value of " + name + " is null");
  }

  /** A sample without labels. */
  public static MetricSample of(String name, Number value) {
    return new MetricSample(name, new TreeMap<>(), value);
  }

  /** A sample with {@code labels}. */
  public static MetricSample of(String name, Map<String, String> labels, Number value) {
    return new MetricSample(name, new TreeMap<>(labels), value);
  }

  /** Returns {@code name} when it is a Prometheus metric name, else throws naming it. */
  static String metricName(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Prometheus metric name: " + name);
    }
    return name;
  }

  /** Returns {@code name} when it is a Prometheus label name (no reserved {@code __} prefix), else throws. */
  static String labelName(String name) {
    if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException("not a Prometheus label name: " + name);
    }
    return name;
  }
}
