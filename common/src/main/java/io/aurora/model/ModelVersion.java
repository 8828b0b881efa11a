package io.aurora.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One registered version of a model: its registry name and version number, the training run that
 * produced it, where its artifact is ({@code source}, a URI the registry's artifact store reads) and
 * its tags (training window, tenants whose feedback it used, AURORA's git commit, the model kind).
 */
public record ModelVersion(String name, String version, String runId, String source, Map<String, String> tags,
    long createdAtMillis) {
  public ModelVersion {
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(source, "source is null");
    tags = Map.copyOf(requireNonNull(tags, "tags is null"));
  }

  /** "name v3": how logs, explanations and messages name a version. */
  public String label() {
    return name + " v" + version;
  }
}
