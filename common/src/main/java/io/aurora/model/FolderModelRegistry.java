package io.aurora.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import io.aurora.Identifiers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * The embedded model registry: a folder under the warehouse ({@code <warehouse>/_models}) with the
 * same semantics as MLflow's tracking and registry. Layout:
 *
 * <pre>
 * _models/experiments/&lt;experiment&gt;/&lt;run id&gt;/run.json         params, metrics, tags, status
 * _models/experiments/&lt;experiment&gt;/&lt;run id&gt;/artifacts/...     what the run logged
 * _models/registry/&lt;model&gt;/versions/&lt;n&gt;/version.json           run id, artifact source, tags
 * _models/registry/&lt;model&gt;/aliases/&lt;alias&gt;.json               {"version": "n"}
 * </pre>
 *
 * A version number is claimed by creating its {@code version.json} only if absent, so two retrains
 * never get the same one; an alias moves by writing a new file and renaming it over the old one
 * (atomic on local disks and HDFS), so a reader sees the old or the new version, never neither.
 */
public final class FolderModelRegistry implements ModelRegistry {
  /** The registry folder's name under the warehouse root. */
  public static final String FOLDER = "_models";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String root;
  private final ArtifactFiles files;

  public FolderModelRegistry(String warehouse, Configuration hadoop) {
    requireNonNull(warehouse, "warehouse is null");
    this.root = ArtifactFiles.child(warehouse, FOLDER);
    this.files = new ArtifactFiles(hadoop);
  }

  @Override
  public String describe() {
    return "registry folder " + root;
  }

  @Override
  public TrainingRun startRun(String experiment, String runName, Map<String, String> tags) {
    Identifiers.require("experiment", experiment);
    String id = UUID.randomUUID().toString().replace("-", "");
    String dir = ArtifactFiles.child(root, "experiments/" + experiment + "/" + id);
    RunFile run = new RunFile(id, experiment, runName, "RUNNING", System.currentTimeMillis(), null,
        new TreeMap<>(), new TreeMap<>(), new TreeMap<>(tags));
    FolderRun handle = new FolderRun(dir, run);
    handle.save();
    return handle;
  }

  @Override
  public ModelVersion register(String name, TrainingRun run, String artifactPath, String description, Map<String, String> tags) {
    Identifiers.require("model name", name);
    if (!(run instanceof FolderRun folderRun)) {
      throw new IllegalArgumentException("a run of another registry");
    }
    String source = ArtifactFiles.child(folderRun.dir, "artifacts/" + artifactPath);
    if (!files.exists(source)) {
      throw new IllegalStateException("run " + run.id() + " has no artifact " + artifactPath);
    }
    Map<String, String> allTags = new TreeMap<>(tags);
    if (description != null) {
      allTags.putIfAbsent("description", description);
    }
    for (int n = nextVersion(name); ; n++) {
      ModelVersion v = new ModelVersion(name, Integer.toString(n), run.id(), source, allTags, System.currentTimeMillis());
      if (files.create(versionFile(name, v.version()), bytes(v))) {
        return v;
      }
    }
  }

  private int nextVersion(String name) {
    return versions(name).stream().mapToInt(v -> Integer.parseInt(v.version())).max().orElse(0) + 1;
  }

  @Override
  public List<ModelVersion> versions(String name) {
    Identifiers.require("model name", name);
    List<ModelVersion> out = new ArrayList<>();
    for (String n : files.list(ArtifactFiles.child(root, "registry/" + name + "/versions"))) {
      if (n.chars().allMatch(Character::isDigit)) {
        version(name, n).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparingInt(v -> Integer.parseInt(v.version())));
    return out;
  }

  @Override
  public Optional<ModelVersion> version(String name, String version) {
    Identifiers.require("model name", name);
    byte[] b = files.read(versionFile(name, version));
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(b, ModelVersion.class));
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "unreadable " + versionFile(name, version), e);
    }
  }

  @Override
  public Optional<ModelVersion> alias(String name, String alias) {
    Identifiers.require("model name", name);
    Identifiers.require("alias", alias);
    byte[] b = files.read(aliasFile(name, alias));
    if (b == null) {
      return Optional.empty();
    }
    try {
      Map<String, String> pointer = JSON.readValue(b, new TypeReference<Map<String, String>>() {});
      return version(name, pointer.get("version"));
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "unreadable " + aliasFile(name, alias), e);
    }
  }

  @Override
  public void setAlias(String name, String alias, String version) {
    Identifiers.require("alias", alias);
    if (version(name, version).isEmpty()) {
      throw new IllegalArgumentException("model " + name + " has no version " + version);
    }
    Map<String, String> pointer = new LinkedHashMap<>();
    pointer.put("version", version);
    pointer.put("set_at_ms", Long.toString(System.currentTimeMillis()));
    try {
      files.replace(aliasFile(name, alias), JSON.writeValueAsBytes(pointer));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Path download(ModelVersion version, Path into) {
    return files.download(version.source(), into);
  }

  @Override
  public void close() {}

  private String versionFile(String name, String version) {
    if (!version.chars().allMatch(Character::isDigit) || version.isEmpty()) {
      throw new IllegalArgumentException("a version is a number: " + version);
    }
    return ArtifactFiles.child(root, "registry/" + name + "/versions/" + version + "/version.json");
  }

  private String aliasFile(String name, String alias) {
    return ArtifactFiles.child(root, "registry/" + name + "/aliases/" + alias + ".json");
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@code run.json} holds. */
  record RunFile(String runId, String experiment, String name, String status, long startMs, Long endMs,
      Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags) {}

  private final class FolderRun implements TrainingRun {
    private final String dir;
    private RunFile run;

    FolderRun(String dir, RunFile run) {
      this.dir = dir;
      this.run = run;
    }

    @Override
    public String id() {
      return run.runId();
    }

    void save() {
      files.write(ArtifactFiles.child(dir, "run.json"), bytes(run));
    }

    @Override
    public void logParams(Map<String, String> params) {
      Map<String, String> all = new TreeMap<>(run.params());
      all.putAll(params);
      run = new RunFile(run.runId(), run.experiment(), run.name(), run.status(), run.startMs(), run.endMs(), all,
          run.metrics(), run.tags());
      save();
    }

    @Override
    public void logMetrics(Map<String, Double> metrics) {
      Map<String, Double> all = new TreeMap<>(run.metrics());
      all.putAll(metrics);
      run = new RunFile(run.runId(), run.experiment(), run.name(), run.status(), run.startMs(), run.endMs(),
          run.params(), all, run.tags());
      save();
    }

    @Override
    public void setTags(Map<String, String> tags) {
      Map<String, String> all = new TreeMap<>(run.tags());
      all.putAll(tags);
      run = new RunFile(run.runId(), run.experiment(), run.name(), run.status(), run.startMs(), run.endMs(),
          run.params(), run.metrics(), all);
      save();
    }

    @Override
    public void logArtifact(String path, byte[] content) {
      files.write(ArtifactFiles.child(dir, "artifacts/" + path), content);
    }

    @Override
    public void logArtifacts(String path, Path local) {
      files.upload(local, ArtifactFiles.child(dir, "artifacts/" + path));
    }

    @Override
    public void finish(boolean succeeded) {
      run = new RunFile(run.runId(), run.experiment(), run.name(), succeeded ? "FINISHED" : "FAILED", run.startMs(),
          System.currentTimeMillis(), run.params(), run.metrics(), run.tags());
      save();
    }
  }
}
