package io.aurora.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.AuroraException;
import io.aurora.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds the model {@code recommend} serves, once per job: the registry's champion, copied into the warehouse
 * ({@code <warehouse>/_models/cache/<model>/}) when the registry is a remote MLflow. When MLflow is
 * unreachable the last champion cached there answers, with a warning; without one, nothing does and
 * the expert rules answer. A model that cannot be served (made for other features) is skipped with a
 * warning too: serving never fails a job.
 */
public final class Champions {
  private static final Logger LOG = LogManager.getLogger(Champions.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String warehouse;
  private final ArtifactFiles files;

  public Champions(String warehouse, Configuration hadoop) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.files = new ArtifactFiles(hadoop);
  }

  /** A model ready to serve and where it came from ("registry" or "warehouse cache"). */
  public record Loaded(ModelVersion version, ServingModel model, String origin) {}

  /**
   * The champion of {@code name}. {@code registry} opens the registry (it may throw exit code 4 when
   * MLflow is unreachable); {@code cached} says whether to keep a copy in the warehouse (true for
   * MLflow, false for the registry folder, which is in the warehouse already).
   */
  public Optional<Loaded> load(Supplier<ModelRegistry> registry, boolean cached, String name) {
    ModelVersion champion;
    Path tmp = null;
    try (ModelRegistry r = registry.get()) {
      Optional<ModelVersion> c = r.alias(name, ModelRegistry.CHAMPION);
      if (c.isEmpty()) {
        LOG.info("model {} has no champion in {}: expert rules answer", name, r.describe());
        return Optional.empty();
      }
      champion = c.get();
      if (cached) {
        Optional<Loaded> hit = fromCache(name).filter(l -> l.version().version().equals(champion.version())
            && l.version().source().equals(champion.source()));
        if (hit.isPresent()) {
          return Optional.of(new Loaded(champion, hit.get().model(), "registry (warehouse copy)"));
        }
      }
      tmp = Files.createTempDirectory("aurora-champion");
      Path dir = r.download(champion, tmp.resolve("model"));
      ServingModel model = ModelArtifact.load(dir);
      if (cached) {
        store(name, champion, dir);
      }
      LOG.info("serving {} ({}) from {}", champion.label(), model.kind(), r.describe());
      return Optional.of(new Loaded(champion, model, "registry"));
    } catch (AuroraException e) {
      if (e.exitCode() != ExitCode.SERVICE_UNAVAILABLE) {
        throw e;
      }
      Optional<Loaded> last = fromCache(name);
      if (last.isPresent()) {
        LOG.warn("{}; serving the last champion cached in the warehouse, {}", e.getMessage(), last.get().version().label());
        return Optional.of(new Loaded(last.get().version(), last.get().model(), "warehouse cache"));
      }
      LOG.warn("{} and no champion of {} is cached in the warehouse: expert rules answer", e.getMessage(), name);
      return Optional.empty();
    } catch (IllegalStateException e) {
      LOG.warn("the champion of {} cannot be served ({}): expert rules answer", name, e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      throw new AuroraException(ExitCode.FAILURE, "cannot prepare the champion of " + name + ": " + e.getClass().getSimpleName(), e);
    } finally {
      if (tmp != null) {
        try {
          ArtifactFiles.deleteTree(tmp);
        } catch (IOException ignored) {
          // a temporary folder
        }
      }
    }
  }

  private String cacheDir(String name) {
    return ArtifactFiles.child(warehouse, FolderModelRegistry.FOLDER + "/cache/" + name);
  }

  /** Copies the served files of {@code version} into the warehouse, then points the cache at them (atomic replace). */
  void store(String name, ModelVersion version, Path dir) {
    String target = ArtifactFiles.child(cacheDir(name), "v" + version.version());
    for (String f : new String[] {ModelArtifact.MANIFEST, ModelArtifact.XGBOOST, ModelArtifact.MLLIB}) {
      Path p = dir.resolve(f);
      if (Files.isRegularFile(p)) {
        try {
          files.write(ArtifactFiles.child(target, f), Files.readAllBytes(p));
        } catch (IOException e) {
          throw new AuroraException(ExitCode.FAILURE, "cannot cache the champion: " + e.getClass().getSimpleName(), e);
        }
      }
    }
    try {
      files.replace(ArtifactFiles.child(cacheDir(name), "champion.json"), JSON.writeValueAsBytes(version));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The champion last cached in the warehouse, if any can be served. */
  Optional<Loaded> fromCache(String name) {
    byte[] pointer = files.read(ArtifactFiles.child(cacheDir(name), "champion.json"));
    if (pointer == null) {
      return Optional.empty();
    }
    Path tmp = null;
    try {
      ModelVersion v = JSON.readValue(pointer, ModelVersion.class);
      tmp = Files.createTempDirectory("aurora-cached-champion");
      Path dir = files.download(ArtifactFiles.child(cacheDir(name), "v" + v.version()), tmp.resolve("model"));
      return Optional.of(new Loaded(v, ModelArtifact.load(dir), "warehouse cache"));
    } catch (IOException | IllegalStateException | AuroraException e) {
      LOG.warn("the champion cached for {} cannot be served: {}", name, e.getClass().getSimpleName());
      return Optional.empty();
    } finally {
      if (tmp != null) {
        try {
          ArtifactFiles.deleteTree(tmp);
        } catch (IOException ignored) {
          // a temporary folder
        }
      }
    }
  }

}
