package dev.lrsweep.exec;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints at the forks of a shared plan, in {@code OUT/checkpoints/forks/<first member
 * id>/epoch-<until>.ckpt}: written (to a temporary name, then moved) when a shared node finishes,
 * deleted once every trial below it has its result, so a driver that dies in between resumes from
 * the deepest fork left instead of training it or any node above it again. A file is named by the node's first member in
 * plan order (every member, finished or not), which does not change from run to run of one plan.
 */
public final class ForkStore {
  /** The directory under OUT. */
  public static final String DIR = "checkpoints/forks";

  private static final Logger LOG = LoggerFactory.getLogger(ForkStore.class);

  private final OutputDir out;

  public ForkStore(OutputDir out) {
    this.out = out;
  }

  /** The file of a node's checkpoint, relative to OUT. */
  static String name(Node node) {
    return DIR + "/" + node.members().get(0).trialId() + "/epoch-" + node.until() + ".ckpt";
  }

  /**
   * A checkpoint left by an earlier run for this node: its bytes and the trial that trained it, if
   * the file is there and its header fits the node (epoch, a member's seed); else empty (a file
   * that does not fit is deleted).
   */
  public Optional<Stored> find(Node node) throws IOException {
    Path file = out.resolve(name(node));
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      Checkpoint.Header h = Checkpoint.headerOf(bytes);
      boolean member = node.members().stream().anyMatch(t -> t.trialId().equals(h.trialId()));
      if (h.epoch() == node.until() && h.seed() == node.runAs().seed() && member) {
        return Optional.of(new Stored(bytes, h.trialId()));
      }
      LOG.warn("{} does not fit segment {} (trial {}, seed {}, epoch {}); training it again", file, node.key(),
          h.trialId(), h.seed(), h.epoch());
    } catch (IllegalArgumentException e) {
      LOG.warn("{} is unreadable ({}); training segment {} again", file, e.getMessage(), node.key());
    }
    Files.deleteIfExists(file);
    return Optional.empty();
  }

  /** Keeps a node's checkpoint until {@link #delete}. */
  public void write(Node node, byte[] checkpoint) throws IOException {
    Path file = out.resolve(name(node));
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, checkpoint);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a node's checkpoint, and its directory once empty. */
  public void delete(Node node) throws IOException {
    Path file = out.resolve(name(node));
    Files.deleteIfExists(file);
    Path dir = file.getParent();
    if (Files.isDirectory(dir)) {
      try (var list = Files.list(dir)) {
        if (list.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    }
  }

  /** A fork checkpoint found on disk and the trial that trained it. */
  public record Stored(byte[] bytes, String trainedBy) {}
}
